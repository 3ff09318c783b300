// A customer message that reached a case after it closed belongs to a new case (closed is final):
// move it to the thread's open case (opened if needed) and queue it for that case's workflow.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { cases, dispatchQueue, messages } from '../db/schema';
import { recordCaseRuleEvent } from '../rules/events/record-event';
import { openCaseFor } from './ingest-events';

export function rerouteToOpenCase(db: Db, closedCaseId: string, messageId: string): string | null {
  return db.transaction(() => {
    const old = db.select().from(cases).where(eq(cases.id, closedCaseId)).get();
    const message = db.select({ occurredAt: messages.occurredAt }).from(messages).where(eq(messages.id, messageId)).get();
    if (!old || !message) return null;
    const now = Date.now();
    const { caseId, created } = openCaseFor(db, { id: old.channelId, accountId: old.accountId }, old.contactId, old.threadId, now);
    db.update(messages).set({ caseId, updatedAt: now }).where(eq(messages.id, messageId)).run();
    // Rules see the new case open with this message (its message.created was recorded on the closed case).
    if (created) recordCaseRuleEvent(db, { type: 'case.created', caseId, messageId }, now);
    // The customer's message is the open case's latest activity (engine/cases/last-activity.ts).
    db.update(cases).set({ updatedAt: now, lastActivityAt: now }).where(eq(cases.id, caseId)).run();
    db.insert(dispatchQueue).values({
      accountId: old.accountId, caseId, kind: 'inbound', payload: { messageId, at: message.occurredAt }, availableAt: now, createdAt: now,
    }).run();
    return caseId;
  });
}
