// A rule run survives a worker that dies without warning: the API runs in this process
// (PARLEY_ROLE=api), the worker in a child process (PARLEY_ROLE=worker, same data directory,
// Temporal server and task queue) that the test kills with SIGKILL — no shutdown, no drain — while
// a run waits on its delay, while a Call a URL is waiting for its answer, and while the rule's
// message is on its way to the customer. A fresh worker process then finishes the run: every
// action happened once on the case, the customer got the message once as the provider sees it
// (a re-sent request carries the same Idempotency-Key), and the run history lists each action once.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../engine/temporal/binaries';
import { caseWorkflowId } from '../../workflows/case/contract';
import { startByocMiddleware, type ByocMiddleware, type ByocMiddlewareOptions } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { chain, insertPublishedRule } from '../support/rule-fixtures';

const SECRET = 'whsec_' + Buffer.alloc(32, 21).toString('base64');

/** A Parley worker process (`node --import tsx engine/start.ts`, PARLEY_ROLE=worker). */
interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Its Temporal worker identity prefix (the SDK's default identity is `<pid>@<host>`). */
  identity: string;
  output(): string;
}

function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'engine/start.ts')], {
    cwd: projectRoot, env: { ...process.env, ...env, PARLEY_ROLE: 'worker' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const worker: WorkerProcess = { child, pid: child.pid!, identity: `${child.pid}@`, output: () => output };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`worker ${child.pid} not ready within 60 s:\n${output}`)); }, 60_000);
    const check = () => { if (/\[parley\] ready \(worker\)/.test(output)) { cleanup(); resolve(worker); } };
    const early = () => { cleanup(); reject(new Error(`worker ${child.pid} exited before it was ready:\n${output}`)); };
    const cleanup = () => { clearTimeout(timer); child.stdout!.off('data', check); child.off('exit', early); };
    child.stdout!.on('data', check);
    child.once('exit', early);
  });
}

/** SIGKILL to this one child process (nothing else), resolved once it is gone. */
async function kill(worker: WorkerProcess) {
  const gone = new Promise<NodeJS.Signals | null>((resolve) => worker.child.once('exit', (_code, signal) => resolve(signal)));
  expect(worker.child.exitCode).toBeNull();
  process.kill(worker.pid, 'SIGKILL');
  expect(await gone).toBe('SIGKILL');
}

/** The rule actions of a run as Temporal recorded them: which worker ran the (last) attempt, and which attempt it was. */
async function actionAttempts(api: Harness, workflowId: string, activityType = 'runRuleAction') {
  const history = await api.parley.client!.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = new Map<string, string>();
  const attempts: { action: string; identity: string; attempt: number; lastFailure?: temporal.api.failure.v1.IFailure | null }[] = [];
  for (const event of history.events ?? []) {
    const s = event.activityTaskScheduledEventAttributes;
    if (s?.activityType?.name === activityType) {
      const args = (s.input?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload<any>(p));
      // runRuleAction(kind, name, input, run) names its node; deliverMessage(messageId) its message.
      scheduled.set(String(event.eventId), activityType === 'runRuleAction' ? `${args[3].nodeId} ${args[1]}` : String(args[0]));
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started && scheduled.has(String(started.scheduledEventId))) {
      attempts.push({ action: scheduled.get(String(started.scheduledEventId))!, identity: started.identity ?? '', attempt: started.attempt ?? 0, lastFailure: started.lastFailure });
    }
  }
  return { scheduled: [...scheduled.values()], attempts };
}

const ruleMessageHash = (runId: string, nodeId: string) => createHash('sha256').update(`${runId}\n${nodeId}`).digest('hex').slice(0, 12);

/** Requests as the provider (the BYOC middleware) saw them: Idempotency-Key and webhook-id per request. */
const deliveryKeys = (mw: ByocMiddleware) => mw.received.map((r) => ({ key: r.headers['idempotency-key'], webhookId: r.headers['webhook-id'], text: r.body?.text }));

