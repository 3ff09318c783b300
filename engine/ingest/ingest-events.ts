// The durable half of the ingest path: one synchronous SQLite transaction per webhook that
// de-duplicates provider events, upserts the contact, finds or opens the case, stores the message
// and enqueues a dispatch record for the case workflow, plus the events rules react to (case
// created, message created, answer received, delivery failed). Once it commits, the webhook is acknowledged.
import { and, eq, or } from 'drizzle-orm';
import type { InboundEvent } from '../../connectors/connector';
import type { Db } from '../db/open-database';
import { messages } from '../db/schema';
import { recordCaseRuleEvent, recordMessageRuleEvent } from '../rules/events/record-event';
import { readCaseContext } from '../rules/events/snapshots';
import type { MessageSnapshot } from '../../model/rules/event';
import { ingestStatements } from './ingest-statements';
import { answerTitle, matchAnswer } from './match-answer';
import { customerLocale } from '../contacts/customer-locale';
import { isSurveyQuestion, storeSurveyAnswer } from './survey-answer';
import { newId } from '../ids';
import { applyCampaignReceipt, onInboundMessage } from '../outreach/inbound-hook';
import { rememberInbound } from '../channels/inbound-memory';
import { applyFileConsentAnswer } from '../teams/file-consents';
import { canonicalLocale } from '../../model/i18n/locale-tag';

export interface IngestChannel {
  id: string;
  accountId: string;
  /** Channel type: picks the answer parser that maps typed/tapped answers to options. */
  type?: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  /** Cases that received a message, in order. */
  caseIds: string[];
  messageIds: string[];
}

type MessageEvent = Extract<InboundEvent, { kind: 'message' | 'postback' }>;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const DELIVERY_RANK = { received: 0, queued: 0, sent: 1, delivered: 2, read: 3, failed: 1 } as const;

export function ingestEvents(db: Db, channel: IngestChannel, events: InboundEvent[], now = Date.now()): IngestResult {
  const result: IngestResult = { accepted: 0, duplicates: 0, caseIds: [], messageIds: [] };
  const q = ingestStatements(db);
  db.transaction((tx) => {
    for (const event of events) {
      const claimed = q.claimEvent.get({ accountId: channel.accountId, channelId: channel.id, eventId: event.eventId, kind: event.kind, now });
      if (!claimed) {
        result.duplicates++;
        continue;
      }
      result.accepted++;
      if (event.kind === 'fileConsent') {
        applyFileConsentAnswer(db, channel, event, now); // Teams: a file accepted (upload queued) or declined
        continue;
      }
      if (event.kind === 'receipt') {
        applyReceipt(tx, channel, event, now);
        applyCampaignReceipt(db, channel, event, now); // outreach: delivered / read / failed of a campaign message
        continue;
      }
      const { caseId, messageId } = storeMessage(db, channel, event, now);
      q.linkEvent.run({ caseId, messageId, id: claimed.id });
      result.caseIds.push(caseId);
      result.messageIds.push(messageId);
    }
  });
  return result;
}

function findOrCreateContact(db: Db, channel: IngestChannel, sender: MessageEvent['sender'], now: number): string {
  const q = ingestStatements(db);
  const key = { channelId: channel.id, externalId: sender.externalId };
  const identity = q.findIdentity.get(key);
  const language = canonicalLocale(sender.language);
  if (identity) {
    if (sender.name && sender.name !== identity.name) q.renameIdentity.run({ ...key, name: sender.name });
    if (language) q.fillContactLanguage.run({ contactId: identity.contactId, language, now });
    return identity.contactId;
  }
  const contactId = newId('ct', now);
  q.insertContact.run({ id: contactId, accountId: channel.accountId, name: sender.name ?? null, language, now });
  q.insertIdentity.run({ id: newId('ci', now), accountId: channel.accountId, contactId, ...key, name: sender.name ?? null, now });
  return contactId;
}

/**
 * The open case for this contact and thread; a closed case is final, so a new one is opened.
 * Call inside a transaction (the ingest one, or the dispatcher's re-route).
 */
export function findOrOpenCase(db: Db, channel: IngestChannel, contactId: string, threadId: string, now: number): string {
  return openCaseFor(db, channel, contactId, threadId, now).caseId;
}

/** Like findOrOpenCase, and says whether the case was opened just now (rules react to `case.created`). */
export function openCaseFor(db: Db, channel: IngestChannel, contactId: string, threadId: string, now: number): { caseId: string; created: boolean } {
  const q = ingestStatements(db);
  const open = q.findOpenCase.get({ channelId: channel.id, contactId, threadId });
  if (open) return { caseId: open.id, created: false };
  const caseId = newId('case', now);
  q.insertCase.run({ id: caseId, accountId: channel.accountId, channelId: channel.id, contactId, threadId, now });
  return { caseId, created: true };
}

