// The case's routing lifecycle, pure: which routing the workflow must run next and what its outcome
// means. The workflow owns time and activities; this owns the moves. Carried across continue-as-new.
import type { RerouteSignal, RouteOutcome, RouteRequest, RoutingView } from './routing-contract';

export interface RoutingState extends RoutingView {
  /** The routing the workflow must run (null: nothing to do). */
  next: RouteRequest | null;
}

/** A workflow started before routing existed (replaying an older history) never routes. */
export const ROUTING_OFF: RoutingState = { phase: 'off', agentId: null, assignmentId: null, queueId: null, offerExpiresAt: null, next: null };

export const startRouting = (): RoutingState => ({ ...ROUTING_OFF, phase: 'pending', next: { reason: 'new', exclude: [] } });

export const routingActive = (s: RoutingState) => s.phase !== 'off' && s.phase !== 'done';

/** The outcome of routeCase / assignCase. */
export function routed(s: RoutingState, outcome: RouteOutcome): RoutingState {
  switch (outcome.kind) {
    case 'closed': return { ...s, phase: 'done', next: null };
    case 'waiting': return { ...s, phase: 'waiting', agentId: null, assignmentId: null, queueId: outcome.queueId, offerExpiresAt: null, next: null };
    case 'assigned': return {
      ...s, phase: outcome.offerExpiresAt !== null ? 'offered' : 'assigned', agentId: outcome.agentId, assignmentId: outcome.assignmentId,
      queueId: outcome.queueId, offerExpiresAt: outcome.offerExpiresAt, next: null,
    };
  }
}

/** The current assignment is given up and the case routed again without that agent. */
function rerouteAway(s: RoutingState, reason: RouteRequest['reason'], extra: Partial<RouteRequest> = {}): RoutingState {
  return {
    ...s,
    next: {
      reason, exclude: s.agentId ? [s.agentId] : [],
      ...(s.assignmentId ? { releaseAssignmentId: s.assignmentId } : {}),
      ...extra,
    },
  };
}

export function onReroute(s: RoutingState, signal: RerouteSignal): RoutingState {
  if (!routingActive(s) || s.next) return s;
  if (signal.reason === 'backlog') return s.phase === 'waiting' ? { ...s, next: { reason: 'backlog', exclude: [] } } : s;
  if (signal.agentId !== undefined && signal.agentId !== s.agentId) return s;
  if (s.phase === 'waiting') return { ...s, next: { reason: signal.reason, exclude: [] } };
  return rerouteAway(s, signal.reason);
}

/** The offer timer fired: re-offer to someone else. Ignored when the offer moved on meanwhile. */
export function onOfferExpired(s: RoutingState, now: number): RoutingState {
  if (s.phase !== 'offered' || s.offerExpiresAt === null || now < s.offerExpiresAt || s.next) return s;
  return rerouteAway(s, 'offer_expired');
}

export const onAccepted = (s: RoutingState): RoutingState => (s.phase === 'offered' ? { ...s, phase: 'assigned', offerExpiresAt: null } : s);

/** The request an unassign or a transfer to a skill turns into. */
export const unassignRequest = (s: RoutingState, actorId?: string): RouteRequest => rerouteAway(s, 'unassigned', actorId ? { actorId } : {}).next!;

export const transferToSkillRequest = (s: RoutingState, skillId: string, note?: string, actorId?: string): RouteRequest =>
  rerouteAway(s, 'transferred', { skillId, ...(note ? { note } : {}), ...(actorId ? { actorId } : {}) }).next!;

export const transferToQueueRequest = (s: RoutingState, queueId: string, note?: string, actorId?: string): RouteRequest =>
  rerouteAway(s, 'transferred', { queueId, ...(note ? { note } : {}), ...(actorId ? { actorId } : {}) }).next!;

export const onClosed = (s: RoutingState): RoutingState => (s.phase === 'off' ? s : { ...s, phase: 'done', next: null, offerExpiresAt: null });

export function toRoutingView(s: RoutingState): RoutingView {
  const { next: _next, ...view } = s;
  return view;
}