describe('a rule run across a killed worker (SIGKILL)', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => {});
  });

  /** An API in this process, a BYOC channel to a fake middleware, and a way to start worker processes on the same data and queue. */
  async function scenario(middleware: Omit<ByocMiddlewareOptions, 'secret'> = {}) {
    const taskQueue = `rules-kill-${randomUUID()}`;
    const temporalAddress = inject('temporalAddress');
    const mw = await startByocMiddleware({ secret: SECRET, ...middleware });
    cleanups.push(() => mw.close());
    const api = await startHarness({ temporalAddress, taskQueue, env: { PARLEY_ROLE: 'api' } });
    cleanups.push(() => { rmSync(api.dataDir, { recursive: true, force: true }); });
    cleanups.push(() => api.stop({ keepData: true }));
    expect(api.parley.app).not.toBeNull();
    const workers: WorkerProcess[] = [];
    cleanups.push(() => { for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) process.kill(w.pid, 'SIGKILL'); });
    const worker = async () => {
      const w = await startWorker({
        PARLEY_DATA_DIR: api.dataDir, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, PORT: '0', HOST: '127.0.0.1', TEMPORAL_UI: 'false',
      });
      workers.push(w);
      return w;
    };
    const accountId = api.parley.credentials!.accountId;
    const created = await api.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: mw.url, secret: SECRET } } });
    expect(created.status).toBe(201);
    const channelId = (await created.json()).id as string;

    /** The customer writes; returns the case. */
    const customerWrites = async (conversation: string, text: string) => {
      const body = { type: 'message', externalMessageId: `ext-${conversation}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}` }, text, timestamp: Date.now() };
      const ack = await (await fetch(`${api.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) })).json();
      return ack.caseIds[0] as string;
    };
    const runsOf = (ruleId: string) => api.parley.db.$client.prepare('select id, status, path, steps from rule_runs where rule_id = ?').all(ruleId) as
      { id: string; status: string; path: string; steps: string }[];
    const finished = (ruleId: string) => eventually(() => { const [r] = runsOf(ruleId); return r && r.status !== 'running' ? r : null; }, 90_000, 200);
    const theCase = async (caseId: string) => (await api.api(`/api/v1/cases/${caseId}`)).json();
    const tagChanges = (caseId: string) => api.parley.db.$client.prepare(`select to_value from case_events where case_id = ? and type = 'tags_changed' order by id`).all(caseId);
    return { api, mw, accountId, worker, customerWrites, runsOf, finished, theCase, tagChanges };
  }

  it('killed while the run waits on its delay: a new worker finishes it, each action once, the customer gets one message', async () => {
    const s = await scenario();
    const w1 = await s.worker();
    const rule = insertPublishedRule(s.api.parley.db, {
      accountId: s.accountId, name: 'Survives a kill during a delay',
      graph: chain({ trigger: 'message.created' },
        { kind: 'action', action: 'add_tag', input: { tag: 'before' } },
        { kind: 'delay', duration: '5s' },
        { kind: 'action', action: 'send_message', input: { text: 'Still here after the kill' } },
        { kind: 'action', action: 'add_tag', input: { tag: 'after' } }),
    });
    const caseId = await s.customerWrites('a1', 'hello');

    // The first action is done and the run waits on its timer: the worker dies.
    const waiting = await eventually(() => { const [r] = s.runsOf(rule.id); return r && JSON.parse(r.steps).length === 1 ? r : null; }, 60_000, 20);
    await kill(w1);
    const killedAt = Date.now();
    expect(JSON.parse(waiting.path).map((p: { nodeId: string }) => p.nodeId)).toEqual(['trigger', 'n1']);
    expect(s.mw.received).toHaveLength(0);

    const w2 = await s.worker();
    const w2Ready = Date.now();
    const done = await s.finished(rule.id);
    console.log(`[kill during delay] new worker ready ${((w2Ready - killedAt) / 1000).toFixed(1)} s after the kill; run finished ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
    expect(done.status).toBe('completed');
    expect(s.runsOf(rule.id)).toHaveLength(1);
    expect(JSON.parse(done.path).map((p: { nodeId: string; outcome: string }) => [p.nodeId, p.outcome])).toEqual([
      ['trigger', 'matched'], ['n1', 'executed'], ['n2', 'waited'], ['n3', 'executed'], ['n4', 'executed'],
    ]);

    // The run history (as the API shows it) lists each action once.
    const run = await (await s.api.api(`/api/v1/rule-runs/${done.id}`)).json();
    expect(run.steps.map((st: { nodeId: string; name: string }) => `${st.nodeId} ${st.name}`)).toEqual(['n1 add_tag', 'n3 send_message', 'n4 add_tag']);

    // Temporal ran the first action on the killed worker, the rest on the new one, each in one attempt.
    const { scheduled, attempts } = await actionAttempts(s.api, done.id);
    expect(scheduled).toEqual(['n1 add_tag', 'n3 send_message', 'n4 add_tag']);
    expect(attempts.map((a) => [a.action, a.identity.startsWith(w1.identity) ? 'w1' : a.identity.startsWith(w2.identity) ? 'w2' : a.identity, a.attempt])).toEqual([
      ['n1 add_tag', 'w1', 1], ['n3 send_message', 'w2', 1], ['n4 add_tag', 'w2', 1],
    ]);

    // On the case: each tag added once, one message from the rule, its id derived from run + node.
    const c = await s.theCase(caseId);
    expect(c.tags).toEqual(['before', 'after']);
    expect(s.tagChanges(caseId)).toEqual([{ to_value: 'before' }, { to_value: 'before,after' }]);
    const out = c.messages.filter((m: { direction: string }) => m.direction === 'out');
    expect(out).toHaveLength(1);
    expect(out[0].id).toBe(run.steps[1].output.messageId);
    expect(out[0].id.endsWith(ruleMessageHash(done.id, 'n3'))).toBe(true);

    // The provider saw one message.
    await eventually(async () => (await s.theCase(caseId)).messages.find((m: { id: string }) => m.id === out[0].id).deliveryStatus === 'sent');
    expect(deliveryKeys(s.mw)).toEqual([{ key: out[0].id, webhookId: out[0].id, text: 'Still here after the kill' }]);
    expect((await s.theCase(caseId)).messages.find((m: { id: string }) => m.id === out[0].id).providerMessageId).toBe('ext-1');
  }, 180_000);

  it('killed while Call a URL waits for its answer: the call is retried on the new worker with the same webhook id, the run goes on with its answer', async () => {
    const s = await scenario();
    // The receiver stalls on the first request (the worker dies waiting) and answers the next ones at once.
    const calls: { webhookId: string; at: number; body: unknown }[] = [];
    const stalled: ServerResponse[] = [];
    const receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => { raw += c; });
      req.on('end', () => {
        calls.push({ webhookId: String((req.headers as IncomingHttpHeaders)['webhook-id']), at: Date.now(), body: JSON.parse(raw) });
        if (calls.length === 1) { stalled.push(res); return; }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ticket: `T-${calls.length}` }));
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => { receiver.closeAllConnections(); receiver.close(r); }));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tickets`;
    // The receiver is on loopback: an admin allows private addresses (this also creates the signing secret).
    expect((await s.api.api('/api/v1/settings/automation', { method: 'PUT', json: { allowPrivateUrls: true } })).status).toBe(200);

    const w1 = await s.worker();
    const rule = insertPublishedRule(s.api.parley.db, {
      accountId: s.accountId, name: 'Survives a kill during a call',
      graph: chain({ trigger: 'message.created' },
        { kind: 'action', action: 'add_tag', input: { tag: 'before' } },
        { kind: 'action', action: 'call_url', input: { url: receiverUrl, body: { caseId: '{{case.id}}' }, timeoutMs: 30_000 } },
        { kind: 'action', action: 'send_message', input: { text: 'Your ticket is {{steps.n2.output.body.ticket}}' } },
        { kind: 'action', action: 'add_tag', input: { tag: 'after' } }),
    });
    const caseId = await s.customerWrites('b1', 'my order is late');

    // The call is out and the receiver holds it: the worker dies mid-request.
    await eventually(() => calls.length === 1, 60_000, 20);
    await kill(w1);
    const killedAt = Date.now();
    const w2 = await s.worker();
    const w2Ready = Date.now();
    const done = await s.finished(rule.id);
    const retriedAfter = (calls[1]?.at ?? NaN) - killedAt;
    console.log(`[kill during call_url] new worker ready after ${((w2Ready - killedAt) / 1000).toFixed(1)} s; call retried ${(retriedAfter / 1000).toFixed(1)} s after the kill; run finished ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);

    expect(done.status).toBe('completed');
    expect(s.runsOf(rule.id)).toHaveLength(1);
    // The receiver got the call twice — the lost one and its retry — with one webhook id to drop the repeat by.
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.webhookId)).toEqual([`${done.id}:n2`, `${done.id}:n2`]);
    expect(calls[1].body).toEqual({ caseId });
    // The lost attempt was noticed by its missing heartbeats, not after the 1-minute start-to-close timeout.
    expect(retriedAfter).toBeLessThan(45_000);

    const run = await (await s.api.api(`/api/v1/rule-runs/${done.id}`)).json();
    expect(run.steps.map((st: { nodeId: string; name: string }) => `${st.nodeId} ${st.name}`)).toEqual(['n1 add_tag', 'n2 call_url', 'n3 send_message', 'n4 add_tag']);
    expect(run.steps[1].output).toEqual({ status: 200, body: { ticket: 'T-2' } });

    const { scheduled, attempts } = await actionAttempts(s.api, done.id);
    expect(scheduled).toEqual(['n1 add_tag', 'n2 call_url', 'n3 send_message', 'n4 add_tag']);
    const who = (identity: string) => (identity.startsWith(w1.identity) ? 'w1' : identity.startsWith(w2.identity) ? 'w2' : identity);
    expect(attempts.map((a) => [a.action, who(a.identity), a.attempt])).toEqual([
      ['n1 add_tag', 'w1', 1], ['n2 call_url', 'w2', 2], ['n3 send_message', 'w2', 1], ['n4 add_tag', 'w2', 1],
    ]);
    expect(attempts[1].lastFailure?.timeoutFailureInfo?.timeoutType).toBe(temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT);

    const c = await s.theCase(caseId);
    expect(c.tags).toEqual(['before', 'after']);
    expect(s.tagChanges(caseId)).toEqual([{ to_value: 'before' }, { to_value: 'before,after' }]);
    const out = c.messages.filter((m: { direction: string }) => m.direction === 'out');
    expect(out).toHaveLength(1);
    expect(out[0].id.endsWith(ruleMessageHash(done.id, 'n3'))).toBe(true);
    await eventually(async () => (await s.theCase(caseId)).messages.find((m: { id: string }) => m.id === out[0].id).deliveryStatus === 'sent');
    expect(deliveryKeys(s.mw)).toEqual([{ key: out[0].id, webhookId: out[0].id, text: 'Your ticket is T-2' }]);
  }, 180_000);

  it('killed while the rule\'s message is on its way to the provider: re-sent once with the same Idempotency-Key, the run finishes on the new worker', async () => {
    // The middleware holds the first delivery for 8 s (under the channel's 10 s timeout) before
    // answering; the worker dies while it waits. Later requests are answered at once.
    const s = await scenario({
      respondWith: (_request, index) => ({ status: 200, json: { externalMessageId: `prov-${index + 1}` }, ...(index === 0 ? { delayMs: 8_000 } : {}) }),
    });
    const w1 = await s.worker();
    const rule = insertPublishedRule(s.api.parley.db, {
      accountId: s.accountId, name: 'Survives a kill during delivery',
      graph: chain({ trigger: 'message.created' },
        { kind: 'action', action: 'add_tag', input: { tag: 'before' } },
        { kind: 'action', action: 'send_message', input: { text: 'We got your message' } },
        { kind: 'delay', duration: '5s' },
        { kind: 'action', action: 'add_tag', input: { tag: 'after' } }),
    });
    const caseId = await s.customerWrites('c1', 'anyone there?');

    // The rule queued its message and the case workflow is delivering it: the worker dies mid-request.
    await s.mw.waitFor(1, 60_000);
    await kill(w1);
    const killedAt = Date.now();
    const resentAt = s.mw.waitFor(2, 120_000).then(() => Date.now());
    const [waiting] = s.runsOf(rule.id);
    expect(waiting.status).toBe('running');
    expect(JSON.parse(waiting.steps).map((st: { name: string }) => st.name)).toEqual(['add_tag', 'send_message']);

    const w2 = await s.worker();
    const w2Ready = Date.now();
    const done = await s.finished(rule.id);
    const doneAt = Date.now();
    expect(done.status).toBe('completed');
    const messageId = JSON.parse(done.steps)[1].output.messageId as string;
    const sentMessage = await eventually(async () => {
      const m = (await s.theCase(caseId)).messages.find((x: { id: string }) => x.id === messageId);
      return m.deliveryStatus === 'sent' ? m : null;
    }, 90_000, 200);
    console.log(`[kill during delivery] new worker ready ${((w2Ready - killedAt) / 1000).toFixed(1)} s after the kill; run finished ${((doneAt - killedAt) / 1000).toFixed(1)} s, message re-sent ${(((await resentAt) - killedAt) / 1000).toFixed(1)} s after the kill`);
    // The provider's answer to the retry is the one kept.
    expect(sentMessage.providerMessageId).toBe('prov-2');

    expect(s.runsOf(rule.id)).toHaveLength(1);
    const run = await (await s.api.api(`/api/v1/rule-runs/${done.id}`)).json();
    expect(run.steps.map((st: { nodeId: string; name: string }) => `${st.nodeId} ${st.name}`)).toEqual(['n1 add_tag', 'n2 send_message', 'n4 add_tag']);
    const who = (identity: string) => (identity.startsWith(w1.identity) ? 'w1' : identity.startsWith(w2.identity) ? 'w2' : identity);
    const actions = await actionAttempts(s.api, done.id);
    expect(actions.scheduled).toEqual(['n1 add_tag', 'n2 send_message', 'n4 add_tag']);
    expect(actions.attempts.map((a) => [a.action, who(a.identity), a.attempt])).toEqual([
      ['n1 add_tag', 'w1', 1], ['n2 send_message', 'w1', 1], ['n4 add_tag', 'w2', 1],
    ]);
    // The case workflow's delivery was scheduled once; its lost attempt was retried by the new worker.
    const delivery = await actionAttempts(s.api, caseWorkflowId(caseId), 'deliverMessage');
    expect(delivery.scheduled).toEqual([messageId]);
    expect(delivery.attempts.map((a) => [a.action, who(a.identity), a.attempt])).toEqual([[messageId, 'w2', 2]]);

    const c = await s.theCase(caseId);
    expect(c.tags).toEqual(['before', 'after']);
    expect(s.tagChanges(caseId)).toEqual([{ to_value: 'before' }, { to_value: 'before,after' }]);
    const out = c.messages.filter((m: { direction: string }) => m.direction === 'out');
    expect(out.map((m: { id: string }) => m.id)).toEqual([messageId]);
    expect(messageId.endsWith(ruleMessageHash(done.id, 'n2'))).toBe(true);
    // The provider got the request twice — the one the dead worker never heard back about, and the
    // retry — with one Idempotency-Key: one message for the customer.
    const sent = deliveryKeys(s.mw);
    expect(sent).toEqual([
      { key: messageId, webhookId: messageId, text: 'We got your message' },
      { key: messageId, webhookId: messageId, text: 'We got your message' },
    ]);
    expect(new Set(sent.map((r) => r.key)).size).toBe(1);
  }, 180_000);
});
