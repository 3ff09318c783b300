// The SQL of a customer-card merge (engine/contacts/contact-merge.ts runs it in one transaction).
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { caseEvents, cases, contactIdentities, contacts } from '../db/schema';
import { contactMerges } from '../db/schema-contact-merges';
import type { MergeableCard, MergeConflict } from '../../model/contacts/merge-cards';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const findContact = (db: Db | Tx, accountId: string, id: string) =>
  db.select().from(contacts).where(and(eq(contacts.id, id), eq(contacts.accountId, accountId))).get();

export const findMergeRecord = (db: Db | Tx, accountId: string, id: string) =>
  db.select().from(contactMerges).where(and(eq(contactMerges.mergedContactId, id), eq(contactMerges.accountId, accountId))).get();

/** Both cards' cases (id, skill, assignee), to check an agent may see every case a merge touches. */
export const casesOf = (db: Db | Tx, contactIds: string[]) =>
  db.select({ id: cases.id, contactId: cases.contactId, skillId: cases.skillId, assigneeId: cases.assigneeId })
    .from(cases).where(inArray(cases.contactId, contactIds)).all();

export interface MergeWrite {
  accountId: string;
  keptId: string;
  otherId: string;
  otherName: string | null;
  keptName: string | null;
  card: MergeableCard;
  conflicts: MergeConflict[];
  actor: string;
  now: number;
}

/** Moves the other card's identities and cases to the kept card, notes it on every case of both, deletes the other card. */
export function writeMerge(tx: Tx, m: MergeWrite): { movedIdentities: number; movedCases: string[] } {
  const moved = tx.select({ id: cases.id }).from(cases).where(eq(cases.contactId, m.otherId)).all().map((r) => r.id);
  const kept = tx.select({ id: cases.id }).from(cases).where(eq(cases.contactId, m.keptId)).all().map((r) => r.id);
  const identities = tx.update(contactIdentities).set({ contactId: m.keptId }).where(eq(contactIdentities.contactId, m.otherId)).run().changes;
  // Touching updatedAt also puts each moved case on the live stream (the change-log trigger on cases).
  if (moved.length) tx.update(cases).set({ contactId: m.keptId, updatedAt: m.now }).where(eq(cases.contactId, m.otherId)).run();
  tx.update(contacts).set({ ...m.card, updatedAt: m.now }).where(eq(contacts.id, m.keptId)).run();
  const detail = { otherContactId: m.otherId, otherName: m.otherName, keptContactId: m.keptId, keptName: m.keptName };
  for (const [caseId, wasMoved] of [...moved.map((id) => [id, true] as const), ...kept.map((id) => [id, false] as const)]) {
    tx.insert(caseEvents).values({
      accountId: m.accountId, caseId, type: 'contact_merged', from: m.otherId, to: m.keptId, actor: m.actor, detail: { ...detail, moved: wasMoved }, at: m.now,
    }).run();
  }
  // Earlier merges into the card that goes now point at the card that stays.
  tx.update(contactMerges).set({ keptContactId: m.keptId }).where(eq(contactMerges.keptContactId, m.otherId)).run();
  tx.insert(contactMerges).values({
    mergedContactId: m.otherId, accountId: m.accountId, keptContactId: m.keptId, mergedName: m.otherName, mergedBy: m.actor,
    conflicts: m.conflicts, movedIdentities: identities, movedCases: moved.length, mergedAt: m.now,
  }).run();
  tx.delete(contacts).where(eq(contacts.id, m.otherId)).run();
  return { movedIdentities: identities, movedCases: moved };
}
