// The process under test in `npm run bench`: a real Parley (embedded Temporal dev server, SQLite
// file, worker, HTTP) and, beside it in the same process, a bare Hono endpoint as the baseline.
// Prints one JSON line with the URLs and credentials, then serves until killed.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import settings from '../../temporal.config';
import { resolveConfig } from '../../engine/config/resolve-config';
import { startParley } from '../../engine/parley';
import { freePort } from '../support/free-port';

const SECRET = 'whsec_' + Buffer.alloc(32, 42).toString('base64');

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const config = resolveConfig(settings, {
    PARLEY_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', TEMPORAL_UI: 'false',
    TEMPORAL_DEV_PORT: String(await freePort()),
  });
  const parley = await startParley(config);

  const bare = new Hono();
  bare.post('/echo', async (c) => {
    await c.req.arrayBuffer();
    return c.json({ ok: true });
  });
  const bareServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const barePort = (bareServer.address() as { port: number }).port;

  const key = parley.credentials!.apiKey;
  const res = await fetch(`${parley.url}/api/v1/channels`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'byoc', name: 'bench', config: { outboundUrl: 'http://127.0.0.1:9/unused', secret: SECRET } }),
  });
  const channel = (await res.json()) as { id: string };
  // One published rule for the "webhook → rule run → tag applied" row: inbound text containing
  // "benchtag" gets the tag `bench`. Every other benchmark message is a candidate that does not match.
  const api = (path: string, method: string, body?: unknown) => fetch(`${parley.url}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => { if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`); return r.json() as Promise<any>; });
  const rule = await api('/rules', 'POST', { name: 'Bench tag' });
  await api(`/rules/${rule.id}/draft`, 'PUT', { graph: {
    nodes: [
      { id: 'trigger', kind: 'trigger', trigger: 'message.created', config: { direction: 'in' }, position: { x: 0, y: 0 } },
      { id: 'cond', kind: 'condition', all: [{ field: 'message.text', op: 'contains', value: 'benchtag' }], position: { x: 0, y: 120 } },
      { id: 'tag', kind: 'action', action: 'add_tag', input: { tag: 'bench' }, position: { x: 0, y: 240 } },
    ],
    edges: [{ id: 'e1', source: 'trigger', target: 'cond' }, { id: 'e2', source: 'cond', target: 'tag' }],
  } });
  await api(`/rules/${rule.id}/publish`, 'POST', { note: 'bench' });
  console.log(JSON.stringify({ parleyUrl: parley.url, bareUrl: `http://127.0.0.1:${barePort}`, apiKey: key, channelId: channel.id, secret: SECRET, dataDir }));

  const stop = async () => { bareServer.close(); await parley.stop(); process.exit(0); };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err) => { console.error(err); process.exit(1); });
