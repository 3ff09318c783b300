// Rule actions on a case routing manages (assign skill, assign agent, unassign): they go through the
// case workflow like an agent's move, so the assignment, the agent's capacity and the timeline agree.
// Returns null when routing does not manage the case (the action then writes the fields directly).
import type { CaseCommandDeps } from '../cases/case-commands';
import { getCaseRow } from '../cases/case-queries';
import { isRoutedCase } from './routing-admin-store';
import { assignRoutedCase, transferRoutedCase, unassignRoutedCase } from './routing-commands';
import { eq } from 'drizzle-orm';
import { caseRouting } from '../db/schema-routing';
import { getQueue } from './routing-admin-store';

export type RuleRoutingMove = { kind: 'skill'; skillId: string } | { kind: 'agent'; agentId: string } | { kind: 'unassign' } | { kind: 'queue'; queueId: string };

export async function routeByRule(deps: CaseCommandDeps, accountId: string, caseId: string, move: RuleRoutingMove, actorId: string): Promise<{ changed: boolean } | null> {
  if (!isRoutedCase(deps.db, caseId)) return null;
  const row = getCaseRow(deps.db, accountId, caseId);
  if (row.status === 'closed') return null;
  switch (move.kind) {
    case 'skill':
      if (row.skillId === move.skillId) return { changed: false };
      await transferRoutedCase(deps, accountId, caseId, { skillId: move.skillId }, actorId);
      return { changed: true };
    case 'agent':
      if (row.assigneeId === move.agentId) return { changed: false };
      await assignRoutedCase(deps, accountId, caseId, move.agentId, actorId);
      return { changed: true };
    case 'queue': {
      const forced = deps.db.select({ q: caseRouting.forcedQueueId }).from(caseRouting).where(eq(caseRouting.caseId, caseId)).get()?.q;
      if (forced === move.queueId) return { changed: false };
      await transferRoutedCase(deps, accountId, caseId, { queueId: move.queueId }, actorId);
      return { changed: true };
    }
    case 'unassign':
      if (!row.assigneeId) return { changed: false };
      await unassignRoutedCase(deps, accountId, caseId, actorId);
      return { changed: true };
  }
}

/**
 * A rule's Route to queue on a case routing has not taken yet (the rule ran before the workflow's
 * first routing): the queue is recorded, and that first routing goes through it.
 */
export function presetQueue(deps: CaseCommandDeps, accountId: string, caseId: string, queueId: string, now = Date.now()) {
  getQueue(deps.db, accountId, queueId);
  deps.db.insert(caseRouting).values({ caseId, accountId, state: 'waiting', forcedQueueId: queueId, waitingSince: null, updatedAt: now })
    .onConflictDoUpdate({ target: caseRouting.caseId, set: { forcedQueueId: queueId, updatedAt: now } }).run();
}
