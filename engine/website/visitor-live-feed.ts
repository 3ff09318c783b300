// One visitor's live conversation, as both live transports (the WebSocket and the server-sent
// event stream) deliver it: every message after the last one the client has, each once and in
// order, then each new one as it is stored (woken at once by this process's deliveries, else found
// by a 1 s poll: another process may have written it); the team's typing; a keep-alive when idle.
// The thread is read with a few seconds of overlap (ids may commit slightly out of order), so what
// the client already has is remembered and never sent twice.
import { onWebchatDelivery } from '../../connectors/webchat/delivery-signal';
import type { Db } from '../db/open-database';
import { typingRegistry, type AgentTypingSignal, type TypingRegistry } from './visitor-live-typing';
import { messageTime, visitorThread, type ThreadMessage } from './visitor-thread';

export type FeedFrame =
  | { type: 'message'; message: ThreadMessage }
  | ({ type: 'typing' } & AgentTypingSignal)
  | { type: 'ping' };

export interface FeedOptions {
  db: Db;
  channelId: string;
  /** The visitor's external id on the channel (their visitor id, or `u:<sub>` when signed in). */
  who: string;
  /** The last message the client has: it gets every later one (none: the whole history). */
  after?: string;
  /** Other ids the client already holds (its latest few): not sent again. */
  have?: Iterable<string>;
  send(frame: FeedFrame): unknown;
  /** Stops the feed (the connection closed, or the client asked to resume from elsewhere). */
  signal: AbortSignal;
  typing?: TypingRegistry;
  pollMs?: number;
  keepAliveMs?: number;
}

const POLL_MS = 1_000;
const KEEPALIVE_MS = 25_000;
/** Remembered ids older than this before the read position cannot come back (the read overlap is 5 s). */
const FORGET_AFTER_MS = 15_000;

export async function followVisitorThread(opts: FeedOptions): Promise<void> {
  const { db, channelId, who, signal } = opts;
  const pollMs = opts.pollMs ?? POLL_MS;
  const keepAliveMs = opts.keepAliveMs ?? KEEPALIVE_MS;
  let since = opts.after ? messageTime(db, opts.after) : undefined;
  // id → when it was stored; the client's own ids count as stored at the resume point.
  const seen = new Map<string, number>();
  for (const id of [...(opts.after ? [opts.after] : []), ...(opts.have ?? [])]) seen.set(id, since ?? 0);

  let wake: (() => void) | null = null;
  const unsubscribe = onWebchatDelivery((id) => { if (id === channelId) wake?.(); });
  const stopTyping = (opts.typing ?? typingRegistry).onAgentTyping(channelId, who, (t) => { if (!signal.aborted) { void opts.send({ type: 'typing', ...t }); lastWrite = Date.now(); } });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  let lastWrite = Date.now();
  try {
    while (!signal.aborted) {
      for (const m of visitorThread(db, channelId, who, since === undefined ? {} : { since })) {
        if (signal.aborted) return;
        if (seen.has(m.id)) continue;
        seen.set(m.id, m.at);
        since = Math.max(since ?? 0, m.at);
        await opts.send({ type: 'message', message: m });
        lastWrite = Date.now();
      }
      if (since !== undefined) for (const [id, at] of seen) if (at < since - FORGET_AFTER_MS) seen.delete(id);
      if (Date.now() - lastWrite > keepAliveMs) { await opts.send({ type: 'ping' }); lastWrite = Date.now(); }
      if (signal.aborted) break;
      await new Promise<void>((resolve) => { const t = setTimeout(resolve, pollMs); wake = () => { clearTimeout(t); resolve(); }; });
      wake = null;
    }
  } finally {
    unsubscribe();
    stopTyping();
    signal.removeEventListener('abort', onAbort);
  }
}
