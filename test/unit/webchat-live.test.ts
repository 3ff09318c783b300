// Live web chat over a real WebSocket (the `ws` client against the HTTP app served by
// @hono/node-server with Parley's WebSocket server, real SQLite, no Temporal): the handshake is
// refused for other origins and forged or expired identities; messages arrive once and in order;
// after a dropped connection the client resumes from the last id it saw and gets what was sent in
// the gap once; typing goes both ways and lapses; the server-sent event stream (the fallback)
// shares the same feed.
import { createAdaptorServer } from '@hono/node-server';
import { SignJWT } from 'jose';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followVisitorThread } from '../../engine/website/visitor-live-feed';
import { createLiveSocketServer, dropLiveSockets } from '../../engine/website/visitor-live-server';
import { TypingRegistry, TYPING_TTL_MS } from '../../engine/website/visitor-live-typing';
import { testApp } from '../support/test-app';

const ORIGIN = 'https://shop.example';

interface Frame { type: string; message?: { id: string; text: string; direction: string }; active?: boolean; name?: string; expiresInMs?: number; code?: string }

/** A visitor's socket that records every frame. */
function liveClient(url: string, origin = ORIGIN) {
  const ws = new WebSocket(url, { origin });
  const frames: Frame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const texts = () => frames.filter((f) => f.type === 'message').map((f) => f.message!.text);
  return { ws, frames, opened, texts, send: (frame: unknown) => ws.send(JSON.stringify(frame)) };
}

