// Reading rule runs: a rule's run history (newest first, paginated), one run with its event, and
// the runs that touched a case.
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { ruleEvents, ruleRuns, rules } from '../../db/schema';
import { ParleyError } from '../../errors';
import { ruleEventOf, summarizeEvent } from './rule-events-queries';
import { getRuleRow } from './rule-store';

export type RuleRunRow = typeof ruleRuns.$inferSelect;
export type RunStatus = RuleRunRow['status'];

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export function runView(row: RuleRunRow) {
  return {
    id: row.id,
    ruleId: row.ruleId,
    version: row.version,
    eventId: row.eventId,
    caseId: row.caseId,
    status: row.status,
    path: row.path,
    error: row.error,
    startedAt: iso(row.startedAt)!,
    finishedAt: iso(row.finishedAt),
    durationMs: row.finishedAt == null ? null : row.finishedAt - row.startedAt,
    historyDeletedAt: iso(row.historyDeletedAt),
  };
}

// Runs are ordered by start time, and run ids (derived from rule + event) do not sort by time:
// the cursor carries both.
const encodeCursor = (row: RuleRunRow) => Buffer.from(`${row.startedAt}|${row.id}`).toString('base64url');

function decodeCursor(cursor: string): { at: number; id: string } {
  const [at, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!/^\d+$/.test(at ?? '') || !rest.length) throw new ParleyError(400, 'invalid_cursor', 'The cursor is not one this API returned.', [{ path: 'cursor', message: 'invalid cursor' }]);
  return { at: Number(at), id: rest.join('|') };
}

export interface RunPage { limit: number; cursor?: string; status?: RunStatus }

export function listRuleRuns(db: Db, accountId: string, ruleId: string, page: RunPage) {
  getRuleRow(db, accountId, ruleId);
  const where: (SQL | undefined)[] = [eq(ruleRuns.ruleId, ruleId), eq(ruleRuns.accountId, accountId)];
  if (page.status) where.push(eq(ruleRuns.status, page.status));
  if (page.cursor) {
    const c = decodeCursor(page.cursor);
    where.push(or(lt(ruleRuns.startedAt, c.at), and(eq(ruleRuns.startedAt, c.at), lt(ruleRuns.id, c.id))));
  }
  const rows = db.select().from(ruleRuns).where(and(...where)).orderBy(desc(ruleRuns.startedAt), desc(ruleRuns.id)).limit(page.limit + 1).all();
  const items = rows.slice(0, page.limit);
  return { items: items.map(runView), nextCursor: rows.length > page.limit ? encodeCursor(items[items.length - 1]) : null };
}

/** One run with what it executed, its rule's name and the event that triggered it. */
export function getRuleRun(db: Db, accountId: string, runId: string) {
  const found = db.select({ run: ruleRuns, ruleName: rules.name }).from(ruleRuns)
    .leftJoin(rules, eq(rules.id, ruleRuns.ruleId))
    .where(and(eq(ruleRuns.id, runId), eq(ruleRuns.accountId, accountId))).get();
  if (!found) throw new ParleyError(404, 'rule_run_not_found', `No rule run with id ${runId} in this account.`);
  const eventRow = db.select().from(ruleEvents).where(and(eq(ruleEvents.id, found.run.eventId), eq(ruleEvents.accountId, accountId))).get();
  const event = eventRow ? ruleEventOf(eventRow) : null;
  return {
    ...runView(found.run),
    steps: found.run.steps,
    rule: { id: found.run.ruleId, name: found.ruleName ?? '(deleted rule)', version: found.run.version },
    event,
    eventSummary: event ? summarizeEvent(event) : null,
  };
}

/** The runs that touched a case, newest first (the case timeline's "what rules did"). */
export function listCaseRuns(db: Db, accountId: string, caseId: string, limit = 100) {
  return db.select({ run: ruleRuns, ruleName: rules.name }).from(ruleRuns)
    .leftJoin(rules, eq(rules.id, ruleRuns.ruleId))
    .where(and(eq(ruleRuns.caseId, caseId), eq(ruleRuns.accountId, accountId)))
    .orderBy(desc(ruleRuns.startedAt), desc(ruleRuns.id)).limit(limit).all()
    .map((r) => ({ ...runView(r.run), ruleName: r.ruleName ?? '(deleted rule)' }));
}
