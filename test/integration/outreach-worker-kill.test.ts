// Exactly once across a crash: the API runs in this process (PARLEY_ROLE=api), the worker in a child
// process (PARLEY_ROLE=worker, same data directory, Temporal server and task queue) that the test
// kills with SIGKILL in the middle of a campaign — no shutdown, no drain. A fresh worker finishes
// the campaign; the stand-in provider (which honours Idempotency-Key, as providers do) delivered
// each recipient's message exactly once, and Parley re-sent only the requests that were on the
// wire when the worker died (same key, so the provider did not deliver them twice).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../engine/temporal/binaries';
import { startCampaignProvider } from '../fakes/campaign-provider';
import { eventually, startHarness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
const RECIPIENTS = 400;
/** The provider answers each request after this long: the kill lands while a request is on the wire. */
const ANSWER_DELAY_MS = 100;

interface WorkerProcess { child: ChildProcess; pid: number; output(): string }

function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'engine/start.ts')], {
    cwd: projectRoot, env: { ...process.env, ...env, PARLEY_ROLE: 'worker' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const worker: WorkerProcess = { child, pid: child.pid!, output: () => output };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`worker ${child.pid} not ready within 60 s:\n${output}`)); }, 60_000);
    const check = () => { if (/\[parley\] ready \(worker\)/.test(output)) { cleanup(); resolve(worker); } };
    const early = () => { cleanup(); reject(new Error(`worker ${child.pid} exited before it was ready:\n${output}`)); };
    const cleanup = () => { clearTimeout(timer); child.stdout!.off('data', check); child.off('exit', early); };
    child.stdout!.on('data', check);
    child.once('exit', early);
  });
}

describe('a campaign across a killed worker (SIGKILL)', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => {});
  });

  it('killed mid-campaign: a new worker finishes it and every recipient got the message exactly once', async () => {
    const taskQueue = `outreach-kill-${randomUUID()}`;
    const temporalAddress = inject('temporalAddress');
    const provider = await startCampaignProvider({ secret: SECRET, delayMs: ANSWER_DELAY_MS });
    cleanups.push(() => provider.close());
    const api = await startHarness({ temporalAddress, taskQueue, env: { PARLEY_ROLE: 'api' } });
    cleanups.push(() => { rmSync(api.dataDir, { recursive: true, force: true }); });
    cleanups.push(() => api.stop({ keepData: true }));
    const workers: WorkerProcess[] = [];
    cleanups.push(() => { for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) process.kill(w.pid, 'SIGKILL'); });
    const worker = async () => {
      const w = await startWorker({ PARLEY_DATA_DIR: api.dataDir, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, PORT: '0', HOST: '127.0.0.1', TEMPORAL_UI: 'false' });
      workers.push(w);
      return w;
    };

    const channel = await (await api.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: provider.url, secret: SECRET } } })).json();
    const rows = ['id,byoc'];
    for (let i = 1; i <= RECIPIENTS; i++) rows.push(`${i},k-${i}`);
    const list = await (await api.api('/api/v1/contact-lists?name=Crash', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: rows.join('\n') })).json();
    expect(list.counts.valid).toBe(RECIPIENTS);
    const { id } = await (await api.api('/api/v1/campaigns', {
      method: 'POST', json: { name: 'Crash test', channelId: channel.id, listId: list.id, message: { text: 'Hi {{externalId}}' } },
    })).json();

    const w1 = await worker();
    await api.api(`/api/v1/campaigns/${id}/start`, { method: 'POST' });
    await eventually(() => provider.delivered.length >= 100, 60_000, 5);

    const gone = new Promise<NodeJS.Signals | null>((resolve) => w1.child.once('exit', (_code, signal) => resolve(signal)));
    process.kill(w1.pid, 'SIGKILL');
    expect(await gone).toBe('SIGKILL');
    const atKill = provider.delivered.length;
    expect(atKill).toBeLessThan(RECIPIENTS);
    // The requests on the wire when the worker died: claimed (`sending`) in SQLite, the answer never recorded.
    const inFlight = new Set(api.parley.db.$client.prepare(`select message_id from campaign_recipients where campaign_id = ? and status = 'sending'`).pluck().all(id) as string[]);
    expect(inFlight.size).toBeGreaterThan(0);

    await worker();
    const done = await eventually(async () => {
      const c = await (await api.api(`/api/v1/campaigns/${id}`)).json();
      return c.status === 'completed' ? c : null;
    }, 120_000, 250);

    expect(done.recipients).toMatchObject({ total: RECIPIENTS, sent: RECIPIENTS, failed: 0, queued: 0, sending: 0 });
    // Each recipient delivered exactly once, with its own text.
    const perRecipient = new Map<string, number>();
    for (const d of provider.delivered) perRecipient.set(d.recipient, (perRecipient.get(d.recipient) ?? 0) + 1);
    expect(perRecipient.size).toBe(RECIPIENTS);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    for (const d of provider.delivered) expect(d.text).toBe(`Hi ${d.recipient.slice(2)}`);
    // Parley re-sent exactly the requests in flight at the kill, with the same Idempotency-Key, and nothing else.
    const resent = [...provider.requestsByKey].filter(([, n]) => n > 1).map(([key]) => key);
    expect(resent.every((key) => inFlight.has(key))).toBe(true);
    expect(Math.max(...provider.requestsByKey.values())).toBeLessThanOrEqual(2);
    const requests = [...provider.requestsByKey.values()].reduce((a, b) => a + b, 0);
    expect(requests).toBe(RECIPIENTS + resent.length);
    console.log(`[outreach crash test] killed after ${atKill}/${RECIPIENTS} deliveries with ${inFlight.size} on the wire; provider requests ${requests} (${resent.length} re-sent with the same key), deliveries ${provider.delivered.length}`);
  }, 180_000);
});
