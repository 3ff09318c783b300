// The chat's live line to Parley: a WebSocket (`/live`) first; server-sent events (`/stream`) when
// the socket cannot open (a proxy that blocks WebSocket) or keeps dropping. Reconnects with
// back-off and resumes from the last message seen, telling the server which ids it already has,
// so a dropped connection loses nothing and repeats nothing (the panel also keeps messages by id).
// Carries the team's typing in, the visitor's typing and read receipts out.

export interface LiveMessage { id: string; direction: 'in' | 'out'; content: { content?: unknown } | null; text: string; at: number }
export interface TeamTyping { active: boolean; name?: string; expiresInMs: number }

export interface TransportOptions {
  /** Parley's snippet endpoints for the site, e.g. https://parley.example/w/site_123. */
  base: string;
  /** visitorId=…(&identity=…) */
  query(): string;
  onMessage(m: LiveMessage): void;
  onTyping(t: TeamTyping): void;
  /** true: connected; false: reconnecting. */
  onLine(up: boolean): void;
}

export interface Transport {
  /** The visitor is typing (throttled here: one signal every 2 s at most) or stopped. */
  typing(active: boolean): void;
  /** Read receipt over the socket; false when it must go over HTTP instead. */
  read(upTo: string): boolean;
  close(): void;
  readonly mode: 'ws' | 'sse';
}

const TYPING_EVERY_MS = 2_000;
/** The server pings an idle socket every 25 s: this much silence means the line is dead. */
const SILENCE_MS = 60_000;
/** A socket that lived less than this counts as a failure. */
const STABLE_MS = 10_000;
/** Consecutive socket failures before falling back to server-sent events (2 when no socket ever opened). */
const FAILURES_BEFORE_SSE = 3;
/** Ids remembered for resume (the server reads with a few seconds of overlap). */
const HAVE = 30;

export function openTransport(o: TransportOptions): Transport {
  let closed = false;
  let mode: 'ws' | 'sse' = typeof WebSocket === 'function' ? 'ws' : 'sse';
  let socket: WebSocket | null = null;
  let source: EventSource | null = null;
  let failures = 0;
  let everOpened = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let silence: ReturnType<typeof setTimeout> | null = null;
  let lastTyping = 0;
  const recent: string[] = [];
  let last: { id: string; at: number } | null = null;

  const received = (m: LiveMessage) => {
    if (recent.includes(m.id)) return;
    recent.push(m.id);
    if (recent.length > HAVE) recent.shift();
    if (!last || m.at > last.at || (m.at === last.at && m.id > last.id)) last = { id: m.id, at: m.at };
    o.onMessage(m);
  };

  const backoff = () => Math.min(30_000, 1_000 * 2 ** Math.min(failures, 5)) * (0.75 + Math.random() * 0.5);
  const schedule = (run: () => void) => { if (!closed && !retry) retry = setTimeout(() => { retry = null; run(); }, backoff()); };

  function openSocket() {
    if (closed) return;
    const url = `${o.base.replace(/^http/, 'ws')}/live?${o.query()}`;
    let ws: WebSocket;
    try { ws = new WebSocket(url); } catch { return fallBack(); }
    socket = ws;
    let openedAt = 0;
    const quiet = () => {
      if (silence) clearTimeout(silence);
      silence = setTimeout(() => ws.close(), SILENCE_MS);
    };
    ws.onopen = () => {
      openedAt = Date.now();
      everOpened = true;
      ws.send(JSON.stringify({ type: 'resume', ...(last ? { after: last.id } : {}), have: recent }));
      o.onLine(true);
      quiet();
    };
    ws.onmessage = (e) => {
      quiet();
      let f: { type?: string; message?: LiveMessage } & Partial<TeamTyping>;
      try { f = JSON.parse(String(e.data)); } catch { return; }
      if (f.type === 'message' && f.message) received(f.message);
      else if (f.type === 'typing') o.onTyping({ active: f.active !== false, name: f.name, expiresInMs: f.expiresInMs ?? 6_000 });
    };
    ws.onclose = () => {
      if (silence) clearTimeout(silence);
      if (socket !== ws) return;
      socket = null;
      if (closed) return;
      o.onLine(false);
      failures = openedAt && Date.now() - openedAt > STABLE_MS ? 0 : failures + 1;
      // Never opened at all (blocked on the way?): fall back sooner.
      if (failures >= (everOpened ? FAILURES_BEFORE_SSE : 2)) return fallBack();
      schedule(openSocket);
    };
  }

  function fallBack() {
    mode = 'sse';
    failures = 0;
    openStream();
  }

  function openStream() {
    if (closed) return;
    // EventSource reconnects by itself, sending Last-Event-ID; `after` covers the first connection.
    const es = source = new EventSource(`${o.base}/stream?${o.query()}${last ? `&after=${encodeURIComponent(last.id)}` : ''}`);
    es.addEventListener('message', (e) => { try { received(JSON.parse((e as MessageEvent).data)); } catch { /* not ours */ } });
    es.addEventListener('typing', (e) => { try { o.onTyping(JSON.parse((e as MessageEvent).data)); } catch { /* not ours */ } });
    es.addEventListener('open', () => o.onLine(true));
    es.addEventListener('error', () => o.onLine(false));
  }

  const post = (path: string, body: object) => void fetch(`${o.base}/${path}`, {
    // text/plain: a simple request, no preflight.
    method: 'POST', mode: 'cors', credentials: 'omit', headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ ...Object.fromEntries(new URLSearchParams(o.query())), ...body }),
  }).catch(() => {});

  if (mode === 'ws') openSocket(); else openStream();

  return {
    get mode() { return mode; },
    typing(active) {
      const now = Date.now();
      if (active && now - lastTyping < TYPING_EVERY_MS) return;
      if (!active && !lastTyping) return;
      lastTyping = active ? now : 0;
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'typing', active }));
      else if (mode === 'sse') post('typing', { active });
    },
    read(upTo) {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify({ type: 'read', upTo }));
      return true;
    },
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      if (silence) clearTimeout(silence);
      socket?.close();
      source?.close();
      socket = source = null;
    },
  };
}
