// Scale-out: an API process (PARLEY_ROLE=api: HTTP + dispatcher) and a worker process
// (PARLEY_ROLE=worker: case workflows + activities) share one data directory and one Temporal
// cluster. A customer message posted to the API is handled by the worker's workflow, and an
// agent reply is delivered by the worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import settings from '../../temporal.config';
import { resolveConfig } from '../../engine/config/resolve-config';
import { startParley, type Parley } from '../../engine/parley';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 6).toString('base64');

describe('split API and worker processes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-roles-'));
  const running: Parley[] = [];
  let mw: ByocMiddleware;
  afterAll(async () => {
    for (const p of running.reverse()) await p.stop();
    await mw?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an api-only and a worker-only Parley together run the whole case path', async () => {
    const env = {
      PARLEY_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `roles-${randomUUID()}`,
    };
    const api = await startParley(resolveConfig(settings, { ...env, PARLEY_ROLE: 'api' }));
    running.push(api);
    const worker = await startParley(resolveConfig(settings, { ...env, PARLEY_ROLE: 'worker' }));
    running.push(worker);
    expect(api.app).not.toBeNull();
    expect(worker.app).toBeNull();

    mw = await startByocMiddleware({ secret: SECRET });
    const key = api.credentials!.apiKey;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const channel = await (await fetch(`${api.url}/api/v1/channels`, { method: 'POST', headers, body: JSON.stringify({ type: 'byoc', name: 'MW', config: { outboundUrl: mw.url, secret: SECRET } }) })).json();
    const body = { type: 'message', externalMessageId: 'r1', externalConversationId: 'c', sender: { externalId: 'u' }, text: 'hello', timestamp: Date.now() };
    const ack = await (await fetch(`${api.url}/webhooks/${channel.id}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) })).json();
    const caseId = ack.caseIds[0];
    const getCase = async () => (await fetch(`${api.url}/api/v1/cases/${caseId}`, { headers })).json();
    await eventually(async () => (await getCase()).inboundCount === 1);

    await fetch(`${api.url}/api/v1/cases/${caseId}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: 'hi from the agent' }) });
    const [request] = await mw.waitFor(1);
    expect(request.verified).toBe(true);
    expect(request.body.text).toBe('hi from the agent');
    await eventually(async () => (await getCase()).status === 'open');
  });
});
