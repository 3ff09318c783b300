// One durable workflow per case. Signals queue customer and agent messages, the `changeStatus`
// Update moves the case, a timer auto-closes a resolved case; every state change is evaluated by
// the pure case machine and mirrored to the database. Returns the final state once closed.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { acceptAssignment, assignCase, mirrorCaseState, releaseOnClose, rerouteInbound, routeCase } from './activity-stubs';
import { REPLY_AFTER_CLOSE, type CaseState, type CaseWorkflowInput, type MirrorCause, type QueuedCaseMessage } from './contract';
import { createDeliveryLine } from './delivery';
import { createLock } from './lock';
import {
  applyCaseEvent,
  canChangeStatus,
  createCaseSnapshot,
  restoreCaseSnapshot,
  toCaseState,
  type CaseEvent,
} from './machine';
import {
  acceptCaseUpdate, agentReplySignal, assignCaseUpdate, caseStateQuery, changeStatusUpdate, inboundMessageSignal,
  rerouteSignal, routingStateQuery, transferCaseUpdate, unassignCaseUpdate,
} from './messages';
import { RecentIds } from './recent-ids';
import type { RouteOutcome, RouteRequest } from './routing-contract';
import {
  ROUTING_OFF, onAccepted, onClosed, onOfferExpired, onReroute, routed, routingActive, startRouting, toRoutingView,
  transferToQueueRequest, transferToSkillRequest, unassignRequest, type RoutingState,
} from './routing-machine';

export interface CaseWorkflowLimits {
  /** Continue-as-new once the history is this long (or earlier, when Temporal suggests it). */
  continueAsNewAfterEvents: number;
  /** How many recent message ids are remembered to drop redelivered signals. */
  maxSeenMessageIds: number;
}

export const DEFAULT_CASE_LIMITS: CaseWorkflowLimits = {
  continueAsNewAfterEvents: 5_000,
  maxSeenMessageIds: 1_000,
};

/** The contract's input plus optional limits (tests shrink them; callers normally omit them). */
export type CaseWorkflowArgs = CaseWorkflowInput & { limits?: Partial<CaseWorkflowLimits> };


export const ILLEGAL_STATUS_TRANSITION = 'IllegalStatusTransition';
export const ROUTING_REFUSED = 'RoutingRefused';
/** Patch id: runs started before routing existed replay without it (and never route). */
export const ROUTING_PATCH = 'case-routing';