async function until<T>(check: () => T | Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('live web chat over WebSocket', () => {
  let t: ReturnType<typeof testApp>;
  let server: Server;
  let wss: ReturnType<typeof createLiveSocketServer>;
  let base: string;
  let siteId: string;
  let secret: string;
  let n = 0;

  beforeEach(async () => {
    t = testApp();
    wss = createLiveSocketServer();
    server = createAdaptorServer({ fetch: t.app.fetch, websocket: { server: wss } }) as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const site = await (await t.request('/api/v1/sites', { method: 'POST', json: { name: 'Tienda', allowedOrigins: [ORIGIN] } })).json();
    siteId = site.id;
    secret = (await (await t.request(`/api/v1/sites/${siteId}/identity-secret`)).json()).identitySecret;
  });
  afterEach(async () => {
    dropLiveSockets(wss);
    await new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
    t.close();
  });

  const visitor = (suffix: string) => `v_visitor${suffix}0000000000`;
  const liveUrl = (visitorId: string, identity?: string) => `ws://${base}/w/${siteId}/live?${new URLSearchParams({ visitorId, ...(identity ? { identity } : {}) })}`;
  const say = (visitorId: string, text: string) => t.app.request(`/w/${siteId}/messages`, {
    method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ visitorId, clientMessageId: `msg${String(++n).padStart(6, '0')}`, text }),
  });
  const caseOf = async () => (await (await t.request('/api/v1/cases')).json()).items[0].id as string;
  const reply = async (caseId: string, text: string) => (await (await t.request(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { text } })).json()).id as string;
  const token = (claims: Record<string, unknown>, opts: { key?: string; expiresIn?: string } = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(opts.expiresIn ?? '1h').sign(new TextEncoder().encode(opts.key ?? secret));

  it('refuses the handshake from an origin the site does not allow, and without a visitor id the snippet issued', async () => {
    await expect(liveClient(liveUrl(visitor('a')), 'https://evil.example').opened).rejects.toThrow('refused 403');
    await expect(liveClient(`ws://${base}/w/${siteId}/live?visitorId=alice`).opened).rejects.toThrow('refused 400');
    // The refusal says why (as the other snippet endpoints do), before anything is upgraded.
    const res = await t.app.request(`/w/${siteId}/live?visitorId=${visitor('a')}`, { headers: { origin: 'https://evil.example', upgrade: 'websocket' } });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('origin_not_allowed');
    // Without an upgrade, the endpoint points to the event stream.
    expect((await t.app.request(`/w/${siteId}/live?visitorId=${visitor('a')}`, { headers: { origin: ORIGIN } })).status).toBe(426);
  });

  it('refuses forged and expired identities; a valid one gets the signed-in visitor\'s thread', async () => {
    await expect(liveClient(liveUrl(visitor('b'), await token({ sub: 'cust-1' }, { key: 'not-the-site-secret-000000000000' }))).opened).rejects.toThrow('refused 401');
    await expect(liveClient(liveUrl(visitor('b'), await token({ sub: 'cust-1' }, { expiresIn: '-1h' }))).opened).rejects.toThrow('refused 401');
    const ana = await token({ sub: 'cust-1' });
    await t.app.request(`/w/${siteId}/messages`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ visitorId: visitor('b'), clientMessageId: 'identified-1', text: 'Soy Ana', identity: ana }) });
    const client = liveClient(liveUrl(visitor('laptop'), ana));
    await client.opened;
    client.send({ type: 'resume' });
    await until(() => client.texts().length === 1);
    expect(client.texts()).toEqual(['Soy Ana']);
    client.ws.close();
  });

  it('delivers the history and each new message once, in order', async () => {
    await say(visitor('c'), 'uno');
    await say(visitor('c'), 'dos');
    const caseId = await caseOf();
    const client = liveClient(liveUrl(visitor('c')));
    await client.opened;
    client.send({ type: 'resume' });
    await until(() => client.texts().length === 2);
    for (const text of ['tres', 'cuatro', 'cinco']) await reply(caseId, text);
    await say(visitor('c'), 'seis');
    await until(() => client.texts().length >= 6);
    await new Promise((r) => setTimeout(r, 1_300)); // another poll: nothing comes twice
    expect(client.texts()).toEqual(['uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis']);
    // Another visitor's socket sees none of it.
    const other = liveClient(liveUrl(visitor('d')));
    await other.opened;
    other.send({ type: 'resume' });
    await new Promise((r) => setTimeout(r, 300));
    expect(other.texts()).toEqual([]);
    client.ws.close();
    other.ws.close();
  });

  it('after a dropped connection, resumes from the last message seen: the gap arrives once, nothing twice', async () => {
    await say(visitor('e'), 'hola');
    const caseId = await caseOf();
    const first = liveClient(liveUrl(visitor('e')));
    await first.opened;
    first.send({ type: 'resume' });
    await reply(caseId, 'respuesta 1');
    await until(() => first.texts().length === 2);
    const seen = first.frames.filter((f) => f.type === 'message').map((f) => f.message!.id);
    first.ws.terminate(); // the line drops (no close handshake)
    await reply(caseId, 'respuesta 2');
    await say(visitor('e'), 'sigo aquí');
    await reply(caseId, 'respuesta 3');
    const second = liveClient(liveUrl(visitor('e')));
    await second.opened;
    second.send({ type: 'resume', after: seen.at(-1), have: seen });
    await until(() => second.texts().length >= 3);
    await new Promise((r) => setTimeout(r, 1_300));
    expect(second.texts()).toEqual(['respuesta 2', 'sigo aquí', 'respuesta 3']);
    second.ws.close();
  });

  it('shows the visitor typing to agents (until they stop) and the agent typing to the visitor, with its expiry', async () => {
    await say(visitor('f'), 'tengo una duda');
    const caseId = await caseOf();
    const client = liveClient(liveUrl(visitor('f')));
    await client.opened;
    client.send({ type: 'resume' });
    await until(() => client.texts().length === 1);
    expect(await (await t.request(`/api/v1/cases/${caseId}/typing`)).json()).toEqual({ customerTyping: null });
    client.send({ type: 'typing' });
    const typing = await until(async () => (await (await t.request(`/api/v1/cases/${caseId}/typing`)).json()).customerTyping, 2_000);
    expect(typing).toMatchObject({ since: expect.any(Number), expiresAt: expect.any(Number) });
    client.send({ type: 'typing', active: false });
    await new Promise((r) => setTimeout(r, 200));
    expect(await (await t.request(`/api/v1/cases/${caseId}/typing`)).json()).toEqual({ customerTyping: null });

    // The agent types: the visitor's socket is told, with how long to show it.
    const told = await (await t.request(`/api/v1/cases/${caseId}/typing`, { method: 'POST', json: { active: true }, key: t.agentKey })).json();
    expect(told).toEqual({ active: true, expiresInMs: TYPING_TTL_MS, openConnections: 1 });
    await until(() => client.frames.some((f) => f.type === 'typing'));
    expect(client.frames.find((f) => f.type === 'typing')).toEqual({ type: 'typing', active: true, expiresInMs: TYPING_TTL_MS });
    client.ws.close();
  });

  it('a typing signal lapses after its expiry unless renewed', () => {
    let now = 1_000_000;
    const registry = new TypingRegistry(() => now);
    registry.customerTyping('case_1', true);
    expect(registry.customerOf('case_1')).toEqual({ since: 1_000_000, expiresAt: 1_000_000 + TYPING_TTL_MS });
    now += 4_000;
    registry.customerTyping('case_1', true); // renewed while typing: same bout, later expiry
    expect(registry.customerOf('case_1')).toEqual({ since: 1_000_000, expiresAt: 1_004_000 + TYPING_TTL_MS });
    now += TYPING_TTL_MS;
    expect(registry.customerOf('case_1')).toBeNull();
    const heard: unknown[] = [];
    const off = registry.onAgentTyping('ch_1', 'v_1', (s) => heard.push(s));
    expect(registry.agentTyping('ch_1', ['v_1', 'u:x'], { active: true, expiresInMs: TYPING_TTL_MS })).toBe(1);
    off();
    expect(registry.agentTyping('ch_1', ['v_1'], { active: true, expiresInMs: TYPING_TTL_MS })).toBe(0);
    expect(heard).toHaveLength(1);
  });

  it('keeps an idle line alive with pings and ends when the connection goes', async () => {
    const channelId = (await (await t.request(`/api/v1/sites/${siteId}`)).json()).webchatChannelId as string;
    const stop = new AbortController();
    const frames: { type: string }[] = [];
    const feed = followVisitorThread({ db: t.db, channelId, who: visitor('k'), signal: stop.signal, send: (f) => frames.push(f), pollMs: 20, keepAliveMs: 100 });
    await until(() => frames.filter((f) => f.type === 'ping').length >= 2);
    stop.abort();
    await feed;
    const after = frames.length;
    await new Promise((r) => setTimeout(r, 250));
    expect(frames).toHaveLength(after);
  });

  it('answers a bad frame with an error and keeps the connection', async () => {
    const client = liveClient(liveUrl(visitor('g')));
    await client.opened;
    client.ws.send('not json');
    client.send({ type: 'shout' });
    client.send({ type: 'resume', after: 'x y z' });
    await until(() => client.frames.filter((f) => f.type === 'error').length === 3);
    expect(client.frames.map((f) => f.code)).toEqual(['invalid_json', 'unknown_frame', 'validation_failed']);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });

  it('the event stream (the fallback) shares the feed: messages once, resume by Last-Event-ID, the team typing; typing over POST', async () => {
    await say(visitor('h'), 'por SSE');
    const caseId = await caseOf();
    const first = await reply(caseId, 'primera');
    const stop = new AbortController();
    const res = await fetch(`http://${base}/w/${siteId}/stream?visitorId=${visitor('h')}`, { headers: { origin: ORIGIN, 'last-event-id': first }, signal: stop.signal });
    expect(res.status).toBe(200);
    let text = '';
    const reading = (async () => {
      const decoder = new TextDecoder();
      try { for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true }); } catch { /* aborted */ }
    })();
    try {
      await reply(caseId, 'segunda');
      await until(() => text.includes('segunda'));
      await t.request(`/api/v1/cases/${caseId}/typing`, { method: 'POST', json: {} });
      await until(() => text.includes('event: typing'));
      await new Promise((r) => setTimeout(r, 1_300));
      // After Last-Event-ID = the first reply: that one is not sent again and each later one comes
      // once. (Messages just before it may come again — the stream reads with a few seconds of
      // overlap so that none is lost; the widget keeps messages by id.)
      const events = text.split('\n\n').filter((e) => e.includes('event: message')).map((e) => JSON.parse(/data: (.*)/.exec(e)![1]).text);
      expect(events.filter((e) => e !== 'por SSE')).toEqual(['segunda']);
      const typed = await fetch(`http://${base}/w/${siteId}/typing`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'text/plain' }, body: JSON.stringify({ visitorId: visitor('h') }) });
      expect(await typed.json()).toEqual({ shown: true });
      expect((await (await t.request(`/api/v1/cases/${caseId}/typing`)).json()).customerTyping).not.toBeNull();
    } finally {
      stop.abort();
      await reading;
    }
  });
});
