// The routing part of the case workflow's contract: the outcome of a routing decision, the requests
// its Updates and the `reroute` signal carry, and the routing activities. Pure types.

/** Why the workflow routes (again). */
export type RouteReason = 'new' | 'offer_expired' | 'agent_offline' | 'unassigned' | 'transferred' | 'backlog' | 'reroute';

export interface RouteRequest {
  reason: RouteReason;
  /** Agents not to offer the case to this time. */
  exclude: string[];
  /** The current assignment to release first (in the same transaction). */
  releaseAssignmentId?: string;
  /** Who asked (transfer, unassign), for the timeline. */
  actorId?: string;
  note?: string;
  /** Transfer to a skill: the case's new skill. */
  skillId?: string;
  /** Transfer to a queue (a rule's Route to queue): this queue from now on, whatever its filters say. */
  queueId?: string;
}

export type RouteOutcome =
  | {
    kind: 'assigned';
    assignmentId: string;
    agentId: string;
    queueId: string | null;
    /** Set when the agent must accept by then; null: the assignment is accepted already. */
    offerExpiresAt: number | null;
  }
  | { kind: 'waiting'; queueId: string | null; reason: string }
  /** The case is closed (or gone): nothing to route. */
  | { kind: 'closed' };

/** Signal `reroute`: the API (agent offline, unassign) or the backlog sweeper asks the workflow to route again. */
export interface RerouteSignal {
  reason: 'agent_offline' | 'backlog' | 'reroute';
  /** Only reroute when the case is with this agent (agent_offline). */
  agentId?: string;
}

export interface AssignRequest {
  agentId: string;
  actorId?: string;
  note?: string;
  /** A transfer (to an agent) rather than a plain assignment: the timeline says so. */
  transfer?: boolean;
}

export interface TransferRequest {
  agentId?: string;
  skillId?: string;
  queueId?: string;
  note?: string;
  actorId?: string;
}

export interface UnassignRequest { actorId?: string }

export interface AcceptRequest {
  /** The accepting user's id; or the key they act through (resolved to its user). */
  userId?: string;
  keyId?: string;
}

/** What the routing Updates and query answer. */
export interface RoutingView {
  phase: 'off' | 'pending' | 'waiting' | 'offered' | 'assigned' | 'done';
  agentId: string | null;
  assignmentId: string | null;
  queueId: string | null;
  offerExpiresAt: number | null;
}

export interface RoutingActivities {
  /** Releases the current assignment (if asked), picks an agent and writes the assignment, in one transaction. */
  routeCase(caseId: string, request: RouteRequest): Promise<RouteOutcome>;
  /** A manual assignment (assign, transfer to an agent): releases the current one, records an accepted one. */
  assignCase(caseId: string, request: AssignRequest): Promise<RouteOutcome>;
  /** The offered agent accepted (explicitly or by replying). False when the actor is not that agent. */
  acceptAssignment(caseId: string, assignmentId: string, actor: AcceptRequest): Promise<boolean>;
  /** The case closed: frees the agent's capacity after the queue's wrap-up; the case leaves the backlog. */
  releaseOnClose(caseId: string): Promise<void>;
}
