// Where reading an IMAP mailbox stopped: the last UID taken under the mailbox's UIDVALIDITY.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { emailMailboxState } from '../db/schema-email';

/** The UID to continue after; 0 when the mailbox is new to Parley or was rebuilt (UIDVALIDITY changed). */
export function lastUidTaken(db: Db, channelId: string, uidValidity: string): number {
  const row = db.select().from(emailMailboxState).where(eq(emailMailboxState.channelId, channelId)).get();
  return row && row.uidValidity === uidValidity ? row.lastUid : 0;
}

export function recordUidTaken(db: Db, channelId: string, uidValidity: string, uid: number, now = Date.now()): void {
  db.insert(emailMailboxState).values({ channelId, uidValidity, lastUid: uid, updatedAt: now })
    .onConflictDoUpdate({ target: emailMailboxState.channelId, set: { uidValidity, lastUid: uid, updatedAt: now } }).run();
}
