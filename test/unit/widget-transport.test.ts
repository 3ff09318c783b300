// The widget's live transport (widget/src/chat/transport.ts) with stand-in WebSocket and
// EventSource: it opens a socket first and says where it is (resume); a socket that cannot open
// falls back to server-sent events; a dropped socket reconnects with back-off and resumes after
// the last message seen, with the ids it has; a message is handed on once; the visitor's typing
// is throttled to one signal every 2 s.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTransport, type LiveMessage } from '../../widget/src/chat/transport';

class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) { FakeSocket.all.push(this); }
  send(data: string) { this.sent.push(JSON.parse(data)); }
  close() { this.drop(); }
  open() { this.readyState = 1; this.onopen?.(); }
  receive(frame: unknown) { this.onmessage?.({ data: JSON.stringify(frame) }); }
  drop() { if (this.readyState === 3) return; this.readyState = 3; this.onclose?.(); }
}

class FakeEventSource {
  static all: FakeEventSource[] = [];
  listeners = new Map<string, ((e: { data: string }) => void)[]>();
  closed = false;
  constructor(readonly url: string) { FakeEventSource.all.push(this); }
  addEventListener(type: string, fn: (e: { data: string }) => void) { this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]); }
  emit(type: string, data: unknown) { for (const fn of this.listeners.get(type) ?? []) fn({ data: JSON.stringify(data) }); }
  close() { this.closed = true; }
}

const msg = (id: string, at: number, text = id): LiveMessage => ({ id, direction: 'out', content: null, text, at });

describe('the widget\'s live transport', () => {
  let got: LiveMessage[];
  let lines: boolean[];
  let posts: { url: string; body: unknown }[];
  const start = () => openTransport({
    base: 'https://parley.example/w/site_1', query: () => 'visitorId=v_abcdefghijklmnop',
    onMessage: (m) => got.push(m), onTyping: () => {}, onLine: (up) => lines.push(up),
  });

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    FakeEventSource.all = [];
    got = [];
    lines = [];
    posts = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('EventSource', FakeEventSource);
    vi.stubGlobal('fetch', async (url: string, init: { body: string }) => { posts.push({ url, body: JSON.parse(init.body) }); return new Response('{}'); });
  });
  afterEach(() => { vi.useRealTimers(); vi.unstubAllGlobals(); });

  it('opens a WebSocket first and resumes from the start; hands each message on once', () => {
    const t = start();
    expect(t.mode).toBe('ws');
    const ws = FakeSocket.all[0];
    expect(ws.url).toBe('wss://parley.example/w/site_1/live?visitorId=v_abcdefghijklmnop');
    ws.open();
    expect(ws.sent).toEqual([{ type: 'resume', have: [] }]);
    ws.receive({ type: 'message', message: msg('m1', 1) });
    ws.receive({ type: 'message', message: msg('m1', 1) });
    ws.receive({ type: 'ping' });
    expect(got.map((m) => m.id)).toEqual(['m1']);
    expect(lines).toEqual([true]);
    t.close();
  });

  it('after a drop, reconnects with back-off and resumes after the last message seen, with the ids it has', () => {
    const t = start();
    FakeSocket.all[0].open();
    FakeSocket.all[0].receive({ type: 'message', message: msg('m1', 1) });
    FakeSocket.all[0].receive({ type: 'message', message: msg('m2', 2) });
    vi.advanceTimersByTime(20_000);
    FakeSocket.all[0].drop();
    expect(lines).toEqual([true, false]);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1_600);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1].open();
    expect(FakeSocket.all[1].sent).toEqual([{ type: 'resume', after: 'm2', have: ['m1', 'm2'] }]);
    expect(t.mode).toBe('ws');
    t.close();
  });

  it('falls back to server-sent events when the socket cannot open, resuming after the last message', () => {
    const t = start();
    FakeSocket.all[0].drop(); // refused on the way (never opened)
    vi.advanceTimersByTime(3_000);
    FakeSocket.all[1].drop();
    expect(t.mode).toBe('sse');
    const es = FakeEventSource.all[0];
    expect(es.url).toBe('https://parley.example/w/site_1/stream?visitorId=v_abcdefghijklmnop');
    es.emit('message', msg('m1', 1));
    es.emit('message', msg('m1', 1));
    expect(got.map((m) => m.id)).toEqual(['m1']);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(2); // no more socket attempts
    // In this mode the visitor's typing goes over HTTP.
    t.typing(true);
    expect(posts).toEqual([{ url: 'https://parley.example/w/site_1/typing', body: { visitorId: 'v_abcdefghijklmnop', active: true } }]);
    t.close();
    expect(es.closed).toBe(true);
  });

  it('a socket that keeps dropping right after it opens also falls back', () => {
    const t = start();
    for (let i = 0; i < 3; i++) {
      FakeSocket.all[i].open();
      FakeSocket.all[i].drop();
      vi.advanceTimersByTime(10_000);
    }
    expect(t.mode).toBe('sse');
    expect(FakeEventSource.all).toHaveLength(1);
    t.close();
  });

  it('sends the visitor\'s typing at most every 2 s, and "stopped" once', () => {
    const t = start();
    const ws = FakeSocket.all[0];
    ws.open();
    for (let i = 0; i < 10; i++) { t.typing(true); vi.advanceTimersByTime(300); }
    t.typing(false);
    t.typing(false);
    expect(ws.sent.filter((f) => (f as { type: string }).type === 'typing')).toEqual([
      { type: 'typing', active: true }, { type: 'typing', active: true }, { type: 'typing', active: false },
    ]);
    expect(t.read('m9')).toBe(true);
    expect(ws.sent.at(-1)).toEqual({ type: 'read', upTo: 'm9' });
    t.close();
  });
});
