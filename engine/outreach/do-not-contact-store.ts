// The do-not-contact list: identities that must not get proactive messages on a channel. Campaign
// sends check it per recipient; the STOP keyword (opt-out-keywords.ts) and the API add to it.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { doNotContact } from '../db/schema-outreach';
import { ParleyError } from '../errors';

export interface DoNotContactEntry {
  channelId: string;
  identity: string;
  source: string;
  note: string | null;
  createdAt: string;
}

type Row = typeof doNotContact.$inferSelect;
const view = (r: Row): DoNotContactEntry => ({ channelId: r.channelId, identity: r.identity, source: r.source, note: r.note, createdAt: new Date(r.createdAt).toISOString() });

/** Adds an identity (idempotent: an existing entry keeps its first source). Returns whether it was new. */
export function addDoNotContact(db: Db, entry: { accountId: string; channelId: string; identity: string; source: 'keyword' | 'manual'; note?: string | null }, now = Date.now()): boolean {
  const result = db.insert(doNotContact).values({
    accountId: entry.accountId, channelId: entry.channelId, identity: entry.identity, source: entry.source, note: entry.note ?? null, createdAt: now,
  }).onConflictDoNothing().run();
  return result.changes === 1;
}

export function removeDoNotContact(db: Db, accountId: string, channelId: string, identity: string) {
  const result = db.delete(doNotContact)
    .where(and(eq(doNotContact.accountId, accountId), eq(doNotContact.channelId, channelId), eq(doNotContact.identity, identity))).run();
  if (result.changes === 0) throw new ParleyError(404, 'do_not_contact_not_found', `${identity} is not on the do-not-contact list of channel ${channelId}.`);
}

export function isDoNotContact(db: Db, accountId: string, channelId: string, identity: string): boolean {
  return Boolean(db.select({ id: doNotContact.id }).from(doNotContact)
    .where(and(eq(doNotContact.accountId, accountId), eq(doNotContact.channelId, channelId), eq(doNotContact.identity, identity))).get());
}

export function listDoNotContact(db: Db, accountId: string, opts: { channelId?: string; limit: number; cursor?: string }) {
  const rows = db.select().from(doNotContact)
    .where(and(
      eq(doNotContact.accountId, accountId),
      opts.channelId ? eq(doNotContact.channelId, opts.channelId) : undefined,
      opts.cursor ? gt(doNotContact.id, Number(opts.cursor)) : undefined,
    ))
    .orderBy(asc(doNotContact.id)).limit(opts.limit + 1).all();
  const page = rows.slice(0, opts.limit);
  return { items: page.map(view), nextCursor: rows.length > opts.limit ? String(page[page.length - 1].id) : null };
}
