// Sends visitor events to Parley in batches: at most every 2 s, at once when the page hides
// (sendBeacon survives the page closing), and never more than 50 a batch. Nothing is sent without
// consent when the site requires it.
import type { VisitorEvent } from '../../model/website/visitor-events';

const FLUSH_MS = 2_000;
const MAX_BATCH = 50;

export class EventSender {
  private queue: VisitorEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly url: string, private readonly visitorId: () => string, private readonly allowed: () => boolean,
    /** The visitor's tags, sent with each batch (rules on visitor events test them). */
    private readonly tags?: () => readonly string[],
    /** A signed-in visitor's identity token (sent with each batch); and a hook after each send (rules' commands follow). */
    private readonly more: { identity?: () => string | null; onFlush?: () => void } = {}) {}

  push(event: VisitorEvent) {
    if (!this.allowed()) return;
    this.queue.push(event);
    if (this.queue.length >= MAX_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(beacon = false) {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    while (this.queue.length) {
      const identity = this.more.identity?.();
      const body = JSON.stringify({ visitorId: this.visitorId(), events: this.queue.splice(0, MAX_BATCH), ...(this.tags ? { tags: this.tags().slice(0, 50) } : {}), ...(identity ? { identity } : {}) });
      // text/plain keeps the beacon a simple request (no preflight); Parley reads the JSON anyway.
      const sent = beacon && typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(this.url, new Blob([body], { type: 'text/plain' }));
      if (!sent) void fetch(this.url, { method: 'POST', body, headers: { 'content-type': 'text/plain' }, keepalive: true, mode: 'cors' })
        .then((res) => { if (res.status === 401) console.warn('[parley] visitor events were refused: the visitor identity token is forged or expired.'); }, () => {});
      this.more.onFlush?.();
    }
  }
}