function storeMessage(db: Db, channel: IngestChannel, event: MessageEvent, now: number) {
  const q = ingestStatements(db);
  const contactId = findOrCreateContact(db, channel, event.sender, now);
  const { caseId, created } = openCaseFor(db, channel, contactId, event.threadId, now);
  rememberInbound(db, channel, event, now); // what a reply will need of the raw event (Teams serviceUrl)
  const messageId = newId('msg', now);
  const text = event.text ?? '';
  // Stored in the content-message shape every message uses; a postback keeps what was tapped, and
  // an answer to the last question Parley asked in this case records the option chosen.
  const question = channel.type && !created ? q.lastOutbound.get({ caseId }) : undefined;
  const answer = channel.type ? matchAnswer(channel.type, event, question, question ? customerLocale(db, { accountId: channel.accountId, contactId, channelId: channel.id }) : undefined) : null;
  const content = {
    content: { type: 'text', text, format: 'plain' },
    ...(event.kind === 'postback' ? { postback: { payload: event.payload } } : {}),
    ...(answer ? { answer } : {}),
  };
  q.insertMessage.run({
    id: messageId, accountId: channel.accountId, caseId, channelId: channel.id, content, text,
    providerMessageId: event.providerMessageId, occurredAt: event.occurredAt, now,
  });
  if (event.kind === 'message') {
    for (const a of event.attachments) {
      q.insertAttachment.run({ id: newId('att', now), accountId: channel.accountId, messageId, url: a.url ?? null, mime: a.mime, name: a.name ?? null, size: a.size ?? null });
    }
  }
  q.touchCase.run({ now, preview: text.slice(0, 200), caseId });
  q.enqueue.run({ accountId: channel.accountId, caseId, kind: 'inbound', payload: { messageId, at: event.occurredAt }, now });
  onInboundMessage(db, { channel, sender: event.sender, caseId, created, text, now }); // outreach: opt-out keywords, campaign replies
  if (answer && question && isSurveyQuestion(question.content)) storeSurveyAnswer(db, { accountId: channel.accountId, caseId, messageId, answer, now });
  recordInboundRuleEvents(db, {
    caseId, created,
    message: {
      id: messageId, direction: 'in', authorType: 'customer', text, tags: [], deliveryStatus: 'received', deliveryError: null,
      ...(answer ? { answer: { ...answer, title: answerTitle(question, answer.optionId) } } : {}),
    },
  }, now);
  return { caseId, messageId };
}

/** The events rules react to for one stored inbound message; snapshots are read once and shared. */
function recordInboundRuleEvents(db: Db, facts: { caseId: string; created: boolean; message: MessageSnapshot }, now: number) {
  const context = readCaseContext(db, facts.caseId);
  if (!context) return;
  const base = { caseId: facts.caseId, context, message: facts.message };
  if (facts.created) recordCaseRuleEvent(db, { ...base, type: 'case.created' }, now);
  recordCaseRuleEvent(db, { ...base, type: 'message.created' }, now);
  if (facts.message.answer) recordCaseRuleEvent(db, { ...base, type: 'message.answer_received' }, now);
}

function applyReceipt(tx: Tx, channel: IngestChannel, event: Extract<InboundEvent, { kind: 'receipt' }>, now: number) {
  const match = [event.messageId && eq(messages.id, event.messageId), event.providerMessageId && eq(messages.providerMessageId, event.providerMessageId)]
    .filter((c): c is NonNullable<typeof c> & object => Boolean(c));
  if (match.length === 0) return;
  const target = tx.select({ id: messages.id, deliveryStatus: messages.deliveryStatus }).from(messages)
    .where(and(eq(messages.channelId, channel.id), eq(messages.direction, 'out'), or(...match))).get();
  if (!target) return;
  // Receipts can arrive out of order: never move a message back (read → delivered).
  if (event.status !== 'failed' && DELIVERY_RANK[event.status] <= DELIVERY_RANK[target.deliveryStatus]) return;
  tx.update(messages)
    .set({ deliveryStatus: event.status, deliveryError: event.status === 'failed' ? (event.reason ?? 'reported failed by the channel') : null, updatedAt: now })
    .where(eq(messages.id, target.id)).run();
  // A repeated failure receipt is one failure for rules.
  if (event.status === 'failed' && target.deliveryStatus !== 'failed') recordMessageRuleEvent(tx, 'message.delivery_failed', target.id, { now });
}
