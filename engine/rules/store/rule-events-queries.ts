// Reading recorded rule events: the corpus the editor's dry-run picker and the replay read.
import { and, desc, eq, gte, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { ruleEvents } from '../../db/schema';
import { ParleyError } from '../../errors';
import type { RuleEvent } from '../../../model/rules/event';

export type RuleEventRow = typeof ruleEvents.$inferSelect;

const DAY_MS = 24 * 3_600_000;

/** The RuleEvent of a row: the recorded payload, with the row's columns as the source of truth for identity. */
export function ruleEventOf(row: RuleEventRow): RuleEvent {
  return { ...(row.payload as unknown as RuleEvent), id: row.id, accountId: row.accountId, type: row.type as RuleEvent['type'], occurredAt: row.occurredAt };
}

const quote = (text: string, max = 60) => {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `"${oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine}"`;
};

/** One line for a picker, e.g. `message.created · whatsapp · from the customer · "Quiero un reembolso"`. */
export function summarizeEvent(event: RuleEvent): string {
  const parts: string[] = [event.type];
  if (event.channel?.type) parts.push(event.channel.type);
  if (event.message) {
    // A customer's message and a reply look alike otherwise.
    parts.push(event.message.direction === 'in' ? 'from the customer' : `to the customer (${event.message.authorType})`);
    if (event.message.answer) parts.push(`answer ${event.message.answer.title ?? event.message.answer.optionId}`);
    parts.push(event.message.text ? quote(event.message.text) : `(${event.message.direction === 'in' ? 'inbound' : 'outbound'} message without text)`);
  }
  if (event.change) parts.push(`${event.change.from ?? '∅'} → ${event.change.to ?? '∅'}`);
  if (event.type === 'api.event') {
    if (event.key) parts.push(event.key);
    if (event.payload !== undefined) parts.push(quote(JSON.stringify(event.payload), 80).slice(1, -1));
  }
  if (event.type === 'schedule' && event.scheduledFor) parts.push(new Date(event.scheduledFor).toISOString());
  if (!event.message && event.case) parts.push(`case ${event.case.id}`);
  return parts.join(' · ');
}

export function eventListItem(row: RuleEventRow) {
  const event = ruleEventOf(row);
  return {
    id: row.id,
    type: row.type,
    occurredAt: new Date(row.occurredAt).toISOString(),
    channelId: row.channelId,
    caseId: row.caseId,
    messageId: row.messageId,
    summary: summarizeEvent(event),
  };
}

export interface RecentEventsQuery { days: number; type?: string; limit: number }

/** The account's recorded events of the last `days` days, newest first. */
export function listRecentEvents(db: Db, accountId: string, q: RecentEventsQuery, now = Date.now()) {
  const where: (SQL | undefined)[] = [eq(ruleEvents.accountId, accountId), gte(ruleEvents.occurredAt, now - q.days * DAY_MS)];
  if (q.type) where.push(eq(ruleEvents.type, q.type));
  const rows = db.select().from(ruleEvents).where(and(...where)).orderBy(desc(ruleEvents.occurredAt), desc(ruleEvents.id)).limit(q.limit).all();
  return rows.map(eventListItem);
}

export function getRuleEventRow(db: Db, accountId: string, id: string): RuleEventRow {
  const row = db.select().from(ruleEvents).where(and(eq(ruleEvents.id, id), eq(ruleEvents.accountId, accountId))).get();
  if (!row) throw new ParleyError(404, 'rule_event_not_found', `No recorded rule event with id ${id} in this account.`);
  return row;
}

export const getRuleEvent = (db: Db, accountId: string, id: string) => ruleEventOf(getRuleEventRow(db, accountId, id));

/** Events of these types in the window, oldest first (the newest `limit` of them): what a replay reads. */
export function eventsForReplay(db: Db, accountId: string, types: string[], since: number, limit: number): RuleEvent[] {
  if (!types.length) return [];
  const rows = db.select().from(ruleEvents)
    .where(and(eq(ruleEvents.accountId, accountId), gte(ruleEvents.occurredAt, since), inArray(ruleEvents.type, types)))
    .orderBy(desc(ruleEvents.occurredAt), desc(ruleEvents.id)).limit(limit).all();
  return rows.reverse().map(ruleEventOf);
}
