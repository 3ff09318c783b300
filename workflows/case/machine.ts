// The case lifecycle as an xstate machine. The workflow evaluates it only through the pure
// `initialTransition` / `transition` functions (no actor, no xstate timers): the workflow owns
// time and side effects, the machine owns which moves are legal and what they change.
import { assign, initialTransition, setup, transition, type SnapshotFrom } from 'xstate';
import { CASE_STATUSES, type CaseState, type CaseStatus } from './contract';

/** Machine context: the CaseState fields (the status is the state value) plus the auto-close delay. */
export interface CaseContext extends Omit<CaseState, 'status'> {
  autoCloseAfterMs: number;
}

export interface CaseMachineInput {
  autoCloseAfterMs: number;
  /** ms since epoch the case was created (becomes the first statusUpdatedAt). */
  createdAt: number;
}

/** Every event carries its own time (ms since epoch): the machine never reads a clock. */
export type CaseEvent =
  | { type: 'INBOUND'; at: number; storedAt?: number }
  | { type: 'AGENT_REPLY'; at: number; by?: string }
  | { type: 'SET_STATUS'; to: CaseStatus; at: number; by?: string }
  | { type: 'AUTO_CLOSE'; at: number };

/** Who caused a status change, for the case's audit trail. */
function actorOf(event: CaseEvent): string {
  switch (event.type) {
    case 'INBOUND': return 'customer';
    case 'AUTO_CLOSE': return 'system';
    default: return event.by ?? 'agent';
  }
}

