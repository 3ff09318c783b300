// The case workflow against Temporal's time-skipping test server, with in-test fake activities
// that record what the workflow asked for. Auto-close delays of hours are skipped with env.sleep.
//
// To refresh the replay fixture: CAPTURE_CASE_HISTORY=1 npx vitest run --project integration test/integration/case-workflow.test.ts
import { noRoutingActivities } from '../support/routing-stand-ins';
import type { RoutingActivities } from '../../workflows/case/routing-contract';
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTestServer } from '../../engine/temporal/binaries';
import {
  caseWorkflowId,
  type CaseActivities,
  type CaseState,
  type CaseStatus,
  type DeliveryOutcome,
} from '../../workflows/case/contract';
import { agentReplySignal, caseStateQuery, changeStatusUpdate, inboundMessageSignal } from '../../workflows/case/messages';
import { caseWorkflow, type CaseWorkflowArgs } from '../../workflows/case/workflow';

const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
const fixturePath = fileURLToPath(new URL('../fixtures/histories/case-lifecycle.json', import.meta.url));
const taskQueue = `case-workflow-test-${Date.now()}`;
const HOUR = 3_600_000;

// ---- fake activities: record every call; deliveries follow a per-message script ----

type DeliveryScript = (attempt: number) => Promise<DeliveryOutcome>;
const mirrors: { caseId: string; state: CaseState }[] = [];
const deliveries: { messageId: string; attempt: number }[] = [];
const failures: { messageId: string; reason: string }[] = [];
const reroutes: { caseId: string; messageId: string }[] = [];
const scripts = new Map<string, DeliveryScript>();

const activities: CaseActivities & RoutingActivities = {
  // Routing (issue #10) runs in every case workflow; these cases have no queue to go to.
  ...noRoutingActivities,
  async mirrorCaseState(caseId, state) {
    mirrors.push({ caseId, state });
  },
  async deliverMessage(messageId) {
    const attempt = Context.current().info.attempt;
    deliveries.push({ messageId, attempt });
    const script = scripts.get(messageId);
    return script ? script(attempt) : { status: 'sent', providerMessageId: `prov-${messageId}` };
  },
  async markMessageFailed(messageId, reason) {
    failures.push({ messageId, reason });
  },
  async rerouteInbound(caseId, messageId) {
    reroutes.push({ caseId, messageId });
  },
};

const mirrorsOf = (caseId: string) => mirrors.filter((m) => m.caseId === caseId).map((m) => m.state);
const deliveriesOf = (messageId: string) => deliveries.filter((d) => d.messageId === messageId);

// ---- environment ----

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  // The failing deliveries below are on purpose: keep their retry warnings out of the test output.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveTestServer() } },
  });
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await env?.teardown();
});

let caseCounter = 0;
async function startCase(overrides: Partial<CaseWorkflowArgs> = {}) {
  const caseId = `case${++caseCounter}-${Date.now()}`;
  const handle = await env.client.workflow.start(caseWorkflow, {
    workflowId: caseWorkflowId(caseId),
    taskQueue,
    args: [{ caseId, accountId: 'acc1', autoCloseAfterMs: 24 * HOUR, ...overrides }],
  });
  return { caseId, handle };
}

