// Campaign benchmark, part of `npm run bench` (test/bench/run.ts), or on its own:
//   npx tsx test/bench/campaign.ts            (BENCH_CAMPAIGN_RECIPIENTS=100000, BENCH_CAMPAIGN_RATE=200 by default)
// One Parley process (API + worker, embedded Temporal dev server on free ports, temp data dir) and a
// local stand-in provider (a bare HTTP server answering 200 to each BYOC POST). Measures:
//  1. CSV import over HTTP (text/csv, streamed): rows per second;
//  2. a campaign with the throttle off to every row: sends per second as the provider saw them,
//     the time from start to `completed` (drain), and the Parley process's peak memory;
//  3. a throttled campaign: the rate the provider saw next to the configured one.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import settings from '../../temporal.config';
import { resolveConfig } from '../../engine/config/resolve-config';
import { startParley } from '../../engine/parley';
import { createApiKey } from '../../engine/accounts/bootstrap';
import { freePort } from '../support/free-port';

const RECIPIENTS = Number(process.env.BENCH_CAMPAIGN_RECIPIENTS ?? 100_000);
const RATE = Number(process.env.BENCH_CAMPAIGN_RATE ?? 200);
const THROTTLED_SECONDS = Number(process.env.BENCH_CAMPAIGN_THROTTLED_SECONDS ?? 10);
const SECRET = 'whsec_' + Buffer.alloc(32, 3).toString('base64');

const peakMiB = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stand-in provider: counts requests and their arrival times per campaign. */
async function startProvider() {
  const arrivals = new Map<string, number[]>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const campaign = key.split('-r')[0];
      let list = arrivals.get(campaign);
      if (!list) arrivals.set(campaign, (list = []));
      list.push(performance.now());
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/out`, arrivals, close: () => new Promise((r) => server.close(r)) };
}

/** Runs the campaign benchmark; returns the table rows (measure, volume, result). */
export async function benchCampaign(): Promise<string[][]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-campaign-'));
  const provider = await startProvider();
  const config = resolveConfig(settings, {
    PARLEY_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', TEMPORAL_UI: 'false',
    TEMPORAL_DEV_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()),
    PARLEY_BODY_LIMIT_BYTES: String(256 * 1024 * 1024), PARLEY_TEMPORAL_LOG_LEVEL: 'ERROR',
  });
  const parley = await startParley(config);
  try {
    const accountId = parley.credentials?.accountId ?? (parley.db.$client.prepare('select id from accounts limit 1').get() as { id: string }).id;
    const key = createApiKey(parley.db, accountId, 'admin', 'bench');
    const api = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${key}`);
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      const res = await fetch(`${parley.url}/api/v1${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
      const body = await res.json();
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const channel = await api('/channels', { method: 'POST', json: { type: 'byoc', name: 'Bench', config: { outboundUrl: provider.url, secret: SECRET } } });

    // 1. CSV import
    const lines = ['id,name,byoc,plan'];
    for (let i = 0; i < RECIPIENTS; i++) lines.push(`${i},Customer ${i},user-${i},${['gold', 'silver', 'bronze'][i % 3]}`);
    const csv = lines.join('\n');
    let t0 = performance.now();
    const list = await api('/contact-lists?name=Bench', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    const importSeconds = (performance.now() - t0) / 1000;

    const runCampaign = async (name: string, listId: string, throttle: number | null) => {
      const campaign = await api('/campaigns', { method: 'POST', json: { name, channelId: channel.id, listId, message: { text: 'Hi {{name}}, {{plan}} offer inside.' }, ...(throttle ? { throttlePerSecond: throttle } : {}) } });
      const started = performance.now();
      await api(`/campaigns/${campaign.id}/start`, { method: 'POST' });
      for (;;) {
        const c = await api(`/campaigns/${campaign.id}`);
        if (c.status === 'completed' || c.status === 'cancelled') {
          const drain = (performance.now() - started) / 1000;
          const times = provider.arrivals.get(campaign.id) ?? [];
          const span = times.length > 1 ? (times[times.length - 1] - times[0]) / 1000 : 0;
          return { c, drain, requests: times.length, sendsPerSecond: span ? (times.length - 1) / span : 0 };
        }
        await sleep(250);
      }
    };

    // 2. throttle off
    t0 = performance.now();
    const off = await runCampaign('Throttle off', list.id, null);

    // 3. throttled: a list sized for THROTTLED_SECONDS at RATE
    const throttledRows = Math.max(2, RATE * THROTTLED_SECONDS);
    const small = await api('/contact-lists?name=Bench%20throttled', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: lines.slice(0, throttledRows + 1).join('\n') });
    const on = await runCampaign(`Throttled ${RATE}/s`, small.id, RATE);

    const rows = [
      ['CSV import (HTTP, streamed)', `${RECIPIENTS.toLocaleString()} rows in ${importSeconds.toFixed(1)} s`, `${Math.round(RECIPIENTS / importSeconds).toLocaleString()} rows/s`],
      ['Campaign, throttle off', `${off.requests.toLocaleString()} sends (${off.c.recipients.sent.toLocaleString()} recorded sent)`, `${Math.round(off.sendsPerSecond).toLocaleString()} sends/s; drain ${off.drain.toFixed(1)} s`],
      [`Campaign, throttle ${RATE}/s`, `${on.requests.toLocaleString()} sends`, `${on.sendsPerSecond.toFixed(1)} sends/s measured; drain ${on.drain.toFixed(1)} s`],
      ['Peak memory (Parley process: API + worker)', '', `${Math.round(peakMiB())} MiB`],
    ];
    return rows;
  } finally {
    await parley.stop();
    await provider.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const campaignTable = (rows: string[][]) => ['| Measure | Volume | Result |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

// Run on its own: print the table.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  benchCampaign().then((rows) => { console.log(`\n${campaignTable(rows)}`); process.exit(0); }, (err) => { console.error(err); process.exit(1); });
}
