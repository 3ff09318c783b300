// What a web chat visitor does to their conversation besides writing: sign in (their anonymous
// thread becomes their user's, on every device), end the conversation (the open case is resolved),
// and read replies (outbound messages become `read`). SQL for the web chat routes.
import type { Db } from '../db/open-database';

interface IdentityRow { id: string; contact_id: string }

function identity(db: Db, channelId: string, externalId: string): IdentityRow | undefined {
  return db.$client.prepare('select id, contact_id from contact_identities where channel_id = ? and external_id = ?').get(channelId, externalId) as IdentityRow | undefined;
}

/**
 * The anonymous visitor signed in as `externalId`: their thread so far becomes that user's, unless
 * the user already has one (then the anonymous thread stays apart and the user's is shown). Fills
 * the contact's name and email when Parley had none.
 */
export function adoptVisitorThread(db: Db, channelId: string, visitorId: string, who: { externalId: string; name?: string; email?: string }, now = Date.now()): void {
  db.$client.transaction(() => {
    let known = identity(db, channelId, who.externalId);
    const anonymous = identity(db, channelId, visitorId);
    if (!known && anonymous) {
      db.$client.prepare('update contact_identities set external_id = ?, name = coalesce(?, name) where id = ?').run(who.externalId, who.name ?? null, anonymous.id);
      db.$client.prepare('update cases set thread_id = ? where channel_id = ? and contact_id = ? and thread_id = ?').run(who.externalId, channelId, anonymous.contact_id, visitorId);
      known = { ...anonymous };
    }
    if (known) {
      db.$client.prepare('update contacts set name = coalesce(name, ?), email = coalesce(email, ?), updated_at = ? where id = ?')
        .run(who.name ?? null, who.email ?? null, now, known.contact_id);
    }
  })();
}

/** The visitor's case that is still being worked (new, open, pending, escalated), if any. */
export function openVisitorCase(db: Db, channelId: string, externalId: string): { id: string; accountId: string } | undefined {
  return db.$client.prepare(`select c.id, c.account_id accountId from contact_identities ci
    join cases c on c.channel_id = ci.channel_id and c.contact_id = ci.contact_id
    where ci.channel_id = ? and ci.external_id = ? and c.status in ('new', 'open', 'pending', 'escalated')
    order by c.created_at desc limit 1`).get(channelId, externalId) as { id: string; accountId: string } | undefined;
}

/** Replies up to and including `upTo` were seen by the visitor. Returns how many changed. */
export function markRepliesRead(db: Db, channelId: string, externalId: string, upTo: string, now = Date.now()): number {
  const until = db.$client.prepare('select created_at from messages where id = ?').get(upTo) as { created_at: number } | undefined;
  if (!until) return 0;
  return db.$client.prepare(`update messages set delivery_status = 'read', updated_at = ?
    where direction = 'out' and delivery_status in ('queued', 'sent', 'delivered') and created_at <= ?
      and case_id in (select c.id from contact_identities ci join cases c on c.channel_id = ci.channel_id and c.contact_id = ci.contact_id
                      where ci.channel_id = ? and ci.external_id = ?)`).run(now, until.created_at, channelId, externalId).changes;
}
