// The attachment rules an upload is checked against: a channel's outbound rules (from its
// manifest), or any channel's when the upload names none.
import { and, eq } from 'drizzle-orm';
import { getManifest } from '../../connectors/manifests';
import type { Db } from '../db/open-database';
import { channels } from '../db/schema';
import { ParleyError } from '../errors';
import type { AttachmentRules } from '../../connectors/manifest';
import { ANY_CHANNEL } from './attachment-rules';

/** Throws 404 `channel_not_found` for a channel id not in this account. */
export function uploadRulesFor(db: Db, accountId: string, channelId: string | null): AttachmentRules {
  if (!channelId) return ANY_CHANNEL;
  const channel = db.select({ type: channels.type }).from(channels).where(and(eq(channels.id, channelId), eq(channels.accountId, accountId))).get();
  if (!channel) throw new ParleyError(404, 'channel_not_found', `No channel with id ${channelId} in this account.`);
  return getManifest(channel.type)?.capabilities.attachments ?? ANY_CHANNEL;
}
