// The life of a file Parley offers through Teams' file consent (connectors/teams/file-consent.ts),
// kept as `file_consent` rows of the case's audit trail — so the timeline says it in words — and
// read back as the file's state: waiting (the consent card went out) → accepted (the customer said
// yes; an upload is queued) → delivered, or declined, or failed (with the provider's reason). The
// first answer to a card counts; a repeated or forged one changes nothing.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { InboundEvent } from '../../connectors/connector';
import type { TeamsConversationContext } from '../../connectors/teams';
import { rememberInbound } from '../channels/inbound-memory';
import type { Db } from '../db/open-database';
import { attachments, caseEvents, cases, dispatchQueue, messages } from '../db/schema';
import { recordMessageRuleEvent } from '../rules/events/record-event';

export type FileConsentState = 'waiting' | 'accepted' | 'delivered' | 'declined' | 'failed';
type FileConsentEvent = Extract<InboundEvent, { kind: 'fileConsent' }>;

/** What the upload workflow needs (the dispatch row's payload, the workflow's input). */
export interface FileUploadRequest {
  messageId: string;
  attachmentId: string;
  /** Teams' uploadInfo: uploadUrl, contentUrl, name, uniqueId, fileType. */
  upload: Record<string, string>;
}

export const teamsFileUploadWorkflowId = (attachmentId: string) => `teams-file-upload-${attachmentId}`;

/** The file's latest state, or null when it was never offered by consent. */
export function fileConsentState(db: Db, caseId: string, attachmentId: string): FileConsentState | null {
  const row = db.select({ to: caseEvents.to }).from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'file_consent'), sql`json_extract(${caseEvents.detail}, '$.attachmentId') = ${attachmentId}`))
    .orderBy(desc(caseEvents.id)).limit(1).get();
  return (row?.to as FileConsentState | undefined) ?? null;
}

/** Each offered file's latest state (by attachment id), from a case's events oldest first. */
export function consentStatesFrom(events: { type: string; to: string | null; detail: unknown }[]): Map<string, FileConsentState> {
  const states = new Map<string, FileConsentState>();
  for (const e of events) {
    const attachmentId = (e.detail as { attachmentId?: string } | null)?.attachmentId;
    if (e.type === 'file_consent' && e.to && attachmentId) states.set(attachmentId, e.to as FileConsentState);
  }
  return states;
}

/** The same for the files of these cases (the live stream's messages). */
export function consentStatesOf(db: Db, caseIds: string[]): Map<string, FileConsentState> {
  if (caseIds.length === 0) return new Map();
  return consentStatesFrom(db.select({ type: caseEvents.type, to: caseEvents.to, detail: caseEvents.detail }).from(caseEvents)
    .where(and(inArray(caseEvents.caseId, caseIds), eq(caseEvents.type, 'file_consent'))).orderBy(asc(caseEvents.id)).all());
}

function record(db: Db, facts: { accountId: string; caseId: string; messageId: string; attachmentId: string; name: string }, state: FileConsentState, now: number, reason?: string) {
  db.insert(caseEvents).values({
    accountId: facts.accountId, caseId: facts.caseId, type: 'file_consent', from: null, to: state, actor: null,
    detail: { messageId: facts.messageId, attachmentId: facts.attachmentId, name: facts.name, ...(reason ? { reason } : {}) }, at: now,
  }).run();
  // The message row moves too, so the live stream sends the message with its file's new state.
  db.update(messages).set({ updatedAt: now }).where(eq(messages.id, facts.messageId)).run();
}

/** A sent message's consent cards: each offered file is now waiting for the customer (once, even if the send is retried). */
export function recordFilesOffered(db: Db, messageId: string, context: Record<string, unknown> | undefined, now = Date.now()): void {
  const offered = (context?.teams as TeamsConversationContext | undefined)?.consentFiles;
  if (!offered || Object.keys(offered).length === 0) return;
  const message = db.select({ accountId: messages.accountId, caseId: messages.caseId }).from(messages).where(eq(messages.id, messageId)).get();
  if (!message) return;
  db.transaction(() => {
    for (const file of Object.values(offered)) {
      if (fileConsentState(db, message.caseId, file.attachmentId) !== null) continue;
      record(db, { ...message, messageId, attachmentId: file.attachmentId, name: file.name }, 'waiting', now);
    }
  });
}

/**
 * The customer's answer, inside the ingest transaction. Trusted only when the message is an
 * outbound one of this channel, in the thread the (JWT-verified) invoke came from, and carries the
 * attachment; and only the first answer counts. Accept queues the upload (dispatch `fileUpload`).
 * Returns what happened, for the caller's count and tests.
 */
