import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../engine/db/open-database';
import { INBOX_CHANGE_PRUNE_EVERY, INBOX_CHANGE_RETENTION_MS } from '../../engine/db/schema-stream';
import { signByocRequest } from '../fakes/sign-byoc';
import { testApp } from '../support/test-app';

const SECRET = 'whsec_' + Buffer.alloc(32, 8).toString('base64');

/** Reads SSE events from a response until `done` says stop (or the timeout passes). */
async function readEvents(res: Response, done: (events: { event: string; data: any; id: string }[]) => boolean, timeoutMs = 5000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: any; id: string }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (!done(events) && Date.now() < deadline) {
    const { value, done: ended } = await Promise.race([reader.read(), new Promise<{ value: undefined; done: true }>((r) => setTimeout(() => r({ value: undefined, done: true }), deadline - Date.now()))]);
    if (ended) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
      events.push({ event: field('event'), data: JSON.parse(field('data') || 'null'), id: field('id') });
    }
  }
  await reader.cancel();
  return events;
}

describe('live inbox stream (SSE)', () => {
  let t: ReturnType<typeof testApp>;
  let channelId: string;
  beforeEach(async () => {
    t = testApp();
    channelId = (await (await t.request('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: 'https://mw.example.com/out', secret: SECRET } } })).json()).id;
  });
  afterEach(() => t.close());

  it('pushes new cases and messages as they arrive, then resumes from the last event id', async () => {
    const stream = await t.request('/api/v1/stream', { key: t.agentKey });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const body = { type: 'message', externalMessageId: 's1', externalConversationId: 'c', sender: { externalId: 'u', name: 'Ana' }, text: 'live!', timestamp: Date.now() };
    setTimeout(() => void t.app.request(`/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) }), 100);
    const events = await readEvents(stream, (e) => e.some((x) => x.event === 'case') && e.some((x) => x.event === 'message'));
    expect(events[0].event).toBe('ready');
    const theCase = events.find((e) => e.event === 'case')!.data;
    expect(theCase).toMatchObject({ status: 'new', contactName: 'Ana', preview: 'live!' });
    expect(events.find((e) => e.event === 'message')!.data).toMatchObject({ caseId: theCase.id, direction: 'in', text: 'live!' });

    // A reply made while disconnected arrives on reconnect with Last-Event-ID.
    const lastId = events.at(-1)!.id;
    await new Promise((r) => setTimeout(r, 5));
    await t.request(`/api/v1/cases/${theCase.id}/messages`, { method: 'POST', json: { text: 'hello back' } });
    const resumed = await t.request('/api/v1/stream', { key: t.agentKey, headers: { 'last-event-id': lastId } });
    const more = await readEvents(resumed, (e) => e.some((x) => x.event === 'message' && x.data.text === 'hello back'));
    expect(more.find((e) => e.event === 'message' && e.data.text === 'hello back')!.data).toMatchObject({ direction: 'out', deliveryStatus: 'queued' });
    // Nothing the client already had comes again: the resumed stream starts strictly after lastId.
    expect(more[0]).toMatchObject({ event: 'ready', id: lastId });
    expect(more.slice(1).every((e) => Number(e.id) > Number(lastId))).toBe(true);
    expect(more[1]).toMatchObject({ event: 'message', data: { text: 'hello back' } });
  });

  it('Last-Event-ID resumes with every change after it exactly once, in commit order, across connections', async () => {
    const a = await newCase(t, channelId, 'a');
    const b = await newCase(t, channelId, 'b');
    const first = await t.request('/api/v1/stream', { key: t.agentKey });
    setTimeout(() => setPreview(t.db, a, 'a1'), 50);
    const seen = await readEvents(first, (e) => e.some((x) => x.event === 'case' && x.data.preview === 'a1'));
    const lastId = seen.at(-1)!.id;
    expect(seen.filter((e) => e.event === 'case').map((e) => [e.data.id, e.data.preview])).toEqual([[a, 'a1']]);

    // While disconnected: four commits, two of them from a second connection (another process).
    const other = openDatabase(t.db.$client.name);
    try {
      setPreview(t.db, b, 'b1');
      const m = insertMessage(other, t.accountId, a, channelId, 'while away', Date.now() - 60_000);
      setPreview(other, a, 'a2');
      setPreview(t.db, b, 'b2');
      const resumed = await t.request('/api/v1/stream', { key: t.agentKey, headers: { 'last-event-id': lastId } });
      const events = await readEvents(resumed, (e) => e.some((x) => x.event === 'case' && x.data.preview === 'b2'));
      const changes = events.slice(1);
      // b changed twice before the poll: one event with its latest state, at its latest change's place.
      expect(changes.map((e) => [e.event, e.data.id, e.data.preview ?? e.data.text])).toEqual([
        ['message', m, 'while away'], ['case', a, 'a2'], ['case', b, 'b2'],
      ]);
      const ids = changes.map((e) => Number(e.id));
      expect(ids.every((id, i) => id > Number(lastId) && (i === 0 || id > ids[i - 1]))).toBe(true);

      // Resuming from the last of them gives nothing old, only what comes next.
      const again = await t.request('/api/v1/stream', { key: t.agentKey, headers: { 'last-event-id': events.at(-1)!.id } });
      setTimeout(() => setPreview(other, a, 'a3'), 50);
      const next = await readEvents(again, (e) => e.some((x) => x.event === 'case'));
      expect(next.slice(1).map((e) => [e.event, e.data.preview])).toEqual([['case', 'a3']]);
    } finally { other.$client.close(); }
  });

  it('two writers interleaving commits: every change arrives once, in commit order, whatever its timestamp', async () => {
    const theCase = await newCase(t, channelId, 'x');
    const other = openDatabase(t.db.$client.name);
    try {
      const stream = await t.request('/api/v1/stream', { key: t.agentKey });
      const written: string[] = [];
      // Alternate writers; the second one's rows carry timestamps a minute old (a slow transaction
      // committing late): a cursor on updatedAt would skip them once it had seen a newer row.
      void (async () => {
        for (let i = 0; i < 20; i++) {
          const late = i % 2 === 1;
          written.push(insertMessage(late ? other : t.db, t.accountId, theCase, channelId, `m${i}`, late ? Date.now() - 60_000 : Date.now()));
          await new Promise((r) => setTimeout(r, i % 5 === 0 ? 600 : 20));
        }
      })();
      const events = await readEvents(stream, (e) => e.filter((x) => x.event === 'message').length >= 20, 15_000);
      await new Promise((r) => setTimeout(r, 700));
      const messages = events.filter((e) => e.event === 'message');
      expect(messages.map((e) => e.data.id)).toEqual(written);
      expect(messages.map((e) => e.data.text)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
      const ids = messages.map((e) => Number(e.id));
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    } finally { other.$client.close(); }
  });

  it('?since=<ms> starts at the first change committed at or after that time', async () => {
    const a = await newCase(t, channelId, 'early');
    await new Promise((r) => setTimeout(r, 20));
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    setPreview(t.db, a, 'after since');
    const stream = await t.request(`/api/v1/stream?since=${since}`, { key: t.agentKey });
    const events = await readEvents(stream, (e) => e.some((x) => x.event === 'case'));
    expect(events.slice(1).map((e) => [e.event, e.data.id, e.data.preview])).toEqual([['case', a, 'after since']]);
    // A time before the case was created gives its creation too (as the case's latest state).
    const all = await t.request('/api/v1/stream?since=0', { key: t.agentKey });
    const fromStart = await readEvents(all, (e) => e.some((x) => x.event === 'message') && e.some((x) => x.event === 'case'));
    expect(fromStart.slice(1).map((e) => [e.event, e.data.preview ?? e.data.text])).toEqual([['message', 'early'], ['case', 'after since']]);
  });

  it('a resume from a pruned or unknown cursor gets a reset event, then goes on from now', async () => {
    const a = await newCase(t, channelId, 'old');
    const lastOld = (t.db.$client.prepare('select max(seq) seq from inbox_changes').get() as { seq: number }).seq;
    expect(lastOld).toBeGreaterThan(1);
    // Age the log past its 24 h retention, then write until the 1,000th change prunes it.
    t.db.$client.prepare('update inbox_changes set at = at - ?').run(INBOX_CHANGE_RETENTION_MS + 3600_000);
    const bump = t.db.$client.prepare('update cases set priority = priority + 1 where id = ?');
    while ((t.db.$client.prepare("select seq from sqlite_sequence where name = 'inbox_changes'").get() as { seq: number }).seq < INBOX_CHANGE_PRUNE_EVERY) bump.run(a);
    expect((t.db.$client.prepare('select min(seq) seq from inbox_changes').get() as { seq: number }).seq).toBe(lastOld + 1);

    // A client that had only the first change: the ones after it are gone.
    const pruned = await t.request('/api/v1/stream', { key: t.agentKey, headers: { 'last-event-id': '1' } });
    setTimeout(() => setPreview(t.db, a, 'after reset'), 50);
    const events = await readEvents(pruned, (e) => e.some((x) => x.event === 'case'));
    expect(events.map((e) => e.event)).toEqual(['ready', 'reset', 'case']);
    expect(events[1].data).toEqual({ reason: 'pruned', cursor: INBOX_CHANGE_PRUNE_EVERY });
    // One that had every pruned change still resumes change by change.
    const caughtUp = await t.request('/api/v1/stream', { key: t.agentKey, headers: { 'last-event-id': String(lastOld) } });
    const rest = await readEvents(caughtUp, (e) => e.some((x) => x.event === 'case'));
    expect(rest.map((e) => e.event)).toEqual(['ready', 'case']);
    expect(events[2].data.preview).toBe('after reset');

    // An id this database never gave (e.g. a timestamp id from before the change log).
    const unknown = await t.request('/api/v1/stream', { key: t.agentKey, headers: { 'last-event-id': String(Date.now()) } });
    const told = await readEvents(unknown, (e) => e.some((x) => x.event === 'reset'));
    expect(told[1].data.reason).toBe('unknown_cursor');
  });

  it('a negative or malformed since is a documented 400 problem', async () => {
    for (const since of ['-1', '1.5', 'yesterday']) {
      const res = await t.request(`/api/v1/stream?since=${since}`, { key: t.agentKey });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'validation_failed' });
    }
    const doc = await (await t.app.request('/api/openapi.json')).json();
    const op = doc.paths['/api/v1/stream'].get;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/event-stream']);
    // The schema describes one event: its type picks the schema of its JSON data.
    const event = op.responses['200'].content['text/event-stream'].schema;
    expect(event.properties.event.enum).toEqual(['ready', 'case', 'message', 'case_hidden', 'reset', 'heartbeat']);
    const dataOf = (name: string) => event.oneOf.find((b: any) => b.properties.event.const === name).properties.data;
    expect(dataOf('case')).toMatchObject({ contentMediaType: 'application/json', contentSchema: { $ref: '#/components/schemas/Case' } });
    expect(dataOf('message').contentSchema).toEqual({ $ref: '#/components/schemas/Message' });
    // A case out of the reader's sight: its id and nothing else.
    expect(dataOf('case_hidden').contentSchema).toEqual({ type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string' } } });
    expect(op.description).toContain('`case_hidden`');
  });

  it('needs a token', async () => {
    expect((await t.request('/api/v1/stream', { key: null })).status).toBe(401);
  });
});

/** A case from an inbound webhook message; returns its id. */
async function newCase(t: ReturnType<typeof testApp>, channelId: string, text: string) {
  const body = { type: 'message', externalMessageId: randomUUID(), externalConversationId: randomUUID(), sender: { externalId: randomUUID(), name: 'Ana' }, text, timestamp: Date.now() };
  const res = await t.app.request(`/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
  expect(res.status).toBeLessThan(300);
  return (t.db.$client.prepare('select id from cases order by created_at desc, rowid desc limit 1').get() as { id: string }).id;
}

function setPreview(db: Db, caseId: string, preview: string) {
  db.$client.prepare('update cases set preview = ?, updated_at = ? where id = ?').run(preview, Date.now(), caseId);
}

/** A message written straight to the database (as the worker process does), with the given timestamp. */
function insertMessage(db: Db, accountId: string, caseId: string, channelId: string, text: string, at: number) {
  const id = `msg_${randomUUID()}`;
  db.$client.prepare(`insert into messages (id, account_id, case_id, channel_id, direction, author_type, content, fallback_text, delivery_status, occurred_at, created_at, updated_at)
    values (?, ?, ?, ?, 'out', 'agent', ?, ?, 'queued', ?, ?, ?)`).run(id, accountId, caseId, channelId, JSON.stringify({ type: 'text', text }), text, at, at, at);
  return id;
}
