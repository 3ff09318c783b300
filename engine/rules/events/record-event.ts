// Records the events rules react to, in the transaction that causes them (an outbox, like
// dispatch_queue): the rule dispatcher relays them to rule runs, and the rows stay for a while as
// the corpus dry-runs and replays read. The payload is the full RuleEvent with snapshots of the
// case, contact, channel and message read at record time, so a replay sees what the rule saw.
import { newId } from '../../ids';
import type { EventOrigin, MessageSnapshot, RuleEvent } from '../../../model/rules/event';
import type { TriggerType } from '../../../model/rules/trigger-types';
import { readCaseContext, readMessageSnapshot, type CaseContextSnapshot } from './snapshots';
import { ruleEventRecorded } from './event-signal';
import { statement, type DbOrTx } from './sql-handle';

const INSERT = `
  insert into rule_events (id, account_id, type, channel_id, case_id, message_id, payload, occurred_at, available_at, attempts)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
  on conflict (id) do nothing`;

/**
 * Inserts a rule_events row (pending for the dispatcher) and returns its id. A given id that is
 * already recorded is kept as it is: recording the same event twice is harmless.
 */
export function recordRuleEvent(handle: DbOrTx, event: Omit<RuleEvent, 'id'> & { id?: string }, now = Date.now()): string {
  const id = event.id ?? newId('evt', now);
  const payload: RuleEvent = { ...event, id };
  const { changes } = statement(handle, INSERT).run(
    id, event.accountId, event.type, event.channel?.id ?? event.case?.channelId ?? null, event.case?.id ?? null,
    event.message?.id ?? null, JSON.stringify(payload), event.occurredAt, now,
  );
  if (changes > 0) ruleEventRecorded();
  return id;
}

export interface CaseEventFacts {
  type: TriggerType;
  caseId: string;
  /** The message the event is about (message.* triggers; case.created carries the first message). */
  messageId?: string;
  change?: { from: string | null; to: string | null };
  /** Set when a rule's action caused the event (loop bounds follow the chain). */
  origin?: EventOrigin;
  occurredAt?: number;
  /** Snapshots the caller already holds (ingest), to skip reading them again. */
  context?: CaseContextSnapshot;
  message?: MessageSnapshot;
}

/** Records an event about a case, with snapshots read now (inside the caller's transaction). */
export function recordCaseRuleEvent(handle: DbOrTx, facts: CaseEventFacts, now = Date.now()): string | null {
  const context = facts.context ?? readCaseContext(handle, facts.caseId);
  if (!context) return null;
  const message = facts.message ?? (facts.messageId ? readMessageSnapshot(handle, facts.messageId)?.message : undefined);
  return recordRuleEvent(handle, {
    type: facts.type,
    accountId: context.accountId,
    occurredAt: facts.occurredAt ?? now,
    case: context.case,
    ...(context.contact ? { contact: context.contact } : {}),
    ...(context.channel ? { channel: context.channel } : {}),
    ...(message ? { message } : {}),
    ...(facts.change ? { change: facts.change } : {}),
    ...(facts.origin && facts.origin.depth > 0 ? { origin: facts.origin } : {}),
  }, now);
}

/** Records an event about a stored message (its case is looked up from the message). */
export function recordMessageRuleEvent(handle: DbOrTx, type: TriggerType, messageId: string, opts: { origin?: EventOrigin; now?: number } = {}): string | null {
  const found = readMessageSnapshot(handle, messageId);
  if (!found) return null;
  return recordCaseRuleEvent(handle, { type, caseId: found.caseId, message: found.message, origin: opts.origin }, opts.now);
}
