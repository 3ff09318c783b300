// The mailboxes Parley answers for: every enabled email channel's address (and its plus-addresses).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { channels } from '../db/schema';
import { isMailboxAddress } from '../../connectors/email/reply-address';

export interface Mailbox {
  channelId: string;
  accountId: string;
  address: string;
}

/** The email channel a recipient address belongs to, if any (read per mail: channels change at run time). */
export function mailboxFor(db: Db, recipient: string): Mailbox | undefined {
  const rows = db.select({ id: channels.id, accountId: channels.accountId, config: channels.config }).from(channels)
    .where(and(eq(channels.type, 'email'), eq(channels.enabled, true))).all();
  for (const row of rows) {
    const address = typeof row.config.address === 'string' ? row.config.address : '';
    if (address && isMailboxAddress(address, recipient)) return { channelId: row.id, accountId: row.accountId, address };
  }
  return undefined;
}
