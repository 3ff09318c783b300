// The offline form: while nobody can answer the chat, a visitor leaves their name, email and a
// message. When the site names an email channel for offline messages, the message starts an email
// thread there (the agent's reply is a mail to the visitor); otherwise it becomes a web chat case
// like any message (the visitor sees the answer in their thread). Either way the contact gets the
// name and email and the case is tagged `offline-form`.
import type { InboundEvent } from '../../connectors/connector';
import type { ChannelStore } from '../channels/channel-store';
import { rememberThread } from '../email/email-threads';
import { ParleyError } from '../errors';
import type { SiteSettings } from '../../model/website/site-settings';
import { updateRouting } from '../cases/case-commands';
import { getCaseRow } from '../cases/case-queries';
import type { Db } from '../db/open-database';
import type { IngestChannel, IngestResult } from '../ingest/ingest-events';
import { adoptVisitorThread } from './visitor-conversation';

export const OFFLINE_FORM_TAG = 'offline-form';

export interface OfflineMessage {
  visitorId: string;
  /** The visitor's key on the channel (a signed-in visitor's user, else the visitor id). */
  who: string;
  clientMessageId: string;
  name?: string;
  email: string;
  message: string;
}

export function leaveOfflineMessage(
  db: Db, ingest: (channel: IngestChannel, events: InboundEvent[]) => IngestResult, channel: Required<IngestChannel>, m: OfflineMessage, now = Date.now(),
): { caseId: string | null; duplicate: boolean } {
  const event: InboundEvent = {
    kind: 'message', eventId: `wc_${m.visitorId}_${m.clientMessageId}`, providerMessageId: m.clientMessageId, threadId: m.who,
    sender: { externalId: m.who, ...(m.name ? { name: m.name } : {}) }, text: m.message, attachments: [], occurredAt: now,
    raw: { type: 'offline_form', clientMessageId: m.clientMessageId, text: m.message, email: m.email },
  };
  const result = ingest(channel, [event]);
  const caseId = result.caseIds[0];
  if (!caseId) return { caseId: null, duplicate: result.duplicates > 0 };
  adoptVisitorThread(db, channel.id, m.visitorId, { externalId: m.who, name: m.name, email: m.email }, now);
  const row = getCaseRow(db, channel.accountId, caseId);
  updateRouting(db, row, { tags: [...row.tags, OFFLINE_FORM_TAG] }, { actorId: 'customer', detail: { via: 'offline form', email: m.email } });
  return { caseId, duplicate: false };
}

/** A site's email channel for offline messages must be one of the account's email channels. */
export function checkOfflineReplyChannel(channels: ChannelStore, accountId: string, settings: SiteSettings): void {
  const id = settings.offlineReplyChannelId;
  if (!id) return;
  let type: string | undefined;
  try { type = channels.get(accountId, id).type; } catch { type = undefined; }
  if (type !== 'email') {
    throw new ParleyError(422, 'validation_failed', 'offlineReplyChannelId must be one of your email channels.', [{ path: 'offlineReplyChannelId', message: 'Not an email channel of this account' }]);
  }
}

const OFFLINE_SUBJECT = { es: (site: string) => `Tu mensaje en ${site}`, en: (site: string) => `Your message on ${site}` };

/** The offline message as the first mail of an email thread on the site's email channel. */
export function leaveOfflineMessageByEmail(
  db: Db, ingest: (channel: IngestChannel, events: InboundEvent[]) => IngestResult, channel: Required<IngestChannel>,
  site: { id: string; name: string; language: 'es' | 'en' }, m: OfflineMessage, now = Date.now(),
): { caseId: string | null; duplicate: boolean } {
  // The thread is named like a Message-ID, so the reply's In-Reply-To points at the visitor's message.
  const threadId = `<offline-${m.visitorId}-${m.clientMessageId}@parley.invalid>`;
  rememberThread(db, channel.id, threadId, OFFLINE_SUBJECT[site.language](site.name), now);
  const result = ingest(channel, [{
    kind: 'message', eventId: `offline:${m.visitorId}:${m.clientMessageId}`, providerMessageId: threadId, threadId,
    sender: { externalId: m.email.toLowerCase(), ...(m.name ? { name: m.name } : {}) }, text: m.message, attachments: [], occurredAt: now,
    raw: { type: 'offline_form', siteId: site.id, visitorId: m.visitorId },
  }]);
  const caseId = result.caseIds[0];
  if (!caseId) return { caseId: null, duplicate: result.duplicates > 0 };
  const row = getCaseRow(db, channel.accountId, caseId);
  updateRouting(db, row, { tags: [...row.tags, OFFLINE_FORM_TAG] }, { actorId: 'customer', detail: { via: 'offline form', site: site.name, email: m.email } });
  return { caseId, duplicate: false };
}
