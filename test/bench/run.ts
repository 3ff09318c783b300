// `npm run bench`: measures, on this machine and in one run,
//  1. webhook → durable ack: signed BYOC webhooks answered after their SQLite transaction commits,
//  2. webhook → case updated by the workflow: until the case workflow has mirrored the message,
//  3. rule selection over 10,000 rules, a 100,000-recipient outreach campaign (test/bench/campaign.ts),
//     and the website: visitor events ingested, 1,000 web chat streams / WebSockets and the reply fan-out (test/bench/website.ts),
//  4. the inbox over 1,000,000 cases and webhook → case on screen in Chromium (test/bench/inbox.ts; alone: `npm run bench -- inbox`),
// each next to a bare Hono endpoint (same server process, same client). Prints a table and writes
// docs/benchmarks.md. The servers run in a child process; this process only generates load.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { signByocRequest } from '../fakes/sign-byoc';
import { benchCampaign, campaignTable } from './campaign';
import { benchWebsite, websiteTable } from './website';
import { benchRuleSelection } from './rule-selection';
import { benchInbox, writeInboxSection } from './inbox';

interface Target { parleyUrl: string; bareUrl: string; apiKey: string; channelId: string; secret: string; dataDir: string }
interface Result { name: string; requests: number; concurrency: number; seconds: number; p50: number; p99: number; max: number }

const ACK_REQUESTS = Number(process.env.BENCH_ACK_REQUESTS ?? 3000);
const CASE_MESSAGES = Number(process.env.BENCH_CASE_MESSAGES ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RULE_MESSAGES = Number(process.env.BENCH_RULE_MESSAGES ?? 200);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function load(name: string, requests: number, concurrency: number, one: (i: number) => Promise<void>): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests) {
      const i = next++;
      const t0 = performance.now();
      await one(i);
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, requests, concurrency, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] };
}

/** Peak and current resident memory of a process and its children (Linux /proc), in MiB. */
function memoryOf(pid: number): { peakMiB: number; rssMiB: number; childrenRssMiB: number } {
  const field = (status: string, name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    const childrenRssMiB = children.reduce((sum, c) => {
      try { return sum + field(readFileSync(`/proc/${c}/status`, 'utf8'), 'VmRSS'); } catch { return sum; }
    }, 0);
    return { peakMiB: field(status, 'VmHWM'), rssMiB: field(status, 'VmRSS'), childrenRssMiB };
  } catch {
    return { peakMiB: NaN, rssMiB: NaN, childrenRssMiB: NaN };
  }
}

function startServer(): Promise<{ target: Target; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...(process.env.BENCH_MEM_LOG ? ['--import', process.env.BENCH_MEM_LOG] : []), '--import', 'tsx', fileURLToPath(new URL('./bench-server.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({
      target: JSON.parse(line),
      pid: child.pid!,
      stop: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }),
    }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

