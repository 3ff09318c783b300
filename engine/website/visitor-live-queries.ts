// SQL for live web chat on the agent side: who a case's visitor is on its channel (their visitor
// id and, once signed in, `u:<sub>`), and the agent's display name shown in the widget.
import type { Db } from '../db/open-database';

export function caseVisitorIds(db: Db, channelId: string, contactId: string): string[] {
  return (db.$client.prepare('select external_id from contact_identities where channel_id = ? and contact_id = ?').all(channelId, contactId) as { external_id: string }[])
    .map((r) => r.external_id);
}

/** The agent's first name, as a visitor sees it ("Ana is typing…"); none for an API key without a user. */
export function agentFirstName(db: Db, userId: string | undefined): string | undefined {
  if (!userId) return undefined;
  const row = db.$client.prepare('select name from users where id = ?').get(userId) as { name: string } | undefined;
  return row?.name.trim().split(/\s+/)[0] || undefined;
}
