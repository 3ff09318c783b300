// Routing activities for workflow tests that run the case workflow on fake activities: no queue, so
// every case waits unrouted (what an account without routing queues sees).
import type { RoutingActivities } from '../../workflows/case/routing-contract';

export const noRoutingActivities: RoutingActivities = {
  async routeCase() { return { kind: 'waiting', queueId: null, reason: 'no_queue' }; },
  async assignCase(_caseId, request) { return { kind: 'assigned', assignmentId: `asg-${request.agentId}`, agentId: request.agentId, queueId: null, offerExpiresAt: null }; },
  async acceptAssignment() { return false; },
  async releaseOnClose() {},
};
