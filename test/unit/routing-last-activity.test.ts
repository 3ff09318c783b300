// Routing and the inbox's last activity (engine/cases/last-activity.ts): routing's own offers,
// re-offers and an agent accepting do not move a case in the inbox; a person assigning, transferring
// or unassigning it does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAgentActor } from '../../engine/cases/last-activity';
import { acceptAssignment, assignCase, routeCase } from '../../engine/routing/route-case';
import { addAgent, addCase, addQueue, addSkill } from '../support/routing-fixtures';
import { tempDb } from '../support/temp-db';

let t: ReturnType<typeof tempDb>;
beforeEach(() => {
  t = tempDb();
  addSkill(t.db, t.accountId, 'billing', 'Billing');
  addSkill(t.db, t.accountId, 'returns', 'Returns');
  addAgent(t.db, t.accountId, 'ana', { skills: { billing: 1 } });
  addAgent(t.db, t.accountId, 'luis', { skills: { billing: 2, returns: 1 } });
  addAgent(t.db, t.accountId, 'sara', { name: 'Sara (supervisor)' });
  addQueue(t.db, t.accountId, 'q', { skillId: 'billing' });
});
afterEach(() => t.close());

const T0 = Date.now() - 60_000;
const lastActivity = (caseId: string) => (t.db.$client.prepare('select last_activity_at a from cases where id = ?').get(caseId) as { a: number }).a;

describe('routing and last activity', () => {
  it("routing's offer, a re-offer after it expired and the agent's accept leave it; a person's assign, transfer and unassign move it", () => {
    const caseId = addCase(t.db, t.accountId, t.channelId, { lastActivityAt: T0 });
    const offer = routeCase(t.db, caseId, { reason: 'new', exclude: [] }, T0 + 1000);
    expect(offer).toMatchObject({ kind: 'assigned', agentId: 'ana' });
    const reoffer = routeCase(t.db, caseId, { reason: 'offer_expired', exclude: ['ana'], releaseAssignmentId: offer.kind === 'assigned' ? offer.assignmentId : undefined }, T0 + 2000);
    expect(reoffer).toMatchObject({ kind: 'assigned', agentId: 'luis' });
    expect(acceptAssignment(t.db, caseId, reoffer.kind === 'assigned' ? reoffer.assignmentId : '', { userId: 'luis' }, T0 + 3000)).toBe(true);
    expect(lastActivity(caseId)).toBe(T0);

    const assigned = assignCase(t.db, caseId, { agentId: 'ana', actorId: 'sara' }, T0 + 4000);
    expect(lastActivity(caseId)).toBe(T0 + 4000);
    const idOf = (o: ReturnType<typeof routeCase>) => (o.kind === 'assigned' ? o.assignmentId : undefined);
    const transferred = routeCase(t.db, caseId, { reason: 'transferred', exclude: [], skillId: 'returns', actorId: 'sara', note: 'a return, not a bill', releaseAssignmentId: idOf(assigned) }, T0 + 5000);
    expect(transferred).toMatchObject({ kind: 'assigned', agentId: 'luis' });
    expect(lastActivity(caseId)).toBe(T0 + 5000);
    // A rule routing it to a queue is automation: no move.
    const byRule = routeCase(t.db, caseId, { reason: 'transferred', exclude: [], queueId: 'q', actorId: 'rule:rule_1', releaseAssignmentId: idOf(transferred) }, T0 + 6000);
    expect(lastActivity(caseId)).toBe(T0 + 5000);
    routeCase(t.db, caseId, { reason: 'unassigned', exclude: [], actorId: 'sara', releaseAssignmentId: idOf(byRule) }, T0 + 7000);
    expect(lastActivity(caseId)).toBe(T0 + 7000);
  });
});

describe('who counts as a person', () => {
  it('agents (user, session or key ids) do; the customer, Parley and automation do not', () => {
    for (const actor of ['usr_ana', 'key_0abc', 'agent', 'api']) expect(isAgentActor(actor)).toBe(true);
    for (const actor of ['customer', 'system', 'rule:rule_1', 'campaign:cmp_1', 'flow:payment', null, undefined, '']) expect(isAgentActor(actor)).toBe(false);
  });
});
