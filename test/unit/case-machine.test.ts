import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseState, type CaseStatus } from '../../workflows/case/contract';
import {
  applyCaseEvent,
  canChangeStatus,
  createCaseSnapshot,
  restoreCaseSnapshot,
  toCaseState,
  type CaseEvent,
  type CaseSnapshot,
} from '../../workflows/case/machine';

const AUTO_CLOSE_MS = 60_000;
const T0 = 1_700_000_000_000;

// Written out independently of the machine's own table, so the test catches a drift in either.
const LEGAL: Record<CaseStatus, CaseStatus[]> = {
  new: ['open', 'pending', 'escalated', 'resolved', 'closed'],
  open: ['pending', 'escalated', 'resolved', 'closed'],
  pending: ['open', 'escalated', 'resolved', 'closed'],
  escalated: ['open', 'pending', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

const fresh = () => createCaseSnapshot({ autoCloseAfterMs: AUTO_CLOSE_MS, createdAt: T0 });
const run = (snapshot: CaseSnapshot, ...events: CaseEvent[]) => events.reduce(applyCaseEvent, snapshot);
const setStatus = (to: CaseStatus, at: number): CaseEvent => ({ type: 'SET_STATUS', to, at });

/** A case in `status`, reached the way an agent would (closed and resolved via SET_STATUS). */
function caseIn(status: CaseStatus): CaseSnapshot {
  const s = fresh();
  return status === 'new' ? s : run(s, setStatus(status, T0 + 1_000));
}

describe('case machine: SET_STATUS table', () => {
  const table = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => ({ from, to })));

  it.each(table.filter(({ from, to }) => LEGAL[from].includes(to)))('$from → $to is legal', ({ from, to }) => {
    const before = caseIn(from);
    const at = T0 + 5_000;
    const after = toCaseState(applyCaseEvent(before, setStatus(to, at)));
    expect(after.status).toBe(to);
    expect(after.statusUpdatedAt).toBe(at);
    expect(canChangeStatus(toCaseState(before), to)).toEqual({ ok: true, noop: false });
  });

  it.each(table.filter(({ from, to }) => from !== to && !LEGAL[from].includes(to)))('$from → $to is refused', ({ from, to }) => {
    const before = caseIn(from);
    const after = applyCaseEvent(before, setStatus(to, T0 + 5_000));
    expect(toCaseState(after)).toEqual(toCaseState(before));
    const check = canChangeStatus(toCaseState(before), to);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toMatch(new RegExp(`${to}`));
  });

  it.each(CASE_STATUSES.map((status) => ({ status })))('$status → $status is an accepted no-op', ({ status }) => {
    const before = caseIn(status);
    expect(canChangeStatus(toCaseState(before), status)).toEqual({ ok: true, noop: true });
    expect(toCaseState(applyCaseEvent(before, setStatus(status, T0 + 9_000)))).toEqual(toCaseState(before));
  });

  it('explains the refusals in words an agent understands', () => {
    const reason = (from: CaseStatus, to: CaseStatus) => {
      const check = canChangeStatus({ status: from }, to);
      return check.ok ? null : check.reason;
    };
    expect(reason('closed', 'open')).toBe('A closed case is final: it cannot move to open.');
    expect(reason('open', 'new')).toBe('A case cannot go back to new.');
    expect(reason('resolved', 'pending')).toBe('A resolved case cannot move to pending: reopen it first.');
    expect(reason('open', 'archived' as CaseStatus)).toMatch(/^Unknown case status "archived"/);
  });
});

