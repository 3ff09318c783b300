// The live inbox stream across processes: a real Parley (API + worker on a real Temporal dev server)
// takes customer messages over HTTP while ANOTHER OS process writes messages straight into the same
// SQLite file, stamped a minute in the past (a slow writer committing late). A client reads the SSE
// stream over real HTTP, drops the connection midway and resumes with Last-Event-ID: every change
// arrives, none twice, in commit order.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../engine/temporal/binaries';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 5).toString('base64');
const OTHER_PROCESS_ROWS = 40;
const WEBHOOK_MESSAGES = 10;

type Event = { event: string; id: string; data: any };

/** Reads SSE events into `into` until `done` says stop; then closes the connection. */
async function readStream(url: string, key: string, lastEventId: string | null, into: Event[], done: () => boolean, timeoutMs = 30_000) {
  const abort = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const res = await fetch(url, { headers, signal: abort.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!done() && Date.now() < deadline) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while (!done() && (end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
        into.push({ event: field('event'), id: field('id'), data: JSON.parse(field('data') || 'null') });
      }
    }
  } finally {
    abort.abort();
  }
}

/** Another process: opens the database file itself and commits one inbound message at a time. */
function writeFromAnotherProcess(dbFile: string, row: { accountId: string; caseId: string; channelId: string }) {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.env.DB_FILE);
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare("insert into messages (id, account_id, case_id, channel_id, direction, author_type, content, fallback_text, delivery_status, occurred_at, created_at, updated_at) values (?, ?, ?, ?, 'in', 'customer', ?, ?, 'received', ?, ?, ?)");
    let i = 0;
    const next = () => {
      if (i === ${OTHER_PROCESS_ROWS}) { db.close(); return; }
      const text = 'other-' + i;
      const at = Date.now() - 60000;
      insert.run('msg_other_' + i, process.env.ACCOUNT, process.env.CASE, process.env.CHANNEL, JSON.stringify({ type: 'text', text }), text, at, at, at);
      i++;
      setTimeout(next, 25);
    };
    next();`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DB_FILE: dbFile, ACCOUNT: row.accountId, CASE: row.caseId, CHANNEL: row.channelId },
  });
  return new Promise<number | null>((resolve) => child.once('exit', resolve));
}

describe('inbox stream: resume across processes', () => {
  let h: Harness;
  let channelId: string;
  beforeAll(async () => {
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    // The middleware URL is never called: the test only receives messages.
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: 'http://127.0.0.1:9/out', secret: SECRET } } });
    channelId = (await res.json()).id;
  });
  afterAll(async () => { await h?.stop(); });

  const customerWrites = async (conversation: string, text: string) => {
    const body = { type: 'message', externalMessageId: `ext-${conversation}-${text}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name: 'Ana' }, text, timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { caseIds: string[] }).caseIds[0];
  };

  it('Last-Event-ID after a dropped connection: every change once, in commit order, whichever process wrote it', async () => {
    const caseId = await customerWrites('first', 'hello');
    const accountId = (h.parley.db.$client.prepare('select account_id a from cases where id = ?').get(caseId) as { a: string }).a;
    const url = `${h.parley.url}/api/v1/stream`;
    const texts = (events: Event[]) => events.filter((e) => e.event === 'message').map((e) => e.data.text as string);

    const first: Event[] = [];
    const reading = readStream(url, h.agentKey, null, first, () => texts(first).length >= 12);
    await eventually(() => first.length > 0);
    const otherProcess = writeFromAnotherProcess(join(h.config.dataDir, 'parley.sqlite'), { accountId, caseId, channelId });
    for (let i = 0; i < WEBHOOK_MESSAGES; i++) {
      await customerWrites(`conv-${i}`, `webhook-${i}`);
      await new Promise((r) => setTimeout(r, 60));
    }
    await reading;
    expect(await otherProcess).toBe(0);

    // Dropped; everything else is committed by now. Resume where the client stopped.
    const lastId = first.at(-1)!.id;
    const second: Event[] = [];
    const expected = [...Array.from({ length: OTHER_PROCESS_ROWS }, (_, i) => `other-${i}`), ...Array.from({ length: WEBHOOK_MESSAGES }, (_, i) => `webhook-${i}`)];
    await readStream(url, h.agentKey, lastId, second, () => expected.every((t) => texts(first).includes(t) || texts(second).includes(t)));
    expect(second[0]).toMatchObject({ event: 'ready', id: lastId });

    const all = [...first.slice(1), ...second.slice(1)];
    const got = texts(all);
    // Every message, each exactly once (each was written once and never changed).
    expect([...got].sort()).toEqual([...expected].sort());
    // The other process's rows in the order it committed them, despite their old timestamps.
    expect(got.filter((t) => t.startsWith('other-'))).toEqual(expected.slice(0, OTHER_PROCESS_ROWS));
    expect(got.filter((t) => t.startsWith('webhook-'))).toEqual(expected.slice(OTHER_PROCESS_ROWS));
    // Ids strictly increase across both connections: nothing repeated, nothing from before the resume.
    const ids = all.map((e) => Number(e.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    // The cases came too, as the REST API returns them.
    const caseEvents = all.filter((e) => e.event === 'case');
    expect(new Set(caseEvents.map((e) => e.data.contactName))).toEqual(new Set(['Ana']));
    const listed = (await (await h.api('/api/v1/cases?limit=200')).json()).items as { id: string }[];
    for (const e of caseEvents) expect(Object.keys(e.data).sort()).toEqual(Object.keys(listed.find((c) => c.id === e.data.id)!).sort());
  });
});
