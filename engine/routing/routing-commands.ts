// Manual routing moves from the API: assign, transfer, unassign and accept are Updates of the case
// workflow (serialised with status changes and messages); an agent going offline signals `reroute`
// to the cases they hold.
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { CaseCommandDeps } from '../cases/case-commands';
import { temporalUnavailable } from '../cases/case-commands';
import { getCaseRow } from '../cases/case-queries';
import { ParleyError } from '../errors';
import { caseWorkflowId } from '../../workflows/case/contract';
import { acceptCaseUpdate, assignCaseUpdate, rerouteSignal, transferCaseUpdate, unassignCaseUpdate } from '../../workflows/case/messages';
import type { RerouteSignal, RoutingView } from '../../workflows/case/routing-contract';
import { activeCasesOf, getQueue, getSkill, isRoutedCase } from './routing-admin-store';
import { and, eq } from 'drizzle-orm';
import { users } from '../db/schema';

const DEADLINE_MS = 10_000;

type RoutingUpdate = typeof assignCaseUpdate | typeof transferCaseUpdate | typeof unassignCaseUpdate | typeof acceptCaseUpdate;

async function runUpdate<A>(deps: CaseCommandDeps, caseId: string, update: RoutingUpdate, arg: A): Promise<RoutingView> {
  try {
    const handle = deps.client.workflow.getHandle(caseWorkflowId(caseId));
    return await deps.client.connection.withDeadline(Date.now() + DEADLINE_MS, () => handle.executeUpdate(update as typeof assignCaseUpdate, { args: [arg as never] }));
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const reason = (err.cause as Error | undefined)?.message ?? err.message;
      throw new ParleyError(409, 'routing_refused', reason);
    }
    throw temporalUnavailable(err);
  }
}

function checkCase(deps: CaseCommandDeps, accountId: string, caseId: string) {
  const row = getCaseRow(deps.db, accountId, caseId);
  if (row.status === 'closed') throw new ParleyError(409, 'case_closed', 'This case is closed, and a closed case is final.');
  if (!isRoutedCase(deps.db, caseId)) {
    throw new ParleyError(409, 'case_not_routed', 'Routing has not taken this case yet (its workflow starts with the first message); try again in a moment, or use PATCH /cases/{id}.');
  }
  return row;
}

function checkAgent(deps: CaseCommandDeps, accountId: string, agentId: string) {
  const user = deps.db.select({ id: users.id }).from(users).where(and(eq(users.id, agentId), eq(users.accountId, accountId))).get();
  if (!user) throw new ParleyError(422, 'unknown_agent', `No user with id ${agentId} in this account.`, [{ path: 'agentId', message: 'not a user of this account' }]);
}

export function assignRoutedCase(deps: CaseCommandDeps, accountId: string, caseId: string, agentId: string, actorId: string, note?: string) {
  checkCase(deps, accountId, caseId);
  checkAgent(deps, accountId, agentId);
  return runUpdate(deps, caseId, assignCaseUpdate, { agentId, actorId, ...(note ? { note } : {}) });
}

export function transferRoutedCase(deps: CaseCommandDeps, accountId: string, caseId: string, body: { agentId?: string; skillId?: string; queueId?: string; note?: string }, actorId: string) {
  checkCase(deps, accountId, caseId);
  if (body.agentId) checkAgent(deps, accountId, body.agentId);
  if (body.skillId) {
    try { getSkill(deps.db, accountId, body.skillId); } catch { throw new ParleyError(422, 'unknown_skill', `No skill with id ${body.skillId} in this account.`, [{ path: 'skillId', message: 'unknown skill' }]); }
  }
  if (body.queueId) {
    try { getQueue(deps.db, accountId, body.queueId); } catch { throw new ParleyError(422, 'unknown_queue', `No routing queue with id ${body.queueId} in this account.`, [{ path: 'queueId', message: 'unknown queue' }]); }
  }
  return runUpdate(deps, caseId, transferCaseUpdate, { ...body, actorId });
}

export function unassignRoutedCase(deps: CaseCommandDeps, accountId: string, caseId: string, actorId: string) {
  checkCase(deps, accountId, caseId);
  return runUpdate(deps, caseId, unassignCaseUpdate, { actorId });
}

export function acceptRoutedCase(deps: CaseCommandDeps, accountId: string, caseId: string, actor: { userId?: string; keyId: string }) {
  checkCase(deps, accountId, caseId);
  return runUpdate(deps, caseId, acceptCaseUpdate, actor);
}

/** Signals `reroute` to a case's workflow; a failure is logged, the backlog sweeper catches up. */
export async function signalReroute(client: Client, caseId: string, signal: RerouteSignal, log?: (msg: string) => void) {
  try {
    await client.workflow.getHandle(caseWorkflowId(caseId)).signal(rerouteSignal, signal);
  } catch (err) {
    log?.(`routing: could not signal case ${caseId}: ${(err as Error).message}`);
  }
}

/** The agent went offline (or away): every case offered to or held by them is routed again. */
export async function rerouteAgentCases(deps: CaseCommandDeps, agentId: string) {
  const caseIds = activeCasesOf(deps.db, agentId);
  await Promise.all(caseIds.map((caseId) => signalReroute(deps.client, caseId, { reason: 'agent_offline', agentId })));
  return caseIds.length;
}