/** Legal manual moves. Nothing goes back to `new`; `closed` is final. */
export const STATUS_MOVES: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['open', 'pending', 'escalated', 'resolved', 'closed'],
  open: ['pending', 'escalated', 'resolved', 'closed'],
  pending: ['open', 'escalated', 'resolved', 'closed'],
  escalated: ['open', 'pending', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

const caseSetup = setup({
  types: {} as { context: CaseContext; events: CaseEvent; input: CaseMachineInput },
  guards: {
    isMoveTo: ({ event }, params: { to: CaseStatus }) => event.type === 'SET_STATUS' && event.to === params.to,
    // Defensive: a late or early timer must not close a case whose deadline moved.
    autoCloseDue: ({ context, event }) => context.autoCloseAt !== null && event.at >= context.autoCloseAt,
    // The outbox relays messages asynchronously, so a message Parley stored before the agent resolved
    // (or set pending) can reach the workflow after that change: it was there to be read, so it does
    // not undo the change. Only a message stored afterwards reopens the case.
    storedBeforeStatus: ({ context, event }) => event.type === 'INBOUND' && event.storedAt !== undefined && event.storedAt < context.statusUpdatedAt,
  },
  actions: {
    stampStatus: assign({ statusUpdatedAt: ({ event }) => event.at, statusUpdatedBy: ({ event }) => actorOf(event) }),
    // Reply windows run from the latest message: a message that arrives late (older timestamp)
    // counts, but does not move the anchor back.
    recordInbound: assign({
      lastInboundAt: ({ context, event }) => Math.max(context.lastInboundAt ?? event.at, event.at),
      inboundCount: ({ context }) => context.inboundCount + 1,
    }),
    recordOutbound: assign({
      lastOutboundAt: ({ context, event }) => Math.max(context.lastOutboundAt ?? event.at, event.at),
      outboundCount: ({ context }) => context.outboundCount + 1,
    }),
    scheduleAutoClose: assign({ autoCloseAt: ({ context, event }) => event.at + context.autoCloseAfterMs }),
    cancelAutoClose: assign({ autoCloseAt: null }),
  },
});

/** SET_STATUS transitions out of `from`, one guarded branch per legal target. */
const manualMoves = (from: CaseStatus) =>
  STATUS_MOVES[from].map((to) => ({
    guard: { type: 'isMoveTo' as const, params: { to } },
    target: to,
    actions: 'stampStatus' as const,
  }));

export const caseMachine = caseSetup.createMachine({
  id: 'case',
  initial: 'new',
  context: ({ input }) => ({
    statusUpdatedAt: input.createdAt,
    statusUpdatedBy: null,
    lastInboundAt: null,
    lastOutboundAt: null,
    inboundCount: 0,
    outboundCount: 0,
    autoCloseAt: null,
    autoCloseAfterMs: input.autoCloseAfterMs,
  }),
  states: {
    new: {
      on: {
        INBOUND: { actions: 'recordInbound' },
        AGENT_REPLY: { target: 'open', actions: ['recordOutbound', 'stampStatus'] },
        SET_STATUS: manualMoves('new'),
      },
    },
    open: {
      on: {
        INBOUND: { actions: 'recordInbound' },
        AGENT_REPLY: { actions: 'recordOutbound' },
        SET_STATUS: manualMoves('open'),
      },
    },
    pending: {
      on: {
        // The customer answered what we were waiting for.
        INBOUND: [{ guard: 'storedBeforeStatus', actions: 'recordInbound' }, { target: 'open', actions: ['recordInbound', 'stampStatus'] }],
        AGENT_REPLY: { actions: 'recordOutbound' },
        SET_STATUS: manualMoves('pending'),
      },
    },
    escalated: {
      on: {
        INBOUND: { actions: 'recordInbound' },
        AGENT_REPLY: { actions: 'recordOutbound' },
        SET_STATUS: manualMoves('escalated'),
      },
    },
    resolved: {
      entry: 'scheduleAutoClose',
      exit: 'cancelAutoClose',
      on: {
        // The customer wrote again: the case reopens and the auto-close is cancelled (exit action).
        INBOUND: [{ guard: 'storedBeforeStatus', actions: 'recordInbound' }, { target: 'open', actions: ['recordInbound', 'stampStatus'] }],
        AGENT_REPLY: { actions: 'recordOutbound' },
        SET_STATUS: manualMoves('resolved'),
        AUTO_CLOSE: { guard: 'autoCloseDue', target: 'closed', actions: 'stampStatus' },
      },
    },
    closed: { type: 'final' },
  },
});

export type CaseSnapshot = SnapshotFrom<typeof caseMachine>;

/** The snapshot of a brand-new case. */
export function createCaseSnapshot(input: CaseMachineInput): CaseSnapshot {
  return initialTransition(caseMachine, input)[0];
}

/** Rebuilds a snapshot from a plain CaseState (e.g. carried across continue-as-new). */
export function restoreCaseSnapshot(state: CaseState, autoCloseAfterMs: number): CaseSnapshot {
  const { status, ...fields } = state;
  return caseMachine.resolveState({
    value: status,
    // statusUpdatedBy arrived later: state carried by older runs lacks it.
    context: { ...fields, statusUpdatedBy: fields.statusUpdatedBy ?? null, autoCloseAfterMs },
    status: status === 'closed' ? 'done' : 'active',
  });
}

/** Applies one event. Events the current state does not accept leave the snapshot as it is. */
export function applyCaseEvent(snapshot: CaseSnapshot, event: CaseEvent): CaseSnapshot {
  return transition(caseMachine, snapshot, event)[0];
}

/** The plain, serialisable view of a snapshot: what is mirrored, queried and carried over. */
export function toCaseState(snapshot: CaseSnapshot): CaseState {
  const { autoCloseAfterMs: _delay, ...fields } = snapshot.context;
  return { status: snapshot.value as CaseStatus, ...fields };
}

export type StatusChangeCheck = { ok: true; noop: boolean } | { ok: false; reason: string };

/** Whether an agent may move a case from its current status to `to`, with a reason when not. */
export function canChangeStatus(state: Pick<CaseState, 'status'>, to: CaseStatus): StatusChangeCheck {
  const from = state.status;
  if (!(CASE_STATUSES as readonly string[]).includes(to)) {
    return { ok: false, reason: `Unknown case status "${String(to)}". Use one of: ${CASE_STATUSES.join(', ')}.` };
  }
  if (to === from) return { ok: true, noop: true };
  if (from === 'closed') return { ok: false, reason: `A closed case is final: it cannot move to ${to}.` };
  if (to === 'new') return { ok: false, reason: 'A case cannot go back to new.' };
  if (!STATUS_MOVES[from].includes(to)) {
    return { ok: false, reason: `A ${from} case cannot move to ${to}: reopen it first.` };
  }
  return { ok: true, noop: false };
}
