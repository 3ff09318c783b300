// Engagement Mapper on a visitor's page: finds the site's mapped elements (on pages matching their
// pattern) and reports what the visitor does with them through the EventSender — a click; a hover
// that lasts 800 ms; being at least half visible for 1 s (once per page); a form field focused and
// then left unchanged (blur, or the page hidden). Elements rendered later (single-page sites) are
// picked up as the page changes. Once per page and session it tells Parley which elements it found
// and which it did not, so the console can say when a locator no longer matches.
import { findElement } from '../../model/website/element-locator';
import type { MappedElementConfig } from '../../model/website/site-settings';
import type { EventSender } from './event-sender';

export const HOVER_MS = 800;
export const VISIBLE_MS = 1_000;
/** How long after load (or a navigation) the page has to render its elements before a miss is reported. */
export const CHECK_AFTER_MS = 5_000;

/** A path pattern with `*` wildcards (`/shop/*`); empty or `*` matches every page. */
export function pageMatches(pattern: string, path: string): boolean {
  if (!pattern || pattern === '*') return true;
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(path);
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const isField = (t: EventTarget | null): t is Field => t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;

export interface InteractionOptions {
  elements: MappedElementConfig[];
  events: EventSender;
  /** Where found / missing reports go (POST, text/plain JSON). */
  checkUrl: string;
  /** Whether the visitor allows sending (consent). */
  allowed: () => boolean;
  session?: Storage;
  now?: () => number;
}

export class Interactions {
  private found = new Map<string, Element>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private seen = new Set<string>();
  private focused: { ids: string[]; field: Field; value: string } | null = null;
  private io: IntersectionObserver | null = null;
  private mo: MutationObserver | null = null;
  private cleanups: (() => void)[] = [];
  private now: () => number;

  constructor(private readonly opts: InteractionOptions) {
    this.now = opts.now ?? Date.now;
  }

  start() {
    const on = (target: EventTarget, type: string, fn: (e: Event) => void) => {
      target.addEventListener(type, fn, true);
      this.cleanups.push(() => target.removeEventListener(type, fn, true));
    };
    if (typeof IntersectionObserver === 'function') {
      this.io = new IntersectionObserver((entries) => {
        for (const entry of entries) {
          const id = this.idOf(entry.target);
          if (!id) continue;
          const key = `visible:${id}`;
          if (entry.isIntersecting && !this.seen.has(`${key}@${location.href}`)) {
            this.later(key, VISIBLE_MS, () => { this.seen.add(`${key}@${location.href}`); this.report(id, 'visible', VISIBLE_MS); });
          } else this.cancel(key);
        }
      }, { threshold: 0.5 });
    }
    let pending: ReturnType<typeof setTimeout> | null = null;
    if (typeof MutationObserver === 'function') {
      this.mo = new MutationObserver(() => { pending ??= setTimeout(() => { pending = null; this.scan(); }, 300); });
      this.mo.observe(document.body, { childList: true, subtree: true });
    }
    on(document, 'click', (e) => { for (const id of this.idsAt(e.target)) this.report(id, 'click'); });
    on(document, 'mouseover', (e) => {
      for (const id of this.idsAt(e.target)) this.timers.has(`hover:${id}`) || this.later(`hover:${id}`, HOVER_MS, () => this.report(id, 'hover', HOVER_MS));
    });
    on(document, 'mouseout', (e) => {
      const to = (e as MouseEvent).relatedTarget;
      for (const id of this.idsAt(e.target)) if (!(to instanceof Node && this.found.get(id)?.contains(to))) this.cancel(`hover:${id}`);
    });
    on(document, 'focusin', (e) => {
      const ids = this.idsAt(e.target);
      if (ids.length && isField(e.target)) this.focused = { ids, field: e.target, value: e.target.value };
    });
    on(document, 'focusout', (e) => { if (this.focused?.field === e.target) this.leaveField(); });
    const hidden = () => { if (document.visibilityState === 'hidden' && this.focused) { this.leaveField(); this.opts.events.flush(true); } };
    on(document, 'visibilitychange', hidden);
    on(window, 'pagehide', () => { if (this.focused) { this.leaveField(); this.opts.events.flush(true); } });
    this.scan();
    const check = setTimeout(() => this.check(), CHECK_AFTER_MS);
    this.cleanups.push(() => clearTimeout(check), () => { if (pending) clearTimeout(pending); });
  }

  stop() {
    for (const c of this.cleanups.splice(0)) c();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.io?.disconnect();
    this.mo?.disconnect();
  }

  /** Finds the mapped elements of this page again (they may have been rendered or replaced). */
  scan() {
    const path = location.pathname;
    for (const el of this.opts.elements) {
      const node = pageMatches(el.pageUrlPattern, path) ? (findElement(document, el.locator) as Element | null) : null;
      const old = this.found.get(el.id);
      if (node === old) continue;
      if (old) this.io?.unobserve(old);
      if (node) { this.found.set(el.id, node); this.io?.observe(node); } else this.found.delete(el.id);
    }
  }

  private idOf(node: Element): string | undefined {
    for (const [id, el] of this.found) if (el === node) return id;
    return undefined;
  }

  private idsAt(target: EventTarget | null): string[] {
    if (!(target instanceof Node)) return [];
    if ([...this.found.values()].some((el) => !el.isConnected)) this.scan();
    const ids: string[] = [];
    for (const [id, el] of this.found) if (el.contains(target)) ids.push(id);
    return ids;
  }

  private leaveField() {
    const f = this.focused!;
    this.focused = null;
    if (f.field.value === f.value) for (const id of f.ids) this.report(id, 'abandoned');
  }

  private later(key: string, ms: number, fn: () => void) {
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); fn(); }, ms));
  }

  private cancel(key: string) {
    const t = this.timers.get(key);
    if (t) { clearTimeout(t); this.timers.delete(key); }
  }

  private report(elementId: string, interaction: 'click' | 'hover' | 'visible' | 'abandoned', ms?: number) {
    this.opts.events.push({ type: 'element', at: this.now(), url: location.href, elementId, interaction, ...(ms !== undefined ? { ms } : {}) });
  }

  /** Once per page and session: which of this page's mapped elements were found. */
  check() {
    if (!this.opts.allowed()) return;
    this.scan();
    const path = location.pathname;
    const here = this.opts.elements.filter((e) => pageMatches(e.pageUrlPattern, path));
    const key = `parley:checked:${path}`;
    try { if (!here.length || this.opts.session?.getItem(key)) return; this.opts.session?.setItem(key, '1'); } catch { /* storage blocked: report anyway */ }
    const body = JSON.stringify({ url: location.href, found: here.filter((e) => this.found.has(e.id)).map((e) => e.id), missing: here.filter((e) => !this.found.has(e.id)).map((e) => e.id) });
    void fetch(this.opts.checkUrl, { method: 'POST', body, headers: { 'content-type': 'text/plain' }, mode: 'cors', keepalive: true }).catch(() => {});
  }
}