async function main() {
  // `npm run bench -- inbox` (or BENCH_ONLY=inbox): only the inbox section (test/bench/inbox.ts), rewritten in place.
  const only = process.env.BENCH_ONLY ?? process.argv[2];
  if (only === 'inbox') { writeInboxSection(await benchInbox()); return; }
  const { target, pid, stop } = await startServer();
  const run = `r${Date.now().toString(36)}`;
  const webhook = (conversation: string, id: string, text = `benchmark message ${id}`) => {
    const body = JSON.stringify({ type: 'message', externalMessageId: id, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name: 'Bench' }, text, timestamp: Date.now() });
    return fetch(`${target.parleyUrl}/webhooks/${target.channelId}`, { method: 'POST', headers: signByocRequest(target.secret, body), body });
  };
  const mustOk = async (res: Response) => { if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`); return res; };

  // Warm-up: JIT, SQLite pages, workflow bundle.
  await load('warm-up', 200, 8, async (i) => { await mustOk(await webhook(`warm-${i % 20}`, `${run}-warm-${i}`)); });
  await load('warm-up bare', 200, 8, async () => { await mustOk(await fetch(`${target.bareUrl}/echo`, { method: 'POST', body: '{"x":1}' })); });
  await new Promise((r) => setTimeout(r, 2000));

  const results: Result[] = [];
  const sample = JSON.stringify({ type: 'message', text: 'x'.repeat(180) });
  results.push(await load('bare Hono endpoint (POST, read body, 200)', ACK_REQUESTS, CONCURRENCY, async () => {
    await (await mustOk(await fetch(`${target.bareUrl}/echo`, { method: 'POST', body: sample }))).arrayBuffer();
  }));
  results.push(await load('webhook → durable ack (verify + SQLite tx)', ACK_REQUESTS, CONCURRENCY, async (i) => {
    await (await mustOk(await webhook(`ack-${i % 500}`, `${run}-ack-${i}`))).arrayBuffer();
  }));

  // The acked backlog is still flowing to the workflows: wait until every inbound message has been
  // mirrored by its workflow, so the workflow-path numbers below measure latency, not the backlog.
  const drainStarted = performance.now();
  const db = new Database(join(target.dataDir, 'parley.sqlite'), { readonly: true });
  const backlog = () => {
    const { inbound } = db.prepare("select count(*) inbound from messages where direction = 'in'").get() as { inbound: number };
    const { mirrored } = db.prepare('select coalesce(sum(inbound_count), 0) mirrored from cases').get() as { mirrored: number };
    return inbound - mirrored;
  };
  while (backlog() > 0) await new Promise((r) => setTimeout(r, 100));
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  // Watch the mirror in the database file itself (read-only, by primary key): polling the HTTP API
  // this often would load the server under test and inflate the very latency being measured.
  const inboundCountOf = db.prepare('select inbound_count n from cases where id = ?');
  const caseState = async (caseId: string) => ({ inboundCount: (inboundCountOf.get(caseId) as { n: number } | undefined)?.n ?? 0 });

  const untilMirrored = async (caseId: string, count: number) => {
    for (;;) {
      if ((await caseState(caseId)).inboundCount >= count) return;
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  results.push(await load('webhook → new case, workflow started and state mirrored', CASE_MESSAGES, 8, async (i) => {
    const res = await mustOk(await webhook(`new-${run}-${i}`, `${run}-new-${i}`));
    const { caseIds } = (await res.json()) as { caseIds: string[] };
    await untilMirrored(caseIds[0], 1);
  }));
  const seen = new Map<string, number>();
  const toExistingCase = (label: string) => async (i: number) => {
    const conversation = `new-${run}-${i % 50}`;
    const n = (seen.get(conversation) ?? 1) + 1;
    seen.set(conversation, n);
    const res = await mustOk(await webhook(conversation, `${run}-${label}-${i}`));
    const { caseIds } = (await res.json()) as { caseIds: string[] };
    await untilMirrored(caseIds[0], n);
  };
  results.push(await load('webhook → existing case, signal handled and state mirrored', CASE_MESSAGES, 8, toExistingCase('existing')));
  // One at a time: the latency of a quiet system, without queueing behind other messages.
  results.push(await load('webhook → existing case, one message at a time', 100, 1, toExistingCase('serial')));
  // Through the rule engine: webhook → ingest records the event → rule dispatcher selects the rule →
  // rule-run workflow → add_tag activity → the tag is on the case row.
  const tagsOf = db.prepare('select tags from cases where id = ?');
  const untilTagged = async (caseId: string) => {
    for (;;) {
      const row = tagsOf.get(caseId) as { tags: string } | undefined;
      if (row && (JSON.parse(row.tags) as string[]).includes('bench')) return;
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const ruleRow = (label: string) => async (i: number) => {
    const res = await mustOk(await webhook(`rule-${run}-${label}-${i}`, `${run}-rule-${label}-${i}`, `benchtag please ${i}`));
    const { caseIds } = (await res.json()) as { caseIds: string[] };
    await untilTagged(caseIds[0]);
  };
  results.push(await load('webhook → rule run → tag applied (new case)', RULE_MESSAGES, 8, ruleRow('c8')));
  results.push(await load('webhook → rule run → tag applied, one at a time', 50, 1, ruleRow('c1')));
  db.close();
  const memory = memoryOf(pid);
  await stop();

  const selection = benchRuleSelection();
  // Last: the campaign benchmark starts its own Parley (100,000 recipients by default).
  const campaign = campaignTable(await benchCampaign());
  const website = websiteTable(await benchWebsite());
  const fmt = (n: number) => n.toFixed(1);
  const rows = results.map((r) => `| ${r.name} | ${r.requests} | ${r.concurrency} | ${fmt(r.requests / r.seconds)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} |`);
  const table = ['| Scenario | Requests | Concurrency | Throughput (req/s) | p50 (ms) | p99 (ms) | max (ms) |', '|---|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const drained = `After the ack run, the ${ACK_REQUESTS} acknowledged webhooks had all reached their workflows and been mirrored ${drainSeconds.toFixed(1)} s later (${(ACK_REQUESTS / (results[1].seconds + drainSeconds)).toFixed(1)} messages/s end to end through Temporal).`;
  const mem = `Memory: the Parley process (API, dispatcher, worker) peaked at ${memory.peakMiB.toFixed(0)} MiB resident (${memory.rssMiB.toFixed(0)} MiB at the end); the Temporal dev server it runs used ${memory.childrenRssMiB.toFixed(0)} MiB.`;
  const selectionTable = [
    '| Published rules | Accounts | Events | Candidates per event (mean) | Matching per event (mean) | p50 (µs) | p99 (µs) | max (µs) | Index load (ms) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${selection.rules} | ${selection.accounts} | ${selection.events} | ${fmt(selection.meanCandidates)} | ${fmt(selection.meanMatched)} | ${fmt(selection.p50us)} | ${fmt(selection.p99us)} | ${fmt(selection.maxUs)} | ${fmt(selection.loadMs)} |`,
  ].join('\n');
  console.log(`\n${table}\n\n${selectionTable}\n\n${campaign}\n\n${website}\n\n${drained}\n${mem}\n${machine}`);
  const doc = `# Benchmarks

Produced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}).
Servers run in one child process (Parley with its embedded Temporal dev server on SQLite, plus a bare Hono
endpoint as the baseline); the load generator runs in the parent process over loopback HTTP.

- **bare Hono endpoint**: the floor — HTTP parsing and an empty handler, nothing else.
- **webhook → durable ack**: a signed BYOC webhook (Standard Webhooks HMAC verified on the raw body), parsed,
  and committed in one SQLite transaction (dedupe, contact, case, message, outbox row) before the 200.
- **webhook → case updated by the workflow**: from sending the webhook until the case workflow has handled the
  signal and its activity mirrored the state to SQLite (observed by polling the case's row in the SQLite file every ~5 ms, read-only, so the observer does not load the server). "New
  case" includes starting the workflow (signal-with-start); "existing case" signals a running workflow.
- **webhook → rule run → tag applied**: one published rule (message received → text contains "benchtag" →
  add tag); from sending the webhook until the tag is on the case row: ingest records the rule event, the rule
  dispatcher selects and pre-checks the rule, starts its rule-run workflow, whose \`add_tag\` activity writes the tag.
  Every other message of the run is an event the same rule is a candidate for and does not match.

${table}

**Rule selection** (in process, no I/O): 10,000 published rules across 50 accounts (200 each: message-received
and status-changed triggers, half limited to one of the account's 5 channels, a condition on the text and the
priority, a branch on the tags, two actions), created through the rules store and published; per event, the
indexed candidate lookup plus the interpreter's pre-check of every candidate, which is what the rule
dispatcher does before starting any workflow.

${selectionTable}

**Outreach campaign** (its own Parley process with the embedded dev server, and a bare HTTP stand-in provider
answering 200 to each BYOC send): a ${Number(process.env.BENCH_CAMPAIGN_RECIPIENTS ?? 100_000).toLocaleString('en')}-row CSV uploaded over HTTP (streamed), a campaign to
every row with the throttle off (sends per second as the provider saw them; drain = start to \`completed\`), and a
throttled campaign (the rate the provider saw next to the configured one). Memory is the bench process's peak
(Parley's API and worker run in it).

${campaign}

**Website** (its own Parley process): visitor events as the snippet batches them (50 a request), and web chat
with ${Number(process.env.BENCH_WEB_VISITORS ?? 1000).toLocaleString('en')} visitors at once, each with a conversation and an open event stream, then the same over WebSocket (what the widget
tries first); an agent replies in every conversation through the API (the reply goes through the case workflow like
any channel's), and each latency runs from that API call to the visitor's stream or socket receiving the reply.

${website}

${drained}

${mem}

Numbers are from one run on a small machine; the workflow path is bound by the single-connection SQLite
persistence of the Temporal dev server. Point \`TEMPORAL_ADDRESS\` at a real cluster for production loads.
`;
  writeFileSync(fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url)), doc);
  console.log('wrote docs/benchmarks.md');
  writeInboxSection(await benchInbox());
}

main().catch((err) => { console.error(err); process.exit(1); });
