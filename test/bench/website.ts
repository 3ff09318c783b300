// Website benchmark, part of `npm run bench` (test/bench/run.ts), or on its own:
//   npx tsx test/bench/website.ts      (BENCH_WEB_VISITORS=1000, BENCH_WEB_EVENTS=20000 by default)
// One Parley process (API + worker, embedded Temporal dev server on free ports, temp data dir) with
// one website whose snippet offers web chat. Measures:
//  1. visitor events ingested per second (batches of 50 from many visitors, as the snippet sends them);
//  2. web chat fan-out: N visitors, each with a conversation and an open event stream at once; an
//     agent replies in every conversation; latency from the reply's API call to the visitor's stream
//     receiving it (p50 / p99), and resident memory per open stream;
//  3. the same over WebSocket (GET /w/:siteId/live, what the widget tries first): N sockets at once,
//     fan-out p50 / p99 and resident memory per socket.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import settings from '../../temporal.config';
import { resolveConfig } from '../../engine/config/resolve-config';
import { startParley } from '../../engine/parley';
import { createApiKey } from '../../engine/accounts/bootstrap';
import { freePort } from '../support/free-port';
import WebSocket from 'ws';

const VISITORS = Number(process.env.BENCH_WEB_VISITORS ?? 1000);
const EVENTS = Number(process.env.BENCH_WEB_EVENTS ?? 20_000);
const ORIGIN = 'https://shop.bench.example';

const rssMiB = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
// Resident memory rarely shrinks after an earlier phase freed its share, so each phase also reports its
// JavaScript heap (heap, buffers) after a full collection: the part one more connection costs for sure.
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMiB = () => { gc(); const m = process.memoryUsage(); return (m.heapUsed + m.external) / 1024 / 1024; };
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const visitorId = (i: number) => `v_bench${String(i).padStart(12, '0')}`;

/** Runs `count` jobs with at most `concurrency` at a time. */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < count) await job(next++); }));
}

