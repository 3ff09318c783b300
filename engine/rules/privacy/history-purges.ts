// The rule runs whose Temporal history must go: a privacy action (mask card numbers, delete a
// message or an author's name) changed text those runs may have read, and a workflow's history
// quotes its input, its activities' inputs and outputs. The rule_runs rows stay (they are
// scrubbed in the same transaction); their history is deleted once each run has ended.
import type { Db } from '../../db/open-database';
import { createProcessSignal } from '../../process-signal';

const requested = createProcessSignal();
/** Wakes this process's history purger (a privacy action, or a run with a purge pending ended). */
export const onHistoryPurgeDue = requested.on;

/** Marks every run on these cases whose history is still there; call inside the privacy action's transaction. */
export function requestHistoryPurge(db: Db, caseIds: readonly string[], now = Date.now()): number {
  if (caseIds.length === 0) return 0;
  const marks = db.$client.prepare(`update rule_runs set history_purge_at = ?, history_purge_attempts = 0
    where case_id = ? and history_deleted_at is null`);
  let n = 0;
  for (const caseId of caseIds) n += marks.run(now, caseId).changes;
  if (n > 0) requested.fire();
  return n;
}

/** Whether a privacy action touched this run (what it records is scrubbed again; see recordRuleRun). */
export function historyPurgeRequested(db: Db, runId: string): boolean {
  const row = db.$client.prepare('select history_purge_at p, history_deleted_at d from rule_runs where id = ?').get(runId) as { p: number | null; d: number | null } | undefined;
  return Boolean(row && (row.p !== null || row.d !== null));
}

/** A run with a pending purge has ended: its history can go now instead of at the next retry. */
export function purgeNowIfPending(db: Db, runId: string, now = Date.now()) {
  const { changes } = db.$client.prepare('update rule_runs set history_purge_at = ? where id = ? and history_purge_at > ?').run(now, runId, now);
  if (changes > 0) requested.fire();
}

export interface DuePurge { id: string; attempts: number }

/** Claims due purges with a lease (several processes may share the database). */
export function claimDuePurges(db: Db, now: number, limit: number, leaseMs: number): DuePurge[] {
  const client = db.$client;
  const ids = (client.prepare('select id from rule_runs where history_purge_at is not null and history_purge_at <= ? order by history_purge_at limit ?')
    .all(now, limit) as { id: string }[]).map((r) => r.id);
  const claim = client.prepare(`update rule_runs set history_purge_at = ?, history_purge_attempts = history_purge_attempts + 1
    where id = ? and history_purge_at is not null and history_purge_at <= ? returning id, history_purge_attempts attempts`);
  const rows: DuePurge[] = [];
  client.transaction(() => {
    for (const id of ids) {
      const row = claim.get(now + leaseMs, id, now) as DuePurge | undefined;
      if (row) rows.push(row);
    }
  })();
  return rows;
}

export function markHistoryDeleted(db: Db, runId: string, now = Date.now()) {
  db.$client.prepare('update rule_runs set history_purge_at = null, history_deleted_at = ? where id = ?').run(now, runId);
}

export function postponePurge(db: Db, runId: string, at: number) {
  db.$client.prepare('update rule_runs set history_purge_at = ? where id = ? and history_purge_at is not null').run(at, runId);
}

export function pendingPurgeCount(db: Db): number {
  return (db.$client.prepare('select count(*) n from rule_runs where history_purge_at is not null').get() as { n: number }).n;
}

/** The run is recorded as running: a workflow not found for it has not been started yet. */
export function runStillStarting(db: Db, runId: string): boolean {
  const row = db.$client.prepare('select status from rule_runs where id = ?').get(runId) as { status: string } | undefined;
  return row?.status === 'running';
}
