// A visitor's WebSocket, once the handshake passed the checks (engine/website/visitor-live-access.ts).
// Frames are JSON objects with a `type`.
//   client → server  resume {after?, have?}   where the client is: the last message id it has (and
//                                              its latest few ids); the server then sends every later
//                                              message once. Sent first, and again after any doubt.
//                    typing {active?}          the visitor is typing (default) or stopped
//                    read {upTo}               the visitor saw the replies up to that message
//   server → client  message {message}         one message of the thread (as the SSE `message` event)
//                    typing {active, name?, expiresInMs}   the team is typing (hide after expiresInMs)
//                    ping                       keep-alive when idle (the client treats ~60 s of silence as a dead line)
//                    error {code, message}     a frame that was refused (the connection stays open)
// A socket that never says where it is within RESUME_WITHIN_MS is closed (4408); one that floods is
// closed (1008). Protocol pings find dead peers: no pong within a heartbeat, the socket is dropped.
import type { WSContext, WSEvents } from 'hono/ws';
import type { Db } from '../db/open-database';
import { RateLimiter } from './rate-limit';
import { followVisitorThread } from './visitor-live-feed';
import type { LiveVisitor } from './visitor-live-access';
import { typingRegistry, type TypingRegistry } from './visitor-live-typing';
import { markRepliesRead, openVisitorCase } from './visitor-conversation';

export interface LiveSocketDeps {
  db: Db;
  now?: () => number;
  typing?: TypingRegistry;
  pollMs?: number;
  keepAliveMs?: number;
  heartbeatMs?: number;
}

const RESUME_WITHIN_MS = 10_000;
const HEARTBEAT_MS = 30_000;
/** The widget signals typing at most every 2 s; anything faster is ignored, not refused. */
const TYPING_MIN_GAP_MS = 1_000;
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

// Frames per connection: bursts of 40, 4 a second sustained.
const frames = new RateLimiter(40, 4);
let connections = 0;

/** A minimal view of the `ws` socket under hono's context: protocol-level ping and pong. */
interface RawSocket { ping?(): void; terminate?(): void; on?(event: 'pong', listener: () => void): unknown }

export function visitorLiveSocket(deps: LiveSocketDeps, v: LiveVisitor): WSEvents {
  const now = deps.now ?? Date.now;
  const typing = deps.typing ?? typingRegistry;
  const key = `c${++connections}`;
  let feed: AbortController | null = null;
  let resumeTimer: ReturnType<typeof setTimeout> | null = null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let lastTyping = 0;
  let alive = true;

  const send = (ws: WSContext, frame: unknown) => { if (ws.readyState === 1) ws.send(JSON.stringify(frame)); };
  const refuse = (ws: WSContext, code: string, message: string) => send(ws, { type: 'error', code, message });

  const resume = (ws: WSContext, after: string | undefined, have: string[]) => {
    if (resumeTimer) { clearTimeout(resumeTimer); resumeTimer = null; }
    feed?.abort();
    const stop = feed = new AbortController();
    followVisitorThread({
      db: deps.db, channelId: v.channelId, who: v.who, after, have, signal: stop.signal, typing,
      pollMs: deps.pollMs, keepAliveMs: deps.keepAliveMs, send: (f) => send(ws, f),
    }).catch(() => ws.close(1011, 'The conversation could not be read; reconnect.'));
  };

  const handle = (ws: WSContext, frame: Record<string, unknown>) => {
    switch (frame.type) {
      case 'resume': {
        const after = frame.after === undefined || frame.after === null ? undefined : String(frame.after);
        const have = Array.isArray(frame.have) ? frame.have.slice(0, 100).map(String).filter((id) => MESSAGE_ID.test(id)) : [];
        if (after !== undefined && !MESSAGE_ID.test(after)) return refuse(ws, 'validation_failed', 'resume.after must be a message id.');
        return resume(ws, after, have);
      }
      case 'typing': {
        const active = frame.active !== false;
        if (active && now() - lastTyping < TYPING_MIN_GAP_MS) return;
        lastTyping = active ? now() : 0;
        // Typing before the first message has no case to show it on yet.
        const open = openVisitorCase(deps.db, v.channelId, v.who);
        if (open) typing.customerTyping(open.id, active);
        return;
      }
      case 'read': {
        if (typeof frame.upTo !== 'string' || !MESSAGE_ID.test(frame.upTo)) return refuse(ws, 'validation_failed', 'read.upTo must be a message id.');
        markRepliesRead(deps.db, v.channelId, v.who, frame.upTo, now());
        return;
      }
      case 'pong': return;
      default: return refuse(ws, 'unknown_frame', 'Frames are resume, typing and read.');
    }
  };

  const stopAll = () => {
    feed?.abort();
    if (resumeTimer) clearTimeout(resumeTimer);
    if (heartbeat) clearInterval(heartbeat);
  };

  return {
    onOpen(_e, ws) {
      resumeTimer = setTimeout(() => ws.close(4408, 'Send a resume frame first.'), RESUME_WITHIN_MS);
      const raw = ws.raw as RawSocket | undefined;
      raw?.on?.('pong', () => { alive = true; });
      heartbeat = setInterval(() => {
        if (!alive) { raw?.terminate?.(); return; }
        alive = false;
        raw?.ping?.();
      }, deps.heartbeatMs ?? HEARTBEAT_MS);
    },
    onMessage(e, ws) {
      if (!frames.take(key, 1, now())) { ws.close(1008, 'Too many frames; reconnect in a moment.'); return; }
      let frame: unknown;
      try { frame = typeof e.data === 'string' ? JSON.parse(e.data) : null; } catch { /* refused below */ }
      if (!frame || typeof frame !== 'object' || Array.isArray(frame)) return refuse(ws, 'invalid_json', 'Frames are JSON objects with a type.');
      handle(ws, frame as Record<string, unknown>);
    },
    onClose: stopAll,
    onError: stopAll,
  };
}