export async function benchWebsite(): Promise<string[][]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-web-'));
  const config = resolveConfig(settings, {
    PARLEY_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', TEMPORAL_UI: 'false',
    TEMPORAL_DEV_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), PARLEY_TEMPORAL_LOG_LEVEL: 'ERROR',
  });
  const parley = await startParley(config);
  try {
    const accountId = parley.credentials?.accountId ?? (parley.db.$client.prepare('select id from accounts limit 1').get() as { id: string }).id;
    const key = createApiKey(parley.db, accountId, 'admin', 'bench');
    const api = async (path: string, json?: unknown) => {
      const call = () => fetch(`${parley.url}/api/v1${path}`, {
        method: json === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${key}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      // A reused keep-alive connection the loaded server just closed resets before the request is read: once more.
      const res = await call().catch(async () => { await new Promise((r) => setTimeout(r, 200)); return call(); });
      const body = await res.json() as any;
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const site = await api('/sites', { name: 'Bench shop', allowedOrigins: [ORIGIN] });
    const w = (path: string, body: unknown) => {
      const call = () => fetch(`${parley.url}/w/${site.id}/${path}`, {
        method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      return call().catch(async () => { await new Promise((r) => setTimeout(r, 200)); return call(); });
    };

    // 1. Visitor events: batches of 50, 200 visitors, 16 in flight.
    const batches = Math.ceil(EVENTS / 50);
    const now = Date.now();
    let t0 = performance.now();
    await pool(batches, 16, async (b) => {
      const events = Array.from({ length: 50 }, (_, k) => ({ type: 'page_view', at: now, url: `${ORIGIN}/p/${b}/${k}` }));
      const res = await w('events', { visitorId: visitorId(b % 200), events });
      if (res.status !== 202) throw new Error(`events: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    });
    const eventSeconds = (performance.now() - t0) / 1000;

    // 2. Web chat: every visitor writes (a case each), then opens its stream.
    await pool(VISITORS, 32, async (i) => {
      const res = await w('messages', { visitorId: visitorId(10_000 + i), clientMessageId: `bench-msg-${i}`, text: `Hola, soy el visitante ${i}` });
      if (res.status !== 202) throw new Error(`message: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    });
    const caseOf = new Map<string, string>();
    for (;;) {
      const rows = parley.db.$client.prepare(`select ci.external_id v, c.id c from contact_identities ci join cases c on c.contact_id = ci.contact_id and c.channel_id = ci.channel_id where ci.external_id like 'v_bench%'`).all() as { v: string; c: string }[];
      for (const r of rows) caseOf.set(r.v, r.c);
      if (caseOf.size >= VISITORS) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    const heapBefore = heapMiB();
    const before = rssMiB();
    const received = new Map<string, number>();
    const controllers: AbortController[] = [];
    let opened = 0;
    const streams = Array.from({ length: VISITORS }, async (_, i) => {
      const v = visitorId(10_000 + i);
      const controller = new AbortController();
      controllers.push(controller);
      const open = () => fetch(`${parley.url}/w/${site.id}/stream?visitorId=${v}`, { headers: { origin: ORIGIN }, signal: controller.signal });
      // On a loaded machine a connection may be reset while a thousand open at once: as a browser's EventSource, try again.
      const res = await open().catch(async () => { await new Promise((r) => setTimeout(r, 500)); return open(); });
      opened++;
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          if (buffer.includes('Respuesta para')) { received.set(v, performance.now()); break; }
        }
      } catch { /* aborted */ }
    });
    while (opened < VISITORS) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2_000)); // every stream has sent its history
    const perStreamKiB = ((rssMiB() - before) * 1024) / VISITORS;
    const heapPerStreamKiB = ((heapMiB() - heapBefore) * 1024) / VISITORS;

    const sentAt = new Map<string, number>();
    t0 = performance.now();
    await pool(VISITORS, 16, async (i) => {
      const v = visitorId(10_000 + i);
      sentAt.set(v, performance.now());
      await api(`/cases/${caseOf.get(v)}/messages`, { text: `Respuesta para ${i}` });
    });
    const deadline = performance.now() + 180_000;
    while (received.size < VISITORS && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const fanOutSeconds = (performance.now() - t0) / 1000;
    for (const c of controllers) c.abort();
    await Promise.allSettled(streams);
    const latencies = [...received].map(([v, at]) => at - sentAt.get(v)!).sort((a, b) => a - b);

    // 3. The same over WebSocket (what the widget uses first): N sockets at once: each
    //    gets its history, then an agent replies in every conversation again.
    // A fair start: the replies above are all delivered by their case workflows (no leftover work) and the streams are gone.
    const queued = () => (parley.db.$client.prepare(`select count(*) n from messages where direction = 'out' and delivery_status = 'queued'`).get() as { n: number }).n;
    const settle = performance.now() + 180_000;
    while (queued() > 0 && performance.now() < settle) await new Promise((r) => setTimeout(r, 500));
    await new Promise((r) => setTimeout(r, 2_000));
    const wsHeapBefore = heapMiB();
    const wsBefore = rssMiB();
    const wsReceived = new Map<string, number>();
    const sockets: WebSocket[] = [];
    let wsOpened = 0;
    await pool(VISITORS, 64, async (i) => {
      const v = visitorId(10_000 + i);
      const connect = async (): Promise<WebSocket> => {
        const ws = new WebSocket(`${parley.url.replace('http', 'ws')}/w/${site.id}/live?visitorId=${v}`, { origin: ORIGIN });
        ws.on('message', (data) => {
          const f = JSON.parse(String(data)) as { type: string; message?: { text: string } };
          if (f.type === 'message' && f.message?.text.startsWith('Otra respuesta para')) wsReceived.set(v, performance.now());
        });
        await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
        return ws;
      };
      // As the widget does, a socket that could not open is tried again.
      const ws = await connect().catch(async () => { await new Promise((r) => setTimeout(r, 500)); return connect(); });
      sockets.push(ws);
      ws.send(JSON.stringify({ type: 'resume' }));
      wsOpened++;
    });
    await new Promise((r) => setTimeout(r, 2_000)); // every socket has sent its history
    const perSocketKiB = ((rssMiB() - wsBefore) * 1024) / VISITORS;
    const heapPerSocketKiB = ((heapMiB() - wsHeapBefore) * 1024) / VISITORS;
    const wsSentAt = new Map<string, number>();
    t0 = performance.now();
    await pool(VISITORS, 16, async (i) => {
      const v = visitorId(10_000 + i);
      wsSentAt.set(v, performance.now());
      await api(`/cases/${caseOf.get(v)}/messages`, { text: `Otra respuesta para ${i}` });
    });
    const wsDeadline = performance.now() + 180_000;
    while (wsReceived.size < VISITORS && performance.now() < wsDeadline) await new Promise((r) => setTimeout(r, 100));
    const wsFanOutSeconds = (performance.now() - t0) / 1000;
    for (const ws of sockets) ws.terminate();
    const wsLatencies = [...wsReceived].map(([v, at]) => at - wsSentAt.get(v)!).sort((a, b) => a - b);

    return [
      ['Visitor events ingested (batches of 50, 16 in flight)', `${(batches * 50).toLocaleString('en')} events in ${eventSeconds.toFixed(1)} s`, `${Math.round((batches * 50) / eventSeconds).toLocaleString('en')} events/s`],
      ['Web chat: open event streams at once', `${VISITORS.toLocaleString('en')} visitors`, `${perStreamKiB > 0 ? `${perStreamKiB.toFixed(0)} KiB resident, ` : ''}${heapPerStreamKiB.toFixed(0)} KiB JS heap per stream (server and client in one process${perStreamKiB > 0 ? '' : '; the process returned more memory than the streams took, so resident memory says nothing here'})`],
      ['Web chat fan-out: agent reply (API) → visitor\'s stream', `${received.size.toLocaleString('en')} of ${VISITORS.toLocaleString('en')} replies in ${fanOutSeconds.toFixed(1)} s`, `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`],
      ['Web chat: open WebSockets at once', `${wsOpened.toLocaleString('en')} visitors`, `${perSocketKiB > 0 ? `${perSocketKiB.toFixed(0)} KiB resident, ` : ''}${heapPerSocketKiB.toFixed(0)} KiB JS heap per socket (server and client in one process${perSocketKiB > 0 ? '' : '; resident memory freed by the streams above hides this phase\'s'})`],
      ['Web chat fan-out: agent reply (API) → visitor\'s WebSocket', `${wsReceived.size.toLocaleString('en')} of ${VISITORS.toLocaleString('en')} replies in ${wsFanOutSeconds.toFixed(1)} s`, `p50 ${percentile(wsLatencies, 50).toFixed(0)} ms, p99 ${percentile(wsLatencies, 99).toFixed(0)} ms`],
    ];
  } finally {
    await parley.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const websiteTable = (rows: string[][]) => ['| Measure | Volume | Result |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

// Run on its own: print the table.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  benchWebsite().then((rows) => { console.log(`\n${websiteTable(rows)}`); process.exit(0); }, (err) => { console.error(err); process.exit(1); });
}