/** Polls (in real time; workflow time stays frozen) until `check` passes. */
async function eventually<T>(read: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type CaseHandle = WorkflowHandle<typeof caseWorkflow>;
const stateOf = (handle: CaseHandle) => handle.query(caseStateQuery);
const untilState = (handle: CaseHandle, check: (s: CaseState) => boolean) => eventually(() => stateOf(handle), check);
const setStatus = (handle: CaseHandle, status: CaseStatus) => handle.executeUpdate(changeStatusUpdate, { args: [{ status }] });

async function updateError(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return ((err as WorkflowUpdateFailedError).cause as Error).message;
}

describe('case workflow', () => {
  it('records an inbound message on a new case and mirrors it', async () => {
    const { caseId, handle } = await startCase();
    await handle.signal(inboundMessageSignal, { messageId: `${caseId}-in1`, at: 1_000 });
    const state = await untilState(handle, (s) => s.inboundCount === 1);
    expect(state).toMatchObject({ status: 'new', lastInboundAt: 1_000, lastOutboundAt: null, outboundCount: 0 });
    await eventually(() => mirrorsOf(caseId), (m) => m.length === 1);
    expect(mirrorsOf(caseId)[0]).toEqual(state);
  });

  it('opens the case on an agent reply and delivers it once, even when the signal is redelivered', async () => {
    const { caseId, handle } = await startCase();
    const messageId = `${caseId}-out1`;
    await handle.signal(agentReplySignal, { messageId, at: 2_000, agentId: 'agent1' });
    await handle.signal(agentReplySignal, { messageId, at: 2_000, agentId: 'agent1' });
    const state = await untilState(handle, (s) => s.status === 'open');
    expect(state).toMatchObject({ lastOutboundAt: 2_000, outboundCount: 1, statusUpdatedAt: 2_000 });
    await eventually(() => deliveriesOf(messageId), (d) => d.length === 1);
    // One more round trip through the workflow, then check nothing else was delivered or counted.
    await handle.signal(inboundMessageSignal, { messageId: `${caseId}-in1`, at: 3_000 });
    await untilState(handle, (s) => s.inboundCount === 1);
    expect(deliveriesOf(messageId)).toHaveLength(1);
    expect((await stateOf(handle)).outboundCount).toBe(1);
  });

  it('refuses illegal status changes with a clear reason and leaves the case as it was', async () => {
    const { caseId, handle } = await startCase();
    const opened = await setStatus(handle, 'open');
    expect(opened.status).toBe('open');
    expect(await updateError(setStatus(handle, 'new'))).toBe('A case cannot go back to new.');
    const resolved = await setStatus(handle, 'resolved');
    expect(await updateError(setStatus(handle, 'pending'))).toBe('A resolved case cannot move to pending: reopen it first.');
    expect(await stateOf(handle)).toEqual(resolved);
    expect(mirrorsOf(caseId).map((s) => s.status)).toEqual(['open', 'resolved']);
  });

  it('treats setting the current status as a no-op: same state back, no mirror write', async () => {
    const { caseId, handle } = await startCase();
    const pending = await setStatus(handle, 'pending');
    expect(await setStatus(handle, 'pending')).toEqual(pending);
    expect(mirrorsOf(caseId)).toEqual([pending]);
  });

  it('delivers a reply sent just before the close, and refuses to reopen the closed case meanwhile', async () => {
    const { caseId, handle } = await startCase();
    const messageId = `${caseId}-slow`;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    scripts.set(messageId, async () => {
      await released;
      return { status: 'sent', providerMessageId: 'p1' };
    });
    await handle.signal(agentReplySignal, { messageId, at: 5_000 });
    const closed = await setStatus(handle, 'closed');
    // The reply was applied first (it arrived first), then the close.
    expect(closed).toMatchObject({ status: 'closed', outboundCount: 1, lastOutboundAt: 5_000 });
    await eventually(() => deliveriesOf(messageId), (d) => d.length === 1);
    // Still running (the delivery is in flight), and a closed case is final.
    expect(await updateError(setStatus(handle, 'open'))).toBe('A closed case is final: it cannot move to open.');
    expect((await stateOf(handle)).status).toBe('closed');
    release();
    expect(await handle.result()).toEqual(closed);
    expect(mirrorsOf(caseId).map((s) => s.status)).toEqual(['open', 'closed']);
  });

  it('hands a customer message that reaches a closed case on to a new case', async () => {
    const { caseId, handle } = await startCase();
    const messageId = `${caseId}-held`;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    scripts.set(messageId, async () => {
      await released;
      return { status: 'sent', providerMessageId: 'p2' };
    });
    await handle.signal(agentReplySignal, { messageId, at: 1_000 });
    const closed = await setStatus(handle, 'closed');
    // The workflow is still running (its delivery is in flight) when the customer writes again.
    await handle.signal(inboundMessageSignal, { messageId: `${caseId}-late`, at: 9_000 });
    await eventually(() => reroutes.filter((r) => r.caseId === caseId), (r) => r.length === 1);
    expect(reroutes.find((r) => r.caseId === caseId)).toEqual({ caseId, messageId: `${caseId}-late` });
    release();
    expect(await handle.result()).toEqual(closed);
  });

  it('auto-closes a resolved case once the delay has passed', async () => {
    const { caseId, handle } = await startCase({ autoCloseAfterMs: 2 * HOUR });
    const resolved = await setStatus(handle, 'resolved');
    // Status changes are stamped with workflow time (the server's clock), not a caller's.
    expect(Math.abs(resolved.statusUpdatedAt - (await env.currentTimeMs()))).toBeLessThan(60_000);
    expect(resolved.autoCloseAt).toBe(resolved.statusUpdatedAt + 2 * HOUR);
    await env.sleep('1 hour');
    expect((await stateOf(handle)).status).toBe('resolved');
    await env.sleep('61 minutes');
    await eventually(() => handle.describe(), (d) => d.status.name === 'COMPLETED');
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'closed', autoCloseAt: null });
    expect(final.statusUpdatedAt).toBeGreaterThanOrEqual(resolved.autoCloseAt!);
    expect(mirrorsOf(caseId).at(-1)).toEqual(final);
  });

  it('reopens a resolved case when the customer writes, and does not close it after the delay', async () => {
    const { caseId, handle } = await startCase({ autoCloseAfterMs: 2 * HOUR });
    await setStatus(handle, 'resolved');
    await env.sleep('1 hour');
    const now = await env.currentTimeMs();
    await handle.signal(inboundMessageSignal, { messageId: `${caseId}-in1`, at: now });
    const reopened = await untilState(handle, (s) => s.inboundCount === 1);
    expect(reopened).toMatchObject({ status: 'open', autoCloseAt: null, lastInboundAt: now });
    await env.sleep('3 hours');
    expect(await stateOf(handle)).toEqual(reopened);
    expect(mirrorsOf(caseId).map((s) => s.status)).toEqual(['resolved', 'open']);
    const { status } = await handle.describe();
    expect(status.name).toBe('RUNNING');
  });

  it('retries a transient delivery failure with backoff until it succeeds', async () => {
    const { caseId, handle } = await startCase();
    const messageId = `${caseId}-flaky`;
    scripts.set(messageId, async (attempt) => {
      if (attempt <= 2) throw new Error('Channel timed out');
      return { status: 'sent', providerMessageId: 'p-flaky' };
    });
    await handle.signal(agentReplySignal, { messageId, at: 7_000 });
    await untilState(handle, (s) => s.status === 'open');
    await env.sleep('1 minute');
    await eventually(() => deliveriesOf(messageId), (d) => d.length === 3);
    expect(deliveriesOf(messageId).map((d) => d.attempt)).toEqual([1, 2, 3]);
    expect(failures.filter((f) => f.messageId === messageId)).toEqual([]);
  });

  it('marks the message failed when the delivery retries run out', async () => {
    const { caseId, handle } = await startCase();
    const messageId = `${caseId}-dead`;
    scripts.set(messageId, async () => {
      throw new Error('Connection refused');
    });
    await handle.signal(agentReplySignal, { messageId, at: 8_000 });
    await untilState(handle, (s) => s.status === 'open');
    await env.sleep('10 minutes');
    const failed = await eventually(() => failures.filter((f) => f.messageId === messageId), (f) => f.length === 1);
    expect(failed[0].reason).toContain('Connection refused');
    expect(deliveriesOf(messageId)).toHaveLength(8);
    // The case itself carries on.
    expect((await stateOf(handle)).status).toBe('open');
  });

  it('continues as new when the history grows, keeping the state and the seen message ids', async () => {
    const { caseId, handle } = await startCase({ limits: { continueAsNewAfterEvents: 15 } });
    const firstRunId = (await handle.describe()).runId;
    for (let i = 1; i <= 6; i++) {
      await handle.signal(inboundMessageSignal, { messageId: `${caseId}-in${i}`, at: i * 1_000 });
      await untilState(handle, (s) => s.inboundCount === i);
    }
    // The run continues as new once it is idle (nothing queued, nothing in flight).
    await eventually(() => handle.describe(), (d) => d.runId !== firstRunId);
    // Redelivered ids from an earlier run are still recognised.
    await handle.signal(inboundMessageSignal, { messageId: `${caseId}-in1`, at: 99_000 });
    await handle.signal(inboundMessageSignal, { messageId: `${caseId}-in7`, at: 7_000 });
    const state = await untilState(handle, (s) => s.inboundCount === 7);
    expect(state).toMatchObject({ status: 'new', lastInboundAt: 7_000 });
    // A status change still works in the new run and sees the carried state.
    expect(await setStatus(handle, 'pending')).toMatchObject({ status: 'pending', inboundCount: 7 });
  });

  it('runs a full lifecycle (and captures the replay fixture on request)', async () => {
    const { caseId, handle } = await startCase({ autoCloseAfterMs: HOUR });
    const t = await env.currentTimeMs();
    await handle.signal(inboundMessageSignal, { messageId: `${caseId}-in1`, at: t });
    await handle.signal(inboundMessageSignal, { messageId: `${caseId}-in1`, at: t });
    await handle.signal(agentReplySignal, { messageId: `${caseId}-out1`, at: t + 1 });
    await untilState(handle, (s) => s.status === 'open');
    await setStatus(handle, 'pending');
    await handle.signal(inboundMessageSignal, { messageId: `${caseId}-in2`, at: t + 2 });
    await untilState(handle, (s) => s.status === 'open');
    await setStatus(handle, 'escalated');
    await setStatus(handle, 'resolved');
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'closed', inboundCount: 2, outboundCount: 1 });
    expect(mirrorsOf(caseId).map((s) => s.status)).toEqual(['new', 'open', 'pending', 'open', 'escalated', 'resolved', 'closed']);
    if (process.env.CAPTURE_CASE_HISTORY) {
      writeFileSync(fixturePath, historyToJSON(await handle.fetchHistory()) + '\n');
    }
  });
});
