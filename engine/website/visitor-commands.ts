// The visitor command queue (visitor_commands): rules' website actions queue a command for the
// visitor of the triggering event; the snippet fetches its visitor's pending commands, and each is
// handed out once (marked delivered in the same statement that reads it) and only before it
// expires. Rows are pruned a day after they expire (delivered or not).
import type { Db } from '../db/open-database';
import { visitorCommands } from '../db/schema-visitor-commands';
import { VISITOR_COMMAND_TTL_MS, type VisitorCommand, type VisitorCommandBody } from '../../model/website/visitor-commands';

const KEEP_MS = 24 * 3_600_000;

export interface QueueCommand {
  id: string;
  accountId: string;
  siteId: string;
  visitorId: string;
  command: VisitorCommandBody;
  ruleId?: string;
  runId?: string;
}

/** Queues a command (idempotent by id: a retried action queues it once). Returns whether it is new. */
export function queueVisitorCommand(db: Db, c: QueueCommand, now = Date.now(), ttlMs = VISITOR_COMMAND_TTL_MS): boolean {
  const { kind, ...payload } = c.command;
  const inserted = db.insert(visitorCommands).values({
    id: c.id, accountId: c.accountId, siteId: c.siteId, visitorId: c.visitorId, kind, payload: payload as Record<string, unknown>,
    ruleId: c.ruleId ?? null, runId: c.runId ?? null, createdAt: now, expiresAt: now + ttlMs,
  }).onConflictDoNothing().run().changes > 0;
  if (inserted) pruneVisitorCommands(db, now);
  return inserted;
}

interface Row { id: string; kind: string; payload: string; created_at: number }

/** The visitor's pending commands, oldest first; each is returned once (delivered now), never after it expired. */
export function takeVisitorCommands(db: Db, siteId: string, visitorId: string, now = Date.now()): VisitorCommand[] {
  const rows = db.$client.prepare(`update visitor_commands set delivered_at = ?
    where site_id = ? and visitor_id = ? and delivered_at is null and expires_at > ?
    returning id, kind, payload, created_at`).all(now, siteId, visitorId, now) as Row[];
  return rows.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1))
    .map((r) => ({ id: r.id, kind: r.kind, ...(JSON.parse(r.payload) as object) }) as VisitorCommand);
}

/** Drops commands (delivered or not) whose expiry is more than a day past. */
export function pruneVisitorCommands(db: Db, now = Date.now()): number {
  return db.$client.prepare('delete from visitor_commands where expires_at < ?').run(now - KEEP_MS).changes;
}
