// The offline form: while nobody can answer the chat, a visitor leaves their name, email and a
// message. It becomes a web chat case like any message (the visitor sees it in their thread), the
// contact gets the name and email, and the case is tagged `offline-form` so the inbox shows it was
// left offline and is to be answered by email.
import type { InboundEvent } from '../../connectors/connector';
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
