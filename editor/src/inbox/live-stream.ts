// The inbox's live feed: GET /api/v1/stream (Server-Sent Events: `case`, `message`, `case_hidden`), read
// with fetch() and the session cookie (same-origin credentials), so the loop below decides when and
// how to reconnect: with Last-Event-ID, so nothing is missed while the connection was down.
import { createSseParser } from './sse-parser';
import type { CaseSummary, Message } from './types';

export type LiveEvent = { type: 'case'; data: CaseSummary } | { type: 'message'; data: Message } | { type: 'ready' }
  /** A case this person may no longer see (reassigned away, out of their skills, erased): drop it. */
  | { type: 'case_hidden'; data: { id: string } }
  /** The server no longer has the changes since our cursor: reload over REST. */
  | { type: 'reset' };

export function openLiveStream(onEvent: (e: LiveEvent) => void, onState?: (connected: boolean) => void): () => void {
  const stop = new AbortController();
  let lastEventId: string | null = null;
  let delay = 500;

  const run = async () => {
    while (!stop.signal.aborted) {
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        if (lastEventId) headers['last-event-id'] = lastEventId;
        const res = await fetch('/api/v1/stream', { headers, credentials: 'same-origin', signal: stop.signal });
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        delay = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        const parse = createSseParser();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const ev of parse(value)) {
            if (ev.id) lastEventId = ev.id;
            if (ev.event === 'ready') { onState?.(true); onEvent({ type: 'ready' }); }
            else if (ev.event === 'case' || ev.event === 'message' || ev.event === 'case_hidden') onEvent({ type: ev.event, data: JSON.parse(ev.data) } as LiveEvent);
            else if (ev.event === 'reset') onEvent({ type: 'reset' });
          }
        }
      } catch {
        if (stop.signal.aborted) return;
      }
      onState?.(false);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void run();
  return () => stop.abort();
}
