// A delivery attempt may take minutes (an X DM video: up to 512 MB in 4 MiB segments, then X's
// processing), so the send activity has a long start-to-close timeout and a short heartbeat timeout
// (workflows/case/activity-stubs.ts: 15 minutes, 20 s), and heartbeats while the send is in flight.
// On the real Temporal dev server, with the real `deliverMessage` activity and the timeouts scaled
// down (heartbeat 2 s standing in for 20 s; a 6 s send standing in for one past the old 30 s limit),
// so the test takes seconds:
// - a send several heartbeat timeouts long completes in one attempt, sent once;
// - the old shape (a start-to-close shorter than the send) times out and sends the message again;
// - a provider that does not answer still fails the attempt fast, at its own per-request timeout.
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ChannelStore } from '../../engine/channels/channel-store';
import { createCaseActivities } from '../../workflows/activities/case-activities';
import { DELIVERY_ACTIVITY_OPTIONS } from '../../workflows/case/activity-stubs';
import { HEARTBEAT_EVERY_MS } from '../../workflows/activities/keep-alive';
import type { DeliveryAttemptOptions, DeliveryAttemptResult } from '../support/delivery-attempt-workflow';
import { signByocRequest } from '../fakes/sign-byoc';
import { testApp } from '../support/test-app';

const workflowsPath = fileURLToPath(new URL('../support/delivery-attempt-workflow.ts', import.meta.url));
const SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
/** The test's heartbeat timeout, for the real 20 s (the SDK sends beats at most every 0.8 × of it). */
const HEARTBEAT_MS = 2_000;
/** A send three heartbeat timeouts long, for one past the old 30 s limit. */
const SEND_MS = 3 * HEARTBEAT_MS;
/** The middleware's per-request timeout (the channel's timeoutMs): a send answered later is a hung provider. */
const PROVIDER_TIMEOUT_MS = 8_000;

describe('a long send within one delivery attempt', () => {
  const taskQueue = `long-send-${randomUUID()}`;
  let t: ReturnType<typeof testApp>;
  let caseId: string;
  let worker: Worker;
  let running: Promise<void>;
  let connection: NativeConnection;
  let client: Client;
  /** Sends the stand-in middleware received, by Parley message id. */
  const received: string[] = [];
  let answerAfterMs = SEND_MS;

  // The integrator's middleware: takes its time (a big upload), then accepts.
  const slowMiddleware = (async (_url: string, init: RequestInit) => {
    received.push(JSON.parse(String(init.body)).messageId);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, answerAfterMs);
      init.signal?.addEventListener('abort', () => { clearTimeout(timer); reject(init.signal!.reason); });
    });
    return new Response(JSON.stringify({ externalMessageId: `ext-${received.length}` }), { status: 200 });
  }) as typeof fetch;

  beforeAll(async () => {
    t = testApp();
    const res = await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: 'https://mw.example.com/out', secret: SECRET, timeoutMs: PROVIDER_TIMEOUT_MS } } });
    expect(res.status).toBe(201);
    const channelId = (await res.json()).id;
    const body = { type: 'message', externalMessageId: 'in-1', externalConversationId: 'conv-1', sender: { externalId: 'cust-1', name: 'Lucía' }, text: 'Hola', timestamp: Date.now() };
    const hook = await t.app.request(`/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    caseId = (await hook.json()).caseIds[0];

    const address = inject('temporalAddress');
    // Keep the worker's lifecycle chatter out of the output; failures still surface as errors.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    connection = await NativeConnection.connect({ address });
    const activities = createCaseActivities({ db: t.db, channels: new ChannelStore(t.db, t.box, 'https://parley.example.com'), fetch: slowMiddleware });
    worker = await Worker.create({ connection, taskQueue, workflowsPath, activities });
    running = worker.run();
    client = new Client({ connection: await Connection.connect({ address }) });
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await connection?.close();
    await client?.connection.close();
    t?.close();
  });

  const reply = async (text: string) => (await (await t.request(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { content: { type: 'text', text, format: 'plain' } } })).json()).id as string;
  const deliver = (messageId: string, options: DeliveryAttemptOptions) =>
    client.workflow.execute('deliveryAttempt', { taskQueue, workflowId: `attempt-${randomUUID()}`, args: [messageId, options] }) as Promise<DeliveryAttemptResult>;
  const row = (id: string) => t.db.$client.prepare('select delivery_status as status, delivery_error as error from messages where id = ?').get(id) as { status: string; error: string | null };
  const sendsOf = (id: string) => received.filter((r) => r === id).length;

  it('the delivery options: minutes for an attempt, a heartbeat timeout of a few beats', () => {
    expect(DELIVERY_ACTIVITY_OPTIONS.startToCloseTimeout).toBe('15 minutes');
    expect(DELIVERY_ACTIVITY_OPTIONS.heartbeatTimeout).toBe('20 seconds');
    expect(20_000 / HEARTBEAT_EVERY_MS).toBeGreaterThanOrEqual(3);
  });

  it('a send three heartbeat timeouts long completes in one attempt, and the customer gets it once', async () => {
    answerAfterMs = SEND_MS;
    const id = await reply('Here is the video');
    const started = Date.now();
    const result = await deliver(id, { startToCloseMs: 60_000, heartbeatMs: HEARTBEAT_MS, maximumAttempts: 3 });
    expect(result).toEqual({ status: 'sent' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(SEND_MS);
    expect(sendsOf(id)).toBe(1);
    expect(row(id)).toEqual({ status: 'sent', error: null });
  }, 30_000);

  it('the old shape, a start-to-close shorter than the send, times out and sends the message again', async () => {
    answerAfterMs = SEND_MS;
    const id = await reply('Here is the video, again');
    const result = await deliver(id, { startToCloseMs: HEARTBEAT_MS, maximumAttempts: 2 });
    expect(result.failure?.timeoutType).toBe('START_TO_CLOSE');
    // The first attempt was still sending when the retry began: the middleware got the message twice.
    expect(sendsOf(id)).toBe(2);
    await new Promise((r) => setTimeout(r, SEND_MS)); // let the abandoned attempts finish before the next test
  }, 30_000);

  it('a provider that does not answer still fails the attempt at its own request timeout, not the long one', async () => {
    answerAfterMs = 60_000;
    const id = await reply('Anyone there?');
    const started = Date.now();
    const result = await deliver(id, { startToCloseMs: 60_000, heartbeatMs: HEARTBEAT_MS, maximumAttempts: 1 });
    expect(result.failure?.message).toMatch(/did not answer within 8000 ms/);
    expect(Date.now() - started).toBeLessThan(PROVIDER_TIMEOUT_MS + 5_000);
    expect(row(id).status).toBe('queued');
    expect(row(id).error).toMatch(/^Temporary failure \(retrying\): BYOC middleware at .* did not answer within 8000 ms\.$/);
  }, 30_000);
});
