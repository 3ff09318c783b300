// The stored files an outbound message carries, with a public link each, for the connectors whose
// provider fetches media from a URL (OutboundMessage.context.publicMedia, read by
// connectors/shared/public-media.ts). Built when the message is sent, so every attempt signs a
// fresh link that lives PUBLIC_MEDIA_LINK_TTL_MS from then.
import { dirname, join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { PublicMediaContext, PublicMediaFile } from '../../connectors/shared/public-media';
import type { Db } from '../db/open-database';
import { attachments, messages } from '../db/schema';
import { attachmentsDir, storedFileOf } from './attachment-store';
import type { UnstoredMessage } from './unstored-message';
import { isPublicBaseUrl, mediaLinkKey, publicMediaUrl } from './public-media-link';

const STORED = /\/api\/v1\/attachments\/file_[a-z0-9]+(?:[?#].*)?$/;

/** URL fields of the content that point at a stored file (an attachment block, an image). */
function storedUrlsIn(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) storedUrlsIn(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && /^(url|\w+Url)$/.test(k) && STORED.test(v)) into.add(v);
      else storedUrlsIn(v, into);
    }
  }
}

/**
 * `unstored`: a message with no row in `messages` (a campaign send, engine/outreach/campaign-outbound.ts):
 * its account and its attachments, instead of the stored ones.
 */
export function publicMediaContext(db: Db, messageId: string, content: unknown, publicUrl: string, now = Date.now(), unstored?: UnstoredMessage): PublicMediaContext {
  const message = unstored ?? db.select({ accountId: messages.accountId }).from(messages).where(eq(messages.id, messageId)).get();
  if (!message) return { files: {} };
  const urls = new Set<string>();
  const carried = unstored?.attachments ?? db.select({ url: attachments.url }).from(attachments).where(eq(attachments.messageId, messageId)).all();
  for (const a of carried) if (a.url) urls.add(a.url);
  storedUrlsIn(content, urls);
  const reachable = isPublicBaseUrl(publicUrl);
  const dir = attachmentsDir(db);
  const files: Record<string, PublicMediaFile> = {};
  for (const url of urls) {
    const file = storedFileOf(db, message.accountId, url);
    if (!file) continue;
    files[url] = {
      ...(reachable ? { link: publicMediaUrl(publicUrl, mediaLinkKey(dirname(db.$client.name)), file, now) } : {}),
      mime: file.mime, name: file.name, size: file.size, path: join(dir, file.path),
    };
  }
  return reachable || Object.keys(files).length === 0 ? { files } : {
    files,
    unreachable: `PARLEY_PUBLIC_URL is not set (Parley's address is ${publicUrl}, which the provider cannot reach). `
      + 'Set PARLEY_PUBLIC_URL to the https address Parley is reached at from the internet, restart Parley and send the file again.',
  };
}