describe('case machine: messages', () => {
  it('starts new, with no reply-window anchors', () => {
    expect(toCaseState(fresh())).toEqual({
      status: 'new', statusUpdatedAt: T0, statusUpdatedBy: null, lastInboundAt: null, lastOutboundAt: null,
      inboundCount: 0, outboundCount: 0, autoCloseAt: null,
    });
  });

  it('keeps the reply-window anchors at the latest message when one arrives late', () => {
    const first = applyCaseEvent(fresh(), { type: 'INBOUND', at: T0 + 5_000 });
    const late = applyCaseEvent(first, { type: 'INBOUND', at: T0 + 1_000 });
    expect(toCaseState(late)).toMatchObject({ lastInboundAt: T0 + 5_000, inboundCount: 2 });
    const out = applyCaseEvent(applyCaseEvent(late, { type: 'AGENT_REPLY', at: T0 + 9_000 }), { type: 'AGENT_REPLY', at: T0 + 8_000 });
    expect(toCaseState(out)).toMatchObject({ lastOutboundAt: T0 + 9_000, outboundCount: 2 });
  });

  it('records who made each status change: the agent, the customer, or the system', () => {
    const byAgent = applyCaseEvent(fresh(), { type: 'SET_STATUS', to: 'resolved', at: T0 + 1_000, by: 'key_ana' });
    expect(toCaseState(byAgent)).toMatchObject({ status: 'resolved', statusUpdatedBy: 'key_ana' });
    const reopened = applyCaseEvent(byAgent, { type: 'INBOUND', at: T0 + 2_000 });
    expect(toCaseState(reopened)).toMatchObject({ status: 'open', statusUpdatedBy: 'customer' });
    const resolvedAgain = applyCaseEvent(reopened, { type: 'SET_STATUS', to: 'resolved', at: T0 + 3_000 });
    expect(toCaseState(resolvedAgain).statusUpdatedBy).toBe('agent');
    const autoClosed = applyCaseEvent(resolvedAgain, { type: 'AUTO_CLOSE', at: toCaseState(resolvedAgain).autoCloseAt! });
    expect(toCaseState(autoClosed)).toMatchObject({ status: 'closed', statusUpdatedBy: 'system' });
    // A reply that opens a new case is that agent's status change.
    const replied = applyCaseEvent(fresh(), { type: 'AGENT_REPLY', at: T0 + 500, by: 'key_bo' });
    expect(toCaseState(replied)).toMatchObject({ status: 'open', statusUpdatedBy: 'key_bo' });
  });

  it('restores state carried by a run from before statusUpdatedBy existed', () => {
    const { statusUpdatedBy: _by, ...older } = toCaseState(fresh());
    expect(toCaseState(restoreCaseSnapshot(older as never, AUTO_CLOSE_MS)).statusUpdatedBy).toBeNull();
  });

  it('records inbound messages without moving new, open or escalated', () => {
    for (const status of ['new', 'open', 'escalated'] as const) {
      const before = toCaseState(caseIn(status));
      const after = toCaseState(run(caseIn(status), { type: 'INBOUND', at: T0 + 10_000 }, { type: 'INBOUND', at: T0 + 20_000 }));
      expect(after).toEqual({ ...before, lastInboundAt: T0 + 20_000, inboundCount: 2 });
    }
  });

  it('reopens a pending case when the customer writes', () => {
    const after = toCaseState(run(caseIn('pending'), { type: 'INBOUND', at: T0 + 10_000 }));
    expect(after).toMatchObject({ status: 'open', statusUpdatedAt: T0 + 10_000, lastInboundAt: T0 + 10_000, inboundCount: 1 });
  });

  it('reopens a resolved case when the customer writes, cancelling the auto-close', () => {
    const resolved = caseIn('resolved');
    expect(toCaseState(resolved).autoCloseAt).toBe(T0 + 1_000 + AUTO_CLOSE_MS);
    const after = toCaseState(run(resolved, { type: 'INBOUND', at: T0 + 10_000 }));
    expect(after).toMatchObject({ status: 'open', statusUpdatedAt: T0 + 10_000, inboundCount: 1, autoCloseAt: null });
  });

  it('keeps a resolved or pending case when the message reaching it was stored before the change (the outbox relayed it late)', () => {
    for (const status of ['resolved', 'pending'] as const) {
      const changed = caseIn(status); // changed at T0 + 1_000
      const late = toCaseState(run(changed, { type: 'INBOUND', at: T0 + 500, storedAt: T0 + 900 }));
      expect(late).toMatchObject({ status, statusUpdatedAt: T0 + 1_000, inboundCount: 1 });
      const after = toCaseState(run(changed, { type: 'INBOUND', at: T0 + 1_200, storedAt: T0 + 1_300 }));
      expect(after).toMatchObject({ status: 'open', statusUpdatedAt: T0 + 1_200 });
    }
    // Still due to close on time.
    const resolved = run(caseIn('resolved'), { type: 'INBOUND', at: T0 + 500, storedAt: T0 + 900 });
    expect(toCaseState(run(resolved, { type: 'AUTO_CLOSE', at: T0 + 1_000 + AUTO_CLOSE_MS })).status).toBe('closed');
  });

  it('opens a new case on the first agent reply', () => {
    const after = toCaseState(run(fresh(), { type: 'AGENT_REPLY', at: T0 + 3_000 }));
    expect(after).toMatchObject({ status: 'open', statusUpdatedAt: T0 + 3_000, lastOutboundAt: T0 + 3_000, outboundCount: 1 });
  });

  it('keeps the status on agent replies elsewhere, and a resolved case stays due to close', () => {
    for (const status of ['open', 'pending', 'escalated', 'resolved'] as const) {
      const before = toCaseState(caseIn(status));
      const after = toCaseState(run(caseIn(status), { type: 'AGENT_REPLY', at: T0 + 4_000 }));
      expect(after).toEqual({ ...before, lastOutboundAt: T0 + 4_000, outboundCount: 1 });
    }
  });

  it('keeps both reply-window anchors and counters independently', () => {
    const state = toCaseState(
      run(
        fresh(),
        { type: 'INBOUND', at: T0 + 1 },
        { type: 'AGENT_REPLY', at: T0 + 2 },
        { type: 'INBOUND', at: T0 + 3 },
        { type: 'INBOUND', at: T0 + 4 },
        { type: 'AGENT_REPLY', at: T0 + 5 },
      ),
    );
    expect(state).toMatchObject({ status: 'open', lastInboundAt: T0 + 4, inboundCount: 3, lastOutboundAt: T0 + 5, outboundCount: 2 });
  });
});

