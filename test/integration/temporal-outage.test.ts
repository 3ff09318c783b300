// Temporal down during ingest: webhooks are still acknowledged (the SQLite transaction is the
// durable ack) and every message reaches its case workflow once Temporal is back.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer, type DevServer } from '../../engine/temporal/dev-server';
import { signByocRequest } from '../fakes/sign-byoc';
import { freePort } from '../support/free-port';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 5).toString('base64');

describe('Temporal outage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-outage-'));
  let server: DevServer | null = null;
  let h: Harness | null = null;
  afterAll(async () => {
    await h?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('acknowledges webhooks while Temporal is down and delivers them after it returns', async () => {
    const port = await freePort();
    const dbFile = join(dir, 'temporal.sqlite');
    server = await startDevServer({ port, uiPort: null, dbFile });
    h = await startHarness({ temporalAddress: server.address });
    const channel = await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: 'http://127.0.0.1:9/unused', secret: SECRET } } })).json();
    const post = async (i: number) => {
      const body = { type: 'message', externalMessageId: `m${i}`, externalConversationId: `conv-${i % 3}`, sender: { externalId: `cust-${i % 3}` }, text: `message ${i}`, timestamp: Date.now() };
      return fetch(`${h!.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    };

    await server.stop();
    // While Temporal is down, the API says so promptly instead of hanging.
    const health = await fetch(`${h.parley.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ db: 'ok', temporal: 'unreachable' });
    const statuses = [];
    for (let i = 0; i < 9; i++) statuses.push((await post(i)).status);
    expect(statuses).toEqual(Array(9).fill(200));
    const pending = () => (h!.parley.db.$client.prepare('select count(*) n from dispatch_queue').get() as { n: number }).n;
    expect(pending()).toBe(9);
    const cases = (await (await h.api('/api/v1/cases')).json()).items;
    expect(cases).toHaveLength(3);
    const refused = await h.api(`/api/v1/cases/${cases[0].id}`, { method: 'PATCH', json: { status: 'pending' } });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'temporal_unavailable', detail: expect.stringMatching(/the case was not changed/) });

    server = await startDevServer({ port, uiPort: null, dbFile });
    await eventually(() => pending() === 0, 60_000, 200);
    // Every message reached its workflow: the mirrored inbound counts add up to 9.
    await eventually(async () => {
      const cases = (await (await h!.api('/api/v1/cases')).json()).items as { inboundCount: number }[];
      return cases.reduce((sum, c) => sum + c.inboundCount, 0) === 9;
    }, 60_000, 200);
    // The refused status change left the case as it was.
    expect((await (await h.api(`/api/v1/cases/${cases[0].id}`)).json()).status).toBe('new');
  });
});
