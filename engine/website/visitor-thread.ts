// A web chat visitor's conversation as the widget shows it: the messages of every case of that
// visitor on the site's web chat channel, oldest first (a new case after a closed one continues
// the same thread for them). Read in pages after a point, with a few seconds of overlap because
// two writers (the API and a worker) may commit ids slightly out of order; the widget drops
// ids it already has.
import type { Db } from '../db/open-database';
import { threadAttachments, type ThreadAttachment } from '../attachments/attachment-store';

export interface ThreadMessage {
  id: string;
  direction: 'in' | 'out';
  authorType: 'customer' | 'agent' | 'system';
  content: unknown;
  text: string;
  status: string;
  at: number;
  /** Files the message carries (a visitor's uploads by id; others by URL); absent when none. */
  attachments?: ThreadAttachment[];
}

interface Row { id: string; direction: 'in' | 'out'; author_type: ThreadMessage['authorType']; content: string; fallback_text: string; delivery_status: string; created_at: number }

const OVERLAP_MS = 5_000;

const SQL = `select m.id, m.direction, m.author_type, m.content, m.fallback_text, m.delivery_status, m.created_at
  from contact_identities ci
  join cases c on c.channel_id = ci.channel_id and c.contact_id = ci.contact_id
  join messages m on m.case_id = c.id
  where ci.channel_id = ? and ci.external_id = ? and m.created_at >= ? and m.delivery_status != 'failed'
  order by m.created_at, m.id limit ?`;

export function visitorThread(db: Db, channelId: string, visitorId: string, opts: { since?: number; limit?: number } = {}): ThreadMessage[] {
  const since = opts.since === undefined ? 0 : opts.since - OVERLAP_MS;
  const rows = db.$client.prepare(SQL).all(channelId, visitorId, since, opts.limit ?? 500) as Row[];
  const files = threadAttachments(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, direction: r.direction, authorType: r.author_type, content: JSON.parse(r.content) as unknown, text: r.fallback_text, status: r.delivery_status, at: r.created_at,
    ...(files.has(r.id) ? { attachments: files.get(r.id) } : {}),
  }));
}

/** When a message was stored (the stream resumes after it). */
export function messageTime(db: Db, messageId: string): number | undefined {
  return (db.$client.prepare('select created_at from messages where id = ?').get(messageId) as { created_at: number } | undefined)?.created_at;
}