export async function caseWorkflow(input: CaseWorkflowArgs): Promise<CaseState> {
  const limits = { ...DEFAULT_CASE_LIMITS, ...input.limits };
  let snapshot = input.carried
    ? restoreCaseSnapshot(input.carried.state, input.autoCloseAfterMs)
    : createCaseSnapshot({ autoCloseAfterMs: input.autoCloseAfterMs, createdAt: Date.now() });
  const seen = new RecentIds(limits.maxSeenMessageIds, input.carried?.seenMessageIds);
  // Messages a previous run had received but not applied come first, in their order.
  const inbox: QueuedCaseMessage[] = [...(input.carried?.pending ?? [])];
  const withLock = createLock();
  const deliveries = createDeliveryLine();
  // Bumped on every state change so the main loop re-plans its auto-close timer.
  let revision = 0;
  // Routing: a new case routes once the workflow runs; a carried run keeps the previous run's state.
  let routing: RoutingState = input.carried ? (input.carried.routing ?? ROUTING_OFF) : patched(ROUTING_PATCH) ? startRouting() : ROUTING_OFF;

  const current = () => toCaseState(snapshot);
  const isClosed = () => current().status === 'closed';

  /** Applies one event and mirrors the result when it changed anything. Only under the lock. */
  async function apply(event: CaseEvent, cause?: MirrorCause): Promise<CaseState> {
    const before = current();
    snapshot = applyCaseEvent(snapshot, event);
    const after = current();
    if (!sameState(before, after)) {
      revision++;
      if (cause) await mirrorCaseState(input.caseId, after, cause);
      else await mirrorCaseState(input.caseId, after);
      // Closing frees the agent (after the queue's wrap-up) and takes the case out of the backlog.
      if (after.status === 'closed' && routingActive(routing)) {
        await releaseOnClose(input.caseId);
        routing = onClosed(routing);
      }
    }
    return after;
  }

  /** Runs a routing decision and records its outcome. Only under the lock. */
  async function route(run: () => Promise<RouteOutcome>) {
    routing = routed(routing, await run());
    revision++;
    return toRoutingView(routing);
  }
  const routeNow = (request: RouteRequest) => route(() => routeCase(input.caseId, request));

  /** Applies queued messages in arrival order. Only under the lock. */
  async function drainInbox() {
    for (let message = inbox.shift(); message; message = inbox.shift()) {
      if (message.kind === 'inbound') {
        if (isClosed()) {
          // Closed is final: the message opens (or joins) the thread's next case.
          log.info('Inbound message reached a closed case; rerouting it', { caseId: input.caseId, messageId: message.messageId });
          await rerouteInbound(input.caseId, message.messageId);
        } else {
          await apply({ type: 'INBOUND', at: message.at, ...(message.storedAt !== undefined ? { storedAt: message.storedAt } : {}) });
        }
      } else if (isClosed()) {
        deliveries.fail(message.messageId, REPLY_AFTER_CLOSE);
      } else {
        await apply({ type: 'AGENT_REPLY', at: message.at, by: message.agentId });
        deliveries.deliver(message.messageId);
        // The offered agent's first reply accepts the case (replies by others or by rules do not).
        if (routing.phase === 'offered' && routing.assignmentId && message.agentId
          && (await acceptAssignment(input.caseId, routing.assignmentId, { keyId: message.agentId }))) {
          routing = onAccepted(routing);
          revision++;
        }
      }
    }
  }

  const enqueue = (kind: QueuedCaseMessage['kind']) => ({ messageId, at, agentId, storedAt }: { messageId: string; at: number; agentId?: string; storedAt?: number }) => {
    if (seen.add(messageId)) inbox.push({ kind, messageId, at, agentId, ...(storedAt !== undefined ? { storedAt } : {}) });
  };
  setHandler(inboundMessageSignal, enqueue('inbound'));
  setHandler(agentReplySignal, enqueue('agentReply'));

  const refuseIllegal = (status: CaseState['status']) => {
    const check = canChangeStatus(current(), status);
    if (!check.ok) throw ApplicationFailure.nonRetryable(check.reason, ILLEGAL_STATUS_TRANSITION);
    return check;
  };
  setHandler(
    changeStatusUpdate,
    ({ status, actorId, detail, origin }) =>
      withLock(async () => {
        // Messages that arrived before this update apply first, so the case sees them in order.
        await drainInbox();
        // Re-checked: the case may have moved (e.g. auto-closed) since the validator ran.
        if (refuseIllegal(status).noop) return current();
        // A rule's change carries its audit detail and rule chain to the mirror.
        const cause = detail || origin ? { ...(detail ? { detail } : {}), ...(origin ? { origin } : {}) } : undefined;
        return apply({ type: 'SET_STATUS', to: status, at: Date.now(), by: actorId }, cause);
      }),
    { validator: ({ status }) => void refuseIllegal(status) },
  );
  setHandler(caseStateQuery, current);

  // Routing: the reroute signal, manual moves as Updates (serialised with everything else by the lock).
  setHandler(rerouteSignal, (signal) => { routing = onReroute(routing, signal); });
  setHandler(routingStateQuery, () => toRoutingView(routing));
  const refuseRouting = () => {
    if (routing.phase === 'off') throw ApplicationFailure.nonRetryable('This case started before routing existed: assign it with PATCH /cases/{id}.', ROUTING_REFUSED);
    if (isClosed() || routing.phase === 'done') throw ApplicationFailure.nonRetryable('This case is closed, and a closed case is final.', ROUTING_REFUSED);
  };
  setHandler(acceptCaseUpdate, (actor) => withLock(async () => {
    refuseRouting();
    if (routing.phase === 'assigned') {
      if (!routing.assignmentId || !(await acceptAssignment(input.caseId, routing.assignmentId, actor))) {
        throw ApplicationFailure.nonRetryable('This case is assigned to another agent.', ROUTING_REFUSED);
      }
      return toRoutingView(routing);
    }
    if (routing.phase !== 'offered' || !routing.assignmentId) throw ApplicationFailure.nonRetryable('This case is not offered to anyone.', ROUTING_REFUSED);
    if (!(await acceptAssignment(input.caseId, routing.assignmentId, actor))) {
      throw ApplicationFailure.nonRetryable('This case is offered to another agent.', ROUTING_REFUSED);
    }
    routing = onAccepted(routing);
    revision++;
    return toRoutingView(routing);
  }), { validator: (_request) => refuseRouting() });
  setHandler(assignCaseUpdate, (request) => withLock(async () => {
    refuseRouting();
    return route(() => assignCase(input.caseId, request));
  }), { validator: (_request) => refuseRouting() });
  setHandler(transferCaseUpdate, ({ agentId, skillId, queueId, note, actorId }) => withLock(async () => {
    refuseRouting();
    if (agentId) return route(() => assignCase(input.caseId, { agentId, note, actorId, transfer: true }));
    if (queueId) return routeNow(transferToQueueRequest(routing, queueId, note, actorId));
    return routeNow(transferToSkillRequest(routing, skillId!, note, actorId));
  }), { validator: ({ agentId, skillId, queueId }) => {
    refuseRouting();
    if ([agentId, skillId, queueId].filter(Boolean).length !== 1) throw ApplicationFailure.nonRetryable('Transfer to an agent, a skill or a queue (one of them).', ROUTING_REFUSED);
  } });
  setHandler(unassignCaseUpdate, ({ actorId }) => withLock(async () => {
    refuseRouting();
    if (!routing.agentId) return toRoutingView(routing);
    return routeNow(unassignRequest(routing, actorId));
  }), { validator: (_request) => refuseRouting() });

  const continueAsNewDue = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= limits.continueAsNewAfterEvents;
  };

  for (;;) {
    await withLock(drainInbox);

    // A routing decision is due (a new case, an expired offer, a reroute signal).
    if (routing.next && !isClosed()) {
      await withLock(async () => {
        if (routing.next && !isClosed()) await routeNow(routing.next);
      });
      continue;
    }

    if (isClosed() || continueAsNewDue()) {
      // Deliveries in flight and running handlers cannot be carried over: let them finish, and keep
      // applying messages that arrive meanwhile.
      await condition(() => inbox.length > 0 || (deliveries.idle() && allHandlersFinished()));
      const settled = deliveries.idle() && allHandlersFinished();
      if (isClosed()) {
        if (inbox.length > 0 || !settled) continue;
        return current();
      }
      if (!settled) continue;
      // Messages still queued travel with the new run, so a steady stream cannot postpone this.
      await continueAsNew<typeof caseWorkflow>({
        ...input,
        carried: { state: current(), seenMessageIds: seen.toArray(), pending: inbox.splice(0), ...(routing.phase !== 'off' ? { routing } : {}) },
      });
    }

    const seenRevision = revision;
    const woken = () => inbox.length > 0 || revision !== seenRevision || routing.next !== null;
    const autoCloseAt = current().autoCloseAt;
    const offerExpiresAt = routing.phase === 'offered' ? routing.offerExpiresAt : null;
    const deadline = autoCloseAt === null ? offerExpiresAt : offerExpiresAt === null ? autoCloseAt : Math.min(autoCloseAt, offerExpiresAt);
    if (deadline === null) {
      await condition(woken);
      continue;
    }
    const remaining = deadline - Date.now();
    if (remaining > 0 && (await condition(woken, remaining))) continue;
    await withLock(async () => {
      // A customer message that raced the timer wins: it reopens the case, AUTO_CLOSE is then ignored.
      await drainInbox();
      // An offer nobody accepted in time goes to someone else (the loop runs the re-route).
      routing = onOfferExpired(routing, Date.now());
      if (current().autoCloseAt !== null) await apply({ type: 'AUTO_CLOSE', at: Date.now() });
    });
  }
}

function sameState(a: CaseState, b: CaseState): boolean {
  return (Object.keys(a) as (keyof CaseState)[]).every((key) => a[key] === b[key]);
}
