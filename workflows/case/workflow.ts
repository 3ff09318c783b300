// One durable workflow per case. Signals queue customer and agent messages, the `changeStatus`
// Update moves the case, a timer auto-closes a resolved case; every state change is evaluated by
// the pure case machine and mirrored to the database. Returns the final state once closed.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { mirrorCaseState, rerouteInbound } from './activity-stubs';
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
import { agentReplySignal, caseStateQuery, changeStatusUpdate, inboundMessageSignal } from './messages';
import { RecentIds } from './recent-ids';

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
    }
    return after;
  }

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

  const continueAsNewDue = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= limits.continueAsNewAfterEvents;
  };

  for (;;) {
    await withLock(drainInbox);

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
        carried: { state: current(), seenMessageIds: seen.toArray(), pending: inbox.splice(0) },
      });
    }

    const seenRevision = revision;
    const woken = () => inbox.length > 0 || revision !== seenRevision;
    const autoCloseAt = current().autoCloseAt;
    if (autoCloseAt === null) {
      await condition(woken);
      continue;
    }
    const remaining = autoCloseAt - Date.now();
    if (remaining > 0 && (await condition(woken, remaining))) continue;
    await withLock(async () => {
      // A customer message that raced the timer wins: it reopens the case, AUTO_CLOSE is then ignored.
      await drainInbox();
      await apply({ type: 'AUTO_CLOSE', at: Date.now() });
    });
  }
}

function sameState(a: CaseState, b: CaseState): boolean {
  return (Object.keys(a) as (keyof CaseState)[]).every((key) => a[key] === b[key]);
}
