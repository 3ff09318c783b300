// Inbox benchmark (issue #10), part of `npm run bench` (test/bench/run.ts), or on its own:
//   npm run bench -- inbox          (or BENCH_ONLY=inbox npm run bench; npx tsx test/bench/inbox.ts)
// 1. Builds a SQLite database with the real migrations (engine/db/open-database.ts): ~20 channels,
//    300,000 contacts (one channel identity each), 1,000,000 cases and 2,000,000 messages (indexed
//    for full-text search by the migrations' triggers), written with prepared statements in large
//    transactions. Sizes: BENCH_INBOX_CASES, BENCH_INBOX_CONTACTS, BENCH_INBOX_MESSAGES_PER_CASE.
// 2. Measures through the real API (createApp, app.request in process, an admin API key): the inbox's
//    first page, filtered first pages, the second page through the cursor, and search; p50 / p99.
// 3. Webhook → case on screen: a real Parley (embedded Temporal) with the console open in Chromium;
//    a MutationObserver in the page stamps the moment each new row appears, compared with the
//    moment the signed BYOC webhook was sent (both wall clocks of this machine).
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { bootstrap } from '../../engine/accounts/bootstrap';
import { createApp } from '../../engine/api/app';
import { ChannelStore } from '../../engine/channels/channel-store';
import { openDatabase } from '../../engine/db/open-database';
import { ingestEvents } from '../../engine/ingest/ingest-events';
import { createSecretBox } from '../../engine/security/secret-box';
import { newId } from '../../engine/ids';
import { createApiKey } from '../../engine/accounts/bootstrap';
import { resolveConfig } from '../../engine/config/resolve-config';
import { startParley } from '../../engine/parley';
import settings from '../../temporal.config';
import { signByocRequest } from '../fakes/sign-byoc';
import { ensureConsoleBuilt, launchBrowser, signInAsAdmin } from '../support/browser';
import { freePort } from '../support/free-port';

const CASES = Number(process.env.BENCH_INBOX_CASES ?? 1_000_000);
const CONTACTS = Number(process.env.BENCH_INBOX_CONTACTS ?? 300_000);
const MESSAGES_PER_CASE = Number(process.env.BENCH_INBOX_MESSAGES_PER_CASE ?? 2);
const CHANNELS = 20;
const AGENTS = 25;
const SAMPLES = Number(process.env.BENCH_INBOX_SAMPLES ?? 300);
const SCREEN_CASES = Number(process.env.BENCH_INBOX_SCREEN_CASES ?? 30);
/**
 * BENCH_INBOX_ROWS=<text>: measure only the reads whose name contains it (`BENCH_INBOX_ROWS=search
 * npm run bench -- inbox`), skip webhook → screen, and put those rows into the section already in
 * docs/benchmarks.md, keeping the others (mergeInboxRows).
 */
const ROWS_FILTER = process.env.BENCH_INBOX_ROWS;

const CHANNEL_TYPES = ['whatsapp', 'messenger', 'instagram', 'telegram', 'line', 'viber', 'sms', 'email', 'webchat', 'byoc'];
const FIRST = ['Ana', 'Jonas', 'Priya', 'Tom', 'Amara', 'Lucía', 'Marta', 'Kenji', 'Sofia', 'Omar', 'Elena', 'Noah', 'Chloé', 'Mateo', 'Aisha', 'Lars', 'Yuki', 'Diego', 'Fatima', 'Ivan'];
const LAST = ['García', 'Weber', 'Patel', 'Becker', 'Okafor', 'Fernández', 'Gil', 'Tanaka', 'Rossi', 'Haddad', 'Novak', 'Smith', 'Dubois', 'López', 'Khan', 'Berg', 'Sato', 'Ruiz', 'Benali', 'Petrov'];
const WORDS = ('order parcel delivery refund invoice payment card account password login address shipping tracking size colour '
  + 'return exchange discount code checkout basket cancel subscription plan upgrade warranty broken damaged missing late '
  + 'today tomorrow monday please thanks hello help question problem status update number email phone store pickup voucher '
  + 'gift wrap linen shirt shoes jacket dress bag watch ring battery charger cable screen laptop phone headphones speaker').split(' ');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n: number) => n.toFixed(2);