export function applyFileConsentAnswer(db: Db, channel: { id: string; accountId: string; type?: string }, event: FileConsentEvent, now: number): 'accepted' | 'declined' | 'ignored' {
  const message = db.select({ id: messages.id, caseId: messages.caseId, accountId: messages.accountId }).from(messages)
    .where(and(eq(messages.id, event.messageId), eq(messages.channelId, channel.id), eq(messages.accountId, channel.accountId), eq(messages.direction, 'out'))).get();
  if (!message) return 'ignored';
  const theCase = db.select({ threadId: cases.threadId }).from(cases).where(eq(cases.id, message.caseId)).get();
  if (!theCase || theCase.threadId !== event.threadId) return 'ignored';
  const file = db.select({ id: attachments.id, name: attachments.name }).from(attachments)
    .where(and(eq(attachments.id, event.attachmentId), eq(attachments.messageId, message.id))).get();
  if (!file) return 'ignored';
  const state = fileConsentState(db, message.caseId, file.id);
  if (state !== null && state !== 'waiting') return 'ignored';
  if (event.action === 'accept' && !event.upload?.uploadUrl) return 'ignored';
  rememberInbound(db, channel, event, now); // the invoke's serviceUrl is the conversation's newest
  const facts = { accountId: message.accountId, caseId: message.caseId, messageId: message.id, attachmentId: file.id, name: file.name ?? 'file' };
  if (event.action === 'decline') {
    record(db, facts, 'declined', now);
    return 'declined';
  }
  record(db, facts, 'accepted', now);
  const payload: FileUploadRequest = { messageId: message.id, attachmentId: file.id, upload: event.upload! };
  db.insert(dispatchQueue).values({ accountId: message.accountId, caseId: message.caseId, kind: 'fileUpload', payload: { ...payload }, availableAt: now, createdAt: now }).run();
  return 'accepted';
}

/** What the upload needs to know of the file and its message. */
export function fileUploadFacts(db: Db, request: Pick<FileUploadRequest, 'messageId' | 'attachmentId'>) {
  const message = db.select({ accountId: messages.accountId, caseId: messages.caseId, channelId: messages.channelId }).from(messages).where(eq(messages.id, request.messageId)).get();
  const file = db.select().from(attachments).where(and(eq(attachments.id, request.attachmentId), eq(attachments.messageId, request.messageId))).get();
  if (!message || !file) return null;
  const theCase = db.select({ threadId: cases.threadId }).from(cases).where(eq(cases.id, message.caseId)).get();
  return { ...message, threadId: theCase?.threadId ?? '', file, state: fileConsentState(db, message.caseId, file.id) };
}

/** The file is in the customer's chat: the timeline says so and the message counts as delivered. */
export function markFileDelivered(db: Db, request: Pick<FileUploadRequest, 'messageId' | 'attachmentId'>, now = Date.now()): void {
  db.transaction(() => {
    const facts = fileUploadFacts(db, request);
    if (!facts || facts.state === 'delivered') return;
    record(db, { ...facts, messageId: request.messageId, attachmentId: facts.file.id, name: facts.file.name ?? 'file' }, 'delivered', now);
    db.update(messages).set({ deliveryStatus: 'delivered', updatedAt: now })
      .where(and(eq(messages.id, request.messageId), inArray(messages.deliveryStatus, ['queued', 'sent']))).run();
  });
}

/** The upload failed for good: the timeline and the message say why (rules see a delivery failure once). */
export function markFileFailed(db: Db, request: Pick<FileUploadRequest, 'messageId' | 'attachmentId'>, reason: string, now = Date.now()): void {
  db.transaction(() => {
    const facts = fileUploadFacts(db, request);
    if (!facts || facts.state === 'delivered' || facts.state === 'failed') return;
    const name = facts.file.name ?? 'file';
    record(db, { ...facts, messageId: request.messageId, attachmentId: facts.file.id, name }, 'failed', now, reason);
    const before = db.select({ status: messages.deliveryStatus }).from(messages).where(eq(messages.id, request.messageId)).get();
    db.update(messages).set({ deliveryStatus: 'failed', deliveryError: `The file ${name} could not be uploaded to Teams: ${reason}`, updatedAt: now })
      .where(eq(messages.id, request.messageId)).run();
    if (before && before.status !== 'failed') recordMessageRuleEvent(db, 'message.delivery_failed', request.messageId, { now });
  });
}