describe('case machine: auto-close', () => {
  it('sets autoCloseAt on entering resolved and clears it on leaving', () => {
    const resolved = run(caseIn('open'), setStatus('resolved', T0 + 50_000));
    expect(toCaseState(resolved).autoCloseAt).toBe(T0 + 50_000 + AUTO_CLOSE_MS);
    for (const to of ['open', 'closed'] as const) {
      expect(toCaseState(applyCaseEvent(resolved, setStatus(to, T0 + 60_000))).autoCloseAt).toBeNull();
    }
  });

  it('closes a resolved case when the deadline has passed, not before', () => {
    const resolved = caseIn('resolved');
    const deadline = toCaseState(resolved).autoCloseAt!;
    expect(toCaseState(applyCaseEvent(resolved, { type: 'AUTO_CLOSE', at: deadline - 1 })).status).toBe('resolved');
    const closed = toCaseState(applyCaseEvent(resolved, { type: 'AUTO_CLOSE', at: deadline }));
    expect(closed).toMatchObject({ status: 'closed', statusUpdatedAt: deadline, autoCloseAt: null });
  });

  it('ignores AUTO_CLOSE outside resolved', () => {
    for (const status of ['new', 'open', 'pending', 'escalated'] as const) {
      expect(toCaseState(applyCaseEvent(caseIn(status), { type: 'AUTO_CLOSE', at: T0 + 10 * AUTO_CLOSE_MS })).status).toBe(status);
    }
  });
});

describe('case machine: closed is final', () => {
  it('accepts no event once closed', () => {
    const closed = caseIn('closed');
    const events: CaseEvent[] = [
      { type: 'INBOUND', at: T0 + 9_000 },
      { type: 'AGENT_REPLY', at: T0 + 9_000 },
      { type: 'AUTO_CLOSE', at: T0 + 9_000 },
      ...CASE_STATUSES.map((to) => setStatus(to, T0 + 9_000)),
    ];
    for (const event of events) expect(toCaseState(applyCaseEvent(closed, event))).toEqual(toCaseState(closed));
    expect(closed.status).toBe('done');
  });
});

describe('case machine: restore from CaseState', () => {
  const samples: CaseState[] = [
    toCaseState(fresh()),
    toCaseState(run(fresh(), { type: 'INBOUND', at: T0 + 1 }, { type: 'AGENT_REPLY', at: T0 + 2 })),
    toCaseState(run(caseIn('open'), { type: 'INBOUND', at: T0 + 7 }, setStatus('resolved', T0 + 9))),
    toCaseState(caseIn('escalated')),
    toCaseState(caseIn('closed')),
  ];

  it.each(samples.map((state) => ({ state, status: state.status })))('round-trips a $status case', ({ state }) => {
    expect(toCaseState(restoreCaseSnapshot(state, AUTO_CLOSE_MS))).toEqual(state);
  });

  it('a restored case behaves like the original', () => {
    const original = run(caseIn('open'), setStatus('resolved', T0 + 9));
    const restored = restoreCaseSnapshot(toCaseState(original), AUTO_CLOSE_MS);
    const deadline = toCaseState(original).autoCloseAt!;
    for (const event of [
      { type: 'INBOUND', at: T0 + 10 },
      { type: 'AUTO_CLOSE', at: deadline },
      setStatus('pending', T0 + 10),
      setStatus('open', T0 + 10),
    ] as CaseEvent[]) {
      expect(toCaseState(applyCaseEvent(restored, event))).toEqual(toCaseState(applyCaseEvent(original, event)));
    }
    const restoredClosed = restoreCaseSnapshot(toCaseState(caseIn('closed')), AUTO_CLOSE_MS);
    expect(toCaseState(applyCaseEvent(restoredClosed, setStatus('open', T0 + 99))).status).toBe('closed');
  });
});