/** A deterministic pseudo-random sequence (xorshift32), so every run builds the same data. */
function random(seed: number) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 0x1_0000_0000; };
}

export interface InboxBuild { dir: string; file: string; seconds: number; sizeMiB: number; accountId: string; adminKey: string; channelIds: string[]; rareWords: string[] }

/** Builds the database; returns where it is and how long it took. */
export function buildInboxDatabase(): InboxBuild {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-inbox-'));
  const file = join(dir, 'parley.sqlite');
  const started = performance.now();
  const db = openDatabase(file);
  const creds = bootstrap(db)!;
  const sqlite = db.$client;
  const rnd = random(42);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  // Only the build runs without fsyncs; the measured app reopens the file with Parley's own settings.
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  // The live-stream change log's triggers would add 3,000,000 log rows no inbox read touches; they are
  // dropped for the build and recreated, as the migration wrote them, before anything is measured.
  const triggers = sqlite.prepare("select name, sql from sqlite_master where type = 'trigger' and name like 'inbox_changes_%'").all() as { name: string; sql: string }[];
  for (const t of triggers) sqlite.exec(`drop trigger ${t.name}`);

  const now = Date.now();
  const year = 365 * 24 * 3600_000;
  const channelIds: string[] = [];
  const insertChannel = sqlite.prepare('insert into channels (id, account_id, type, name, config, enabled, created_at, updated_at) values (?, ?, ?, ?, ?, 1, ?, ?)');
  for (let i = 0; i < CHANNELS; i++) {
    const id = newId('ch', now - year);
    channelIds.push(id);
    insertChannel.run(id, creds.accountId, CHANNEL_TYPES[i % CHANNEL_TYPES.length], `${CHANNEL_TYPES[i % CHANNEL_TYPES.length]} ${Math.floor(i / CHANNEL_TYPES.length) + 1}`, '{}', now - year, now - year);
  }
  const agentIds = Array.from({ length: AGENTS }, (_, i) => `usr_bench_agent_${i}`);

  const insertContact = sqlite.prepare('insert into contacts (id, account_id, name, email, phone, custom_fields, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertIdentity = sqlite.prepare('insert into contact_identities (id, account_id, contact_id, channel_id, external_id, name, created_at) values (?, ?, ?, ?, ?, ?, ?)');
  const contactIds: string[] = new Array(CONTACTS);
  const contactChannel: number[] = new Array(CONTACTS);
  sqlite.transaction(() => {
    for (let i = 0; i < CONTACTS; i++) {
      const at = now - year + Math.floor((i / CONTACTS) * year);
      const id = newId('ct', at);
      const name = `${pick(FIRST)} ${pick(LAST)}`;
      const channel = Math.floor(rnd() * CHANNELS);
      contactIds[i] = id;
      contactChannel[i] = channel;
      insertContact.run(id, creds.accountId, name, i % 3 === 0 ? `customer${i}@example.com` : null, i % 4 === 0 ? `+3460${String(i).padStart(7, '0')}` : null, '{}', at, at);
      insertIdentity.run(newId('ci', at), creds.accountId, id, channelIds[channel], `ext-${i}`, name, at);
    }
  })();

  // Older cases are mostly closed; the newest ones carry the live work (what a real inbox looks like).
  const insertCase = sqlite.prepare(`insert into cases (id, account_id, channel_id, contact_id, thread_id, status, assignee_id, priority, tags, custom_fields, preview,
    created_at, updated_at, status_updated_at, last_inbound_at, inbound_count, outbound_count, last_activity_at) values (?, ?, ?, ?, ?, ?, ?, 0, '[]', '{}', ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertMessage = sqlite.prepare(`insert into messages (id, account_id, case_id, channel_id, direction, author_type, content, fallback_text, tags, delivery_status, occurred_at, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?)`);
  const rareWords: string[] = [];
  const BATCH = 50_000;
  const statusOf = (age: number): string => {
    const r = rnd();
    if (age < 0.02) return r < 0.2 ? 'new' : r < 0.55 ? 'open' : r < 0.7 ? 'pending' : r < 0.75 ? 'escalated' : 'resolved';
    return r < 0.005 ? 'open' : r < 0.01 ? 'pending' : r < 0.2 ? 'resolved' : 'closed';
  };
  for (let start = 0; start < CASES; start += BATCH) {
    sqlite.transaction(() => {
      for (let j = start; j < Math.min(CASES, start + BATCH); j++) {
        const at = now - year + Math.floor((j / CASES) * year);
        const contact = Math.floor(rnd() * CONTACTS);
        const channelId = channelIds[contactChannel[contact]];
        const status = statusOf(1 - j / CASES);
        const assignee = status === 'new' || rnd() < 0.1 ? null : pick(agentIds);
        const caseId = newId('case', at);
        // One in 1,000 cases mentions a reference no other case has: the "rare word" searches.
        const reference = j % 1000 === 0 ? `ref${j.toString(36)}` : `${Math.floor(rnd() * 90000) + 10000}`;
        if (j % 1000 === 0 && rareWords.length < 200) rareWords.push(reference);
        const texts = Array.from({ length: MESSAGES_PER_CASE }, (_, m) => {
          const words = Array.from({ length: 6 + Math.floor(rnd() * 8) }, () => pick(WORDS));
          if (m === 0) words.splice(2, 0, reference);
          return words.join(' ');
        });
        insertCase.run(caseId, creds.accountId, channelId, contactIds[contact], `thread-${j}`, status, assignee, texts[texts.length - 1].slice(0, 200),
          at, at + MESSAGES_PER_CASE * 60_000, at, at, Math.ceil(MESSAGES_PER_CASE / 2), Math.floor(MESSAGES_PER_CASE / 2), at + (MESSAGES_PER_CASE - 1) * 60_000);
        texts.forEach((text, m) => {
          const inbound = m % 2 === 0;
          insertMessage.run(newId('msg', at + m * 60_000), creds.accountId, caseId, channelId, inbound ? 'in' : 'out', inbound ? 'customer' : 'agent',
            JSON.stringify({ type: 'text', text }), text, inbound ? 'received' : 'delivered', at + m * 60_000, at + m * 60_000, at + m * 60_000);
        });
      }
    })();
  }
  for (const t of triggers) sqlite.exec(t.sql);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  const seconds = (performance.now() - started) / 1000;
  return { dir, file, seconds, sizeMiB: statSizeMiB(file), accountId: creds.accountId, adminKey: creds.apiKey, channelIds, rareWords };
}

function statSizeMiB(file: string) {
  const probe = new Database(file, { readonly: true });
  const { n } = probe.prepare('select page_count * page_size n from pragma_page_count(), pragma_page_size()').get() as { n: number };
  probe.close();
  return n / 2 ** 20;
}

export interface InboxRow { name: string; request: string; samples: number; p50: number; p99: number; max: number; cpuP99: number; items: number }

/** Measures the inbox reads through the real HTTP app over the built database. */
export async function measureInboxApi(build: InboxBuild): Promise<{ rows: InboxRow[]; plans: Record<string, string[]> }> {
  const db = openDatabase(build.file);
  const box = createSecretBox(randomBytes(32));
  const channels = new ChannelStore(db, box, 'https://parley.example.com');
  const noTemporal = new Proxy({}, { get() { throw new Error('Temporal is not used by inbox reads'); } }) as Client;
  const app = createApp({
    db, channels, bodyLimitBytes: 64 * 1024,
    commands: { db, channels, client: noTemporal, taskQueue: 'unused', autoCloseAfterMs: 1000, wakeDispatcher: () => {} },
    ingest: (channel, events) => ingestEvents(db, channel, events),
    checkTemporal: async () => { throw new Error('unused'); },
    log: () => {},
    box,
  });
  const headers = { authorization: `Bearer ${build.adminKey}` };
  const get = async (path: string) => {
    const res = await app.request(`/api/v1${path}`, { headers });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { items: unknown[]; nextCursor: string | null };
  };
  const active = 'new,open,pending,escalated';
  const firstPage = await get('/cases');
  const activePage = await get(`/cases?status=${active}`);
  const activityPage = await get(`/cases?sort=activity&status=${active}`);
  const names = ['Ana García', 'Kenji', 'Okafor', 'Lucía Fernández'];
  const common = ['refund', 'parcel', 'invoice', 'warranty'];
  const commonPage = await get('/cases?q=refund');
  const scenarios: { name: string; label?: string; path: (i: number) => string }[] = [
    { name: 'first page (default: all statuses, 50 newest)', path: () => '/cases' },
    { name: 'first page, active statuses', path: () => `/cases?status=${active}` },
    { name: 'first page by last activity, active statuses (the console\'s default)', path: () => `/cases?sort=activity&status=${active}` },
    { name: 'first page, status=open', path: () => '/cases?status=open' },
    { name: 'first page, one channel (20 channels in turn)', path: (i) => `/cases?channelId=${build.channelIds[i % build.channelIds.length]}` },
    { name: 'first page, assigneeId=none', path: () => '/cases?assigneeId=none' },
    { name: 'first page, one agent\'s active cases (the console\'s "Mine")', path: (i) => `/cases?status=${active}&assigneeId=usr_bench_agent_${i % AGENTS}` },
    { name: 'first page, active + unassigned + one channel', path: (i) => `/cases?status=${active}&assigneeId=none&channelId=${build.channelIds[i % build.channelIds.length]}` },
    { name: 'second page (cursor)', path: () => `/cases?cursor=${firstPage.nextCursor}` },
    { name: 'second page, active statuses (cursor)', path: () => `/cases?status=${active}&cursor=${activePage.nextCursor}` },
    { name: 'first page by last activity, one agent\'s active cases ("Mine")', path: (i) => `/cases?sort=activity&status=${active}&assigneeId=usr_bench_agent_${i % AGENTS}` },
    { name: 'first page by last activity, active + unassigned + one channel', path: (i) => `/cases?sort=activity&status=${active}&assigneeId=none&channelId=${build.channelIds[i % build.channelIds.length]}` },
    { name: 'second page by last activity, active statuses (cursor)', path: () => `/cases?sort=activity&status=${active}&cursor=${activityPage.nextCursor}` },
    { name: 'search, a rare reference (1 case)', label: 'q=ref… (a reference in one message)', path: (i) => `/cases?q=${build.rareWords[i % build.rareWords.length]}` },
    { name: 'search, a common word (~10% of messages)', path: (i) => `/cases?q=${common[i % 4]}` },
    { name: 'search, a common word, second page (cursor)', path: () => `/cases?q=refund&cursor=${commonPage.nextCursor}` },
    { name: 'search, a common word, by last activity', path: (i) => `/cases?sort=activity&q=${common[i % 4]}` },
    { name: 'search, a common word, by last activity, active statuses (the console\'s default)', path: (i) => `/cases?sort=activity&status=${active}&q=${common[i % 4]}` },
    { name: 'search, a common word, one channel', path: (i) => `/cases?channelId=${build.channelIds[i % build.channelIds.length]}&q=${common[i % 4]}` },
    { name: 'search, a common word, one agent\'s active cases ("Mine")', path: (i) => `/cases?sort=activity&status=${active}&assigneeId=usr_bench_agent_${i % AGENTS}&q=${common[i % 4]}` },
    { name: 'search, a customer\'s name', path: (i) => `/cases?q=${encodeURIComponent(names[i % names.length])}` },
    { name: 'search, a rare reference, active statuses', label: 'q=ref…', path: (i) => `/cases?status=${active}&q=${build.rareWords[i % build.rareWords.length]}` },
    // Contact search (engine/contacts/contact-search.ts): trigram indexes over names, emails, phones and identities.
    { name: 'search, contacts: one email', path: (i) => `/contacts?q=customer${(i * 3001) % CONTACTS - ((i * 3001) % CONTACTS) % 3}@` },
    { name: 'search, contacts: a channel identity', path: (i) => `/contacts?q=ext-${(i * 7919) % CONTACTS}` },
    { name: 'search, contacts: a common surname', path: (i) => `/contacts?q=${encodeURIComponent(LAST[i % LAST.length])}` },
  ];
  const rows: InboxRow[] = [];
  for (const s of scenarios.filter((x) => !ROWS_FILTER || x.name.includes(ROWS_FILTER))) {
    for (let i = 0; i < 10; i++) await get(s.path(i)); // warm-up: JIT and SQLite pages
    const latencies: number[] = [];
    const cpu: number[] = [];
    let items = 0;
    // Searches that fall back to the walk take long: fewer samples keep the run short.
    const samples = s.name.startsWith('search') ? Math.min(SAMPLES, 100) : SAMPLES;
    for (let i = 0; i < samples; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const page = await get(s.path(i));
      latencies.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      items += page.items.length;
    }
    latencies.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    rows.push({ name: s.name, request: `GET /api/v1${s.path(0).replace(/cursor=[^&]+/, 'cursor=…').replace(/(channelId=)[^&]+/, '$1…').replace(/q=ref[0-9a-z]+/, s.label ?? '$&')}`,
      samples, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1], cpuP99: percentile(cpu, 99), items: items / samples });
    console.error(`inbox bench: ${s.name}: p50 ${fmt(rows.at(-1)!.p50)} ms, p99 ${fmt(rows.at(-1)!.p99)} ms, CPU p99 ${fmt(rows.at(-1)!.cpuP99)} ms`);
  }
  const plans: Record<string, string[]> = {};
  db.$client.close();
  return { rows, plans };
}

export interface ScreenResult { cases: number; p50: number; p99: number; max: number; ackP50: number }

/**
 * Webhook → case on screen: a real Parley (embedded Temporal dev server) with the console's inbox open
 * in Chromium. A MutationObserver in the page notes when each case row first appears (wall clock);
 * each sample runs from just before the signed webhook is sent to that moment.
 */
export async function measureWebhookToScreen(): Promise<ScreenResult> {
  const SECRET = 'whsec_' + Buffer.alloc(32, 44).toString('base64');
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-screen-'));
  ensureConsoleBuilt();
  const config = resolveConfig(settings, {
    PARLEY_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', TEMPORAL_UI: 'false',
    TEMPORAL_DEV_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), PARLEY_TEMPORAL_LOG_LEVEL: 'ERROR',
  });
  const parley = await startParley(config);
  const browser = await launchBrowser();
  try {
    const creds = parley.credentials!;
    const key = createApiKey(parley.db, creds.accountId, 'admin', 'bench');
    const res = await fetch(`${parley.url}/api/v1/channels`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'byoc', name: 'Bench app', config: { outboundUrl: 'http://127.0.0.1:9/unused', secret: SECRET } }),
    });
    const channelId = ((await res.json()) as { id: string }).id;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(30_000);
    await signInAsAdmin(page, parley.url, creds);
    await page.click('nav a:has-text("Inbox")');
    await page.locator('.live-dot.on').waitFor();
    // A string, not a function: the bundler that runs this file would wrap a function's inner helpers
    // in its own __name() calls, which do not exist in the page.
    await page.evaluate(`(() => {
      const seen = {};
      window.__rowSeen = seen;
      const note = () => {
        const now = performance.timeOrigin + performance.now();
        document.querySelectorAll('[data-case-id]').forEach((el) => {
          const id = el.getAttribute('data-case-id');
          if (!(id in seen)) seen[id] = now;
        });
      };
      new MutationObserver(note).observe(document.body, { childList: true, subtree: true });
      note();
    })()`);
    const latencies: number[] = [];
    const acks: number[] = [];
    const run = Date.now().toString(36);
    for (let i = 0; i < SCREEN_CASES + 3; i++) {
      const body = JSON.stringify({ type: 'message', externalMessageId: `${run}-${i}`, externalConversationId: `screen-${run}-${i}`,
        sender: { externalId: `screen-cust-${run}-${i}`, name: `Customer ${i}` }, text: `Hello, question number ${i}`, timestamp: Date.now() });
      const headers = signByocRequest(SECRET, body);
      const sent = performance.timeOrigin + performance.now();
      const answer = await fetch(`${parley.url}/webhooks/${channelId}`, { method: 'POST', headers, body });
      const acked = performance.timeOrigin + performance.now();
      const { caseIds: [caseId] } = (await answer.json()) as { caseIds: string[] };
      await page.waitForFunction((id) => id in (window as unknown as { __rowSeen: Record<string, number> }).__rowSeen, caseId);
      const shown = await page.evaluate((id) => (window as unknown as { __rowSeen: Record<string, number> }).__rowSeen[id], caseId);
      // The first three warm up the page, the stream and the workflow worker.
      if (i >= 3) { latencies.push(shown - sent); acks.push(acked - sent); }
      // Webhooks arrive at random moments, not in step with anything in the page.
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 600));
    }
    latencies.sort((a, b) => a - b);
    acks.sort((a, b) => a - b);
    return { cases: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1], ackP50: percentile(acks, 50) };
  } finally {
    await browser.close();
    await parley.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const MARK_START = '<!-- inbox bench: start (test/bench/inbox.ts) -->';
const MARK_END = '<!-- inbox bench: end -->';

/** Runs the whole inbox benchmark and returns its docs/benchmarks.md section. */
export async function benchInbox(): Promise<string> {
  const build = buildInboxDatabase();
  console.error(`inbox bench: built ${CASES.toLocaleString('en')} cases, ${(CASES * MESSAGES_PER_CASE).toLocaleString('en')} messages, ${CONTACTS.toLocaleString('en')} contacts in ${build.seconds.toFixed(1)} s (${build.sizeMiB.toFixed(0)} MiB)`);
  let api: InboxRow[];
  try {
    api = (await measureInboxApi(build)).rows;
  } finally {
    if (!process.env.BENCH_INBOX_KEEP) rmSync(build.dir, { recursive: true, force: true });
    else console.error(`inbox bench: the database is kept at ${build.file}`);
  }
  if (ROWS_FILTER) return mergeInboxRows(api, build);
  const screen = await measureWebhookToScreen();
  console.error(`inbox bench: webhook → case on screen p50 ${screen.p50.toFixed(0)} ms, p99 ${screen.p99.toFixed(0)} ms`);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const table = [
    '| Read | Request | Rows | Samples | p50 (ms) | p99 (ms) | max (ms) | p99 CPU (ms) |', '|---|---|---:|---:|---:|---:|---:|---:|',
    ...api.map(rowLine),
  ].join('\n');
  return `${MARK_START}
## Inbox over 1,000,000 cases

Produced by \`npm run bench -- inbox\` on ${new Date().toISOString().slice(0, 10)} (${machine}).
A SQLite database built with the real migrations: ${CASES.toLocaleString('en')} cases over a year across ${CHANNELS} channels,
${CONTACTS.toLocaleString('en')} contacts (one channel identity each), ${(CASES * MESSAGES_PER_CASE).toLocaleString('en')} messages in the full-text index; the older
cases mostly closed or resolved, the newest 2% carrying the live work (new, open, pending, escalated). Built in
${build.seconds.toFixed(0)} s (${build.sizeMiB.toFixed(0)} MiB; prepared statements, 50,000 cases a transaction). Each read goes
through the real API app in process (\`app.request\`, admin API key: authentication, validation, query, JSON),
${SAMPLES} times (searches ${Math.min(SAMPLES, 100)}) after 10 warm-up calls, one at a time. Target: first page p99 < 10 ms.
"p99 CPU" is the CPU time of this process (user + system, all its threads, so V8's background GC counts too)
during the request: other processes on a shared machine cannot inflate it, while wall clock includes waiting for a core. Indexes added for these reads
(migration 0009): cases by contact, by account + channel and by account + assignee (newest first), by account + last activity (migration 0014, \`sort=activity\`), and a trigram (migration 0010)
index over contact names; case search walks a word's messages newest first in the full-text index and stops once the page is
full (engine/cases/case-search-walk.ts); a rare word runs out of matches at once, and its cases with the names' candidates are
fetched by id (engine/cases/case-search.ts). Contact search (\`GET /contacts?q=\`,
engine/contacts/contact-search.ts) reads trigram indexes over names, emails, phones and channel identities (migration 0012)
while at most 2,000 contacts match; a more common term walks the contacts newest first.

${table}

${verdict(api)}

**Webhook → case on screen** (a real Parley with its embedded Temporal dev server; the console's inbox open in
headless Chromium): from just before a signed BYOC webhook is sent to the moment its case row appears in the page
(a MutationObserver's wall-clock stamp), ${screen.cases} new cases sent at random intervals: p50 ${screen.p50.toFixed(0)} ms,
p99 ${screen.p99.toFixed(0)} ms, max ${screen.max.toFixed(0)} ms (the webhook's own 200 took ${screen.ackP50.toFixed(1)} ms at p50).
${MARK_END}`;
}

/** What the numbers say about the target, and the one slow path, in words. */
function verdict(api: InboxRow[]): string {
  const first = api[0];
  const pages = api.filter((r) => !r.name.startsWith('search'));
  const worstWall = Math.max(...pages.map((r) => r.p99)), worstCpu = Math.max(...pages.map((r) => r.cpuP99));
  const common = api.find((r) => r.name.startsWith('search, a common word'));
  return `First page: p50 ${fmt(first.p50)} ms, p99 ${fmt(first.p99)} ms: the 10 ms p99 target is ${first.p99 < 10 ? 'met' : 'missed'}`
    + `${first.p99 >= 10 && first.cpuP99 < 10 ? ` on wall clock (CPU p99 ${fmt(first.cpuP99)} ms: the rest was waiting for a core)` : ''}; across every first and second page the worst p99 is `
    + `${fmt(worstWall)} ms wall clock, ${fmt(worstCpu)} ms CPU (each page walks an index newest first and stops at 51 rows: EXPLAIN QUERY PLAN shows `
    + '`SEARCH cases USING INDEX cases_account_id / cases_account_status / cases_account_channel / cases_account_assignee / cases_account_last_activity`). '
    + searchVerdict(api);
}

/** The case search rows in words (engine/cases/case-search.ts, case-search-walk.ts). */
function searchVerdict(api: InboxRow[]): string {
  const common = api.find((r) => r.name === 'search, a common word (~10% of messages)');
  if (!common) return '';
  const rare = api.find((r) => r.name === 'search, a rare reference (1 case)');
  const variants = api.filter((r) => r.name.startsWith('search, a common word'));
  const worst = variants.reduce((a, b) => (b.p99 > a.p99 ? b : a));
  return `Search for a word common to many messages (in 10% of the 2,000,000): p50 ${fmt(common.p50)} ms, p99 ${fmt(common.p99)} ms; `
    + `over its second page, the sorts and the filters the worst p99 is ${fmt(worst.p99)} ms (${worst.name}). The word's messages are walked `
    + 'newest first in the full-text index (FTS5 serves `ORDER BY rowid DESC`), the walk stops once the page is full, and the page is then proven '
    + 'against the inbox\'s order (engine/cases/case-search-walk.ts), where it used to list all ~200,000 matching messages first (p50 251 ms on '
    + `2026-11-27). Rare words, references and names are fetched by id${rare ? ` (a rare reference: p50 ${fmt(rare.p50)} ms, p99 ${fmt(rare.p99)} ms)` : ''}.`;
}

const rowLine = (r: InboxRow) => `| ${r.name} | \`${r.request}\` | ${r.items.toFixed(0)} | ${r.samples} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.cpuP99)} |`;

/**
 * BENCH_INBOX_ROWS: the section already in docs/benchmarks.md with these rows measured again. Each
 * replaces its row of the table; a new one goes after the last row that shares the start of its name
 * ("search, a common word"). The verdict is worked out again from the whole table, and a line under
 * the heading says which rows are newer than the others.
 */
function mergeInboxRows(api: InboxRow[], build: InboxBuild): string {
  const file = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = doc.indexOf(MARK_START), end = doc.indexOf(MARK_END);
  if (start < 0 || end < start) throw new Error('BENCH_INBOX_ROWS updates the inbox section of docs/benchmarks.md: run the whole inbox bench first');
  const lines = doc.slice(start, end + MARK_END.length).split('\n');
  const nameOf = (line: string) => (line.startsWith('| ') && line.includes(' | `') ? line.slice(2, line.indexOf(' | `')) : null);
  for (const r of api) {
    const at = lines.findIndex((l) => nameOf(l) === r.name);
    if (at >= 0) { lines[at] = rowLine(r); continue; }
    const kin = r.name.split(',').slice(0, 2).join(',');
    const after = lines.findLastIndex((l) => nameOf(l)?.startsWith(kin) ?? false);
    lines.splice((after >= 0 ? after : lines.findLastIndex((l) => nameOf(l) !== null)) + 1, 0, rowLine(r));
  }
  const table: InboxRow[] = lines.flatMap((l) => {
    const m = /^\| (.+?) \| `(.+)` \| (\d+) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$/.exec(l);
    return m ? [{ name: m[1], request: m[2], items: Number(m[3]), samples: Number(m[4]), p50: Number(m[5]), p99: Number(m[6]), max: Number(m[7]), cpuP99: Number(m[8]) }] : [];
  });
  const verdictAt = lines.findIndex((l) => l.startsWith('First page: p50'));
  if (verdictAt >= 0) lines[verdictAt] = verdict(table);
  const note = `The rows whose name holds "${ROWS_FILTER}" were measured again on ${new Date().toISOString().slice(0, 10)} (\`BENCH_INBOX_ROWS=${ROWS_FILTER}\`, `
    + `on a database built the same way in ${build.seconds.toFixed(0)} s); the others are from the run above.`;
  const noteAt = lines.findIndex((l) => l.startsWith('The rows whose name holds'));
  if (noteAt >= 0) lines[noteAt] = note;
  else lines.splice(lines.findIndex((l) => l.startsWith('Produced by')) + 1, 0, note);
  return lines.join('\n');
}

/** Puts the inbox section into docs/benchmarks.md, replacing the previous one (the rest is kept). */
export function writeInboxSection(section: string) {
  const file = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = doc.indexOf(MARK_START), end = doc.indexOf(MARK_END);
  const next = start >= 0 && end > start
    ? doc.slice(0, start) + section + doc.slice(end + MARK_END.length)
    : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  console.log(`wrote the inbox section of docs/benchmarks.md`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const section = await benchInbox();
  console.log(section);
  if (!process.env.BENCH_INBOX_NO_WRITE) writeInboxSection(section);
}
