// The case workflow's routing moves, pure: what a new case, an offer timer, a reroute signal, an
// accept and a close do to the routing state, and which routing the workflow must run next.
import { describe, expect, it } from 'vitest';
import {
  ROUTING_OFF, onAccepted, onClosed, onOfferExpired, onReroute, routed, startRouting, toRoutingView, transferToSkillRequest, unassignRequest,
} from '../../workflows/case/routing-machine';

const offered = routed(startRouting(), { kind: 'assigned', assignmentId: 'asg_1', agentId: 'ana', queueId: 'q', offerExpiresAt: 1000 });

describe('routing machine', () => {
  it('a new case asks to be routed; the outcome sets the phase', () => {
    expect(startRouting()).toMatchObject({ phase: 'pending', next: { reason: 'new', exclude: [] } });
    expect(offered).toMatchObject({ phase: 'offered', agentId: 'ana', assignmentId: 'asg_1', offerExpiresAt: 1000, next: null });
    expect(routed(startRouting(), { kind: 'assigned', assignmentId: 'a', agentId: 'ana', queueId: null, offerExpiresAt: null })).toMatchObject({ phase: 'assigned' });
    expect(routed(startRouting(), { kind: 'waiting', queueId: 'q', reason: 'nobody_available' })).toMatchObject({ phase: 'waiting', agentId: null, next: null });
    expect(routed(offered, { kind: 'closed' })).toMatchObject({ phase: 'done' });
  });

  it('an expired offer re-routes without that agent, releasing the offer; an early or stale timer does nothing', () => {
    expect(onOfferExpired(offered, 999)).toBe(offered);
    expect(onOfferExpired(offered, 1000).next).toEqual({ reason: 'offer_expired', exclude: ['ana'], releaseAssignmentId: 'asg_1' });
    expect(onOfferExpired(onAccepted(offered), 5000).next).toBeNull();
  });

  it('reroute: agent offline only for that agent; backlog only while waiting', () => {
    expect(onReroute(offered, { reason: 'agent_offline', agentId: 'luis' })).toBe(offered);
    expect(onReroute(offered, { reason: 'agent_offline', agentId: 'ana' }).next).toEqual({ reason: 'agent_offline', exclude: ['ana'], releaseAssignmentId: 'asg_1' });
    expect(onReroute(offered, { reason: 'backlog' })).toBe(offered);
    const waiting = routed(startRouting(), { kind: 'waiting', queueId: 'q', reason: 'no_capacity' });
    expect(onReroute(waiting, { reason: 'backlog' }).next).toEqual({ reason: 'backlog', exclude: [] });
    // A request already pending is not replaced.
    const pending = onReroute(waiting, { reason: 'backlog' });
    expect(onReroute(pending, { reason: 'reroute' })).toBe(pending);
  });

  it('a case that predates routing, or is done, ignores everything', () => {
    expect(onReroute(ROUTING_OFF, { reason: 'backlog' })).toBe(ROUTING_OFF);
    expect(onClosed(ROUTING_OFF)).toBe(ROUTING_OFF);
    const done = onClosed(offered);
    expect(done).toMatchObject({ phase: 'done', next: null });
    expect(onReroute(done, { reason: 'agent_offline', agentId: 'ana' })).toBe(done);
  });

  it('unassign and transfer to a skill release the current assignment and exclude its agent', () => {
    expect(unassignRequest(offered, 'marta')).toEqual({ reason: 'unassigned', exclude: ['ana'], releaseAssignmentId: 'asg_1', actorId: 'marta' });
    expect(transferToSkillRequest(offered, 'returns', 'note', 'marta')).toEqual({ reason: 'transferred', exclude: ['ana'], releaseAssignmentId: 'asg_1', skillId: 'returns', note: 'note', actorId: 'marta' });
  });

  it('accept moves an offer to assigned; the view drops the internal request', () => {
    expect(toRoutingView(onAccepted(offered))).toEqual({ phase: 'assigned', agentId: 'ana', assignmentId: 'asg_1', queueId: 'q', offerExpiresAt: null });
  });
});
