// Rules' website actions reach the page here: the snippet asks Parley for its visitor's pending
// commands (GET /w/{siteId}/commands, each handed out once) at load, 1, 2, 4 and 8 s after it sent
// events (the rule runs in between), and on the Guide's 1-minute interval, and applies them: show an
// offer, open the chat with the business's message, add or remove a visitor tag.
import type { VisitorCommand } from '../../model/website/visitor-commands';

const BACK_OFF_MS = [1_000, 2_000, 4_000, 8_000];

export interface CommandHandlers {
  showOffer(offer: Extract<VisitorCommand, { kind: 'show_offer' }>['offer']): void;
  /** `id`: the command, to keep a greeting in the case once the visitor answers it (keepGreeting). */
  openChat(text: string, inCase: boolean, id: string): void;
  setTag(tag: string, op: 'add' | 'remove'): void;
}

export class VisitorCommands {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;

  constructor(private readonly base: string, private readonly visitorId: () => string, private readonly allowed: () => boolean, private readonly on: CommandHandlers) {}

  /** After events were sent: look 1, 2, 4 and 8 s later (a new send starts over). */
  afterEvents() {
    if (this.timer) clearTimeout(this.timer);
    const step = (i: number) => {
      this.timer = i < BACK_OFF_MS.length ? setTimeout(() => { void this.fetch(); step(i + 1); }, BACK_OFF_MS[i]) : null;
    };
    step(0);
  }

  async fetch() {
    if (!this.allowed() || this.busy) return;
    this.busy = true;
    try {
      const res = await fetch(`${this.base}/commands?visitorId=${encodeURIComponent(this.visitorId())}`, { mode: 'cors', credentials: 'omit' });
      if (!res.ok) return;
      for (const c of ((await res.json()) as { items: VisitorCommand[] }).items) {
        if (c.kind === 'show_offer') this.on.showOffer(c.offer);
        else if (c.kind === 'open_chat') this.on.openChat(c.text, c.inCase, c.id);
        else if (c.kind === 'set_tag') this.on.setTag(c.tag, c.op);
      }
    } catch { /* offline: the next look gets them (they wait 10 minutes) */ } finally {
      this.busy = false;
    }
  }

  /** The visitor answered a rule's greeting: Parley keeps it in the case their message started. */
  keepGreeting(id: string, identity: string | null) {
    const body = JSON.stringify({ visitorId: this.visitorId(), commandId: id, ...(identity ? { identity } : {}) });
    void fetch(`${this.base}/greetings`, { method: 'POST', body, headers: { 'content-type': 'text/plain' }, mode: 'cors', credentials: 'omit' }).catch(() => {});
  }
}
