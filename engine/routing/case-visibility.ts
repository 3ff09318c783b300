// Which cases a person may see: an agent sees cases assigned to them or in one of their skills,
// unless the account lets agents see every case, or has no skills yet (a team that does not route
// must not find its agents' inbox empty). Supervisors and admins see all; so do integration
// keys (an API key not tied to a person is the account's own tool).
import { and, eq } from 'drizzle-orm';
import type { Principal } from '../api/auth';
import type { Db } from '../db/open-database';
import { cases } from '../db/schema';
import { notFound } from '../errors';
import { accountHasSkills, getRoutingSettings, skillsOf } from './routing-admin-store';

export interface CaseVisibility {
  userId: string;
  skillIds: string[];
}

export function caseVisibility(db: Db, principal: Principal): CaseVisibility | undefined {
  if (principal.role !== 'agent' || !principal.userId) return undefined;
  if (getRoutingSettings(db, principal.accountId).agentsSeeAllCases || !accountHasSkills(db, principal.accountId)) return undefined;
  return { userId: principal.userId, skillIds: skillsOf(db, principal.userId) };
}

/** How long an open stream keeps a visibility before reading it again (engine/api/routes/stream.ts). */
export const STREAM_VISIBILITY_MAX_AGE_MS = 5_000;

/**
 * A visibility read once and kept: an open stream polls every 500 ms, and reading the account's
 * settings, whether it has skills and the agent's skills on every poll is three queries per stream.
 * Kept for `maxAgeMs`: a change of the agent's skills or of the account's "agents see all cases"
 * reaches an open stream within that time (those changes are not on the change log, so the stream
 * cannot see them come). Assignments need no refresh: each case's assignee and skill are read from
 * the case row with every change (isCaseVisible), so a reassignment hides or shows a case at once.
 */
export function visibilityCache(db: Db, principal: Principal, maxAgeMs = STREAM_VISIBILITY_MAX_AGE_MS, now: () => number = Date.now) {
  let value: CaseVisibility | undefined;
  let readAt = -Infinity;
  return {
    current(): CaseVisibility | undefined {
      const t = now();
      if (t - readAt >= maxAgeMs) {
        value = caseVisibility(db, principal);
        readAt = t;
      }
      return value;
    },
  };
}

/** Whether a case row (its assignee and skill) is visible under `v` (undefined: everything is). */
export function isCaseVisible(v: CaseVisibility | undefined, row: { assigneeId: string | null; skillId: string | null }): boolean {
  return !v || row.assigneeId === v.userId || (row.skillId !== null && v.skillIds.includes(row.skillId));
}

/**
 * Refuses, as "not found", a case the principal may not see: an agent outside the case's skill
 * learns nothing of it, not even that it exists. Unknown cases are left to the caller's own 404.
 */
export function assertCaseVisible(db: Db, principal: Principal, caseId: string): void {
  const v = caseVisibility(db, principal);
  if (!v) return;
  const row = db.select({ assigneeId: cases.assigneeId, skillId: cases.skillId }).from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.accountId, principal.accountId))).get();
  if (row && !isCaseVisible(v, row)) throw notFound('case', caseId);
}
