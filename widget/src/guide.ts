// The Guide at work on a page: keeps the visitor's state (page, time on page, scroll, page views,
// tags), evaluates the site's Guide rules at load, on events (scroll, navigation), at the moment a
// time condition comes due and every minute, and applies the outcome: entry points, branding, the
// proactive offer, visitor tags. Reports page views and offers shown / clicked / dismissed.
import { customConditions, evaluateGuide, type VisitorState } from '../../model/website/guide-evaluate';
import type { EntryPointConfig, PublicSiteConfig } from '../../model/website/site-settings';
import type { EventSender } from './event-sender';
import { CustomAnswers } from './guide-custom';
import { GuideView, type Offer, type OfferButton } from './guide-view';
import { STRINGS, type Strings } from './strings';
import type { VisitorStore } from './visitor-store';

const INTERVAL_MS = 60_000;

export interface GuideOptions {
  config: PublicSiteConfig;
  visitor: VisitorStore;
  events: EventSender;
  /** Opens the web chat (with a prefilled message from an offer). */
  openChat(text?: string): void;
  /** Also run on the 1-minute interval (rules' commands for the page are fetched then). */
  onTick?(): void;
  now?: () => number;
}

function deviceOf(): VisitorState['device'] {
  const w = Math.min(window.innerWidth, screen?.width || window.innerWidth);
  return w < 640 ? 'mobile' : w < 1024 ? 'tablet' : 'desktop';
}

function scrollPercent(): number {
  const doc = document.documentElement;
  const max = doc.scrollHeight - window.innerHeight;
  return max <= 0 ? 100 : Math.min(100, Math.round((window.scrollY / max) * 100));
}

export class Guide {
  readonly view: GuideView;
  private page = location.href;
  private pageSince: number;
  private maxScroll = 0;
  private recheck: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;
  readonly t: Strings;
  private readonly custom: CustomAnswers;

  constructor(private readonly opts: GuideOptions) {
    this.now = opts.now ?? Date.now;
    // A custom condition's answer arriving decides its rules: evaluate again (unless taken off the page).
    this.custom = new CustomAnswers(() => { if (this.view.host.isConnected) this.evaluate(); }, this.now);
    this.pageSince = this.now();
    this.t = STRINGS[opts.config.language] ?? STRINGS.es;
    const t = this.t;
    this.view = new GuideView(t, opts.config.branding, {
      onEntryPoint: (ep: EntryPointConfig) => {
        if (ep.type === 'webchat') opts.openChat();
      },
      onOfferButton: (offer: Offer, button: OfferButton) => {
        this.offerEvent(offer, 'clicked');
        if (button.action === 'chat') opts.openChat(button.message);
      },
      onOfferDismissed: (offer: Offer) => this.offerEvent(offer, 'dismissed'),
    });
  }

  private cleanups: (() => void)[] = [];

  start() {
    document.body.append(this.view.host);
    this.pageView();
    this.evaluate();
    const on = (target: EventTarget, type: string, fn: () => void, opts?: AddEventListenerOptions) => {
      target.addEventListener(type, fn, opts);
      this.cleanups.push(() => target.removeEventListener(type, fn));
    };
    let scrollTimer: ReturnType<typeof setTimeout> | null = null;
    on(window, 'scroll', () => {
      scrollTimer ??= setTimeout(() => { scrollTimer = null; this.evaluate(); }, 300);
    }, { passive: true });
    // Single-page sites change pages without loading: watch the address.
    const navigated = () => { if (location.href !== this.page) { this.page = location.href; this.pageSince = this.now(); this.maxScroll = 0; this.pageView(); this.evaluate(); } };
    on(window, 'popstate', navigated);
    on(window, 'hashchange', navigated);
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      history[method] = (...args: Parameters<History['pushState']>) => { original.apply(history, args); navigated(); };
      this.cleanups.push(() => { history[method] = original; });
    }
    const interval = setInterval(() => { this.evaluate(); this.opts.onTick?.(); }, INTERVAL_MS);
    this.cleanups.push(() => clearInterval(interval));
    on(document, 'visibilitychange', () => { if (document.visibilityState === 'hidden') this.opts.events.flush(true); });
  }

  /** Takes the Guide off the page (a site's single-page app unmounting it; tests). */
  stop() {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    if (this.recheck) clearTimeout(this.recheck);
    this.view.host.remove();
  }

  /** Evaluates the rules with the visitor as they are now and applies the outcome. */
  evaluate() {
    const { config, visitor } = this.opts;
    this.maxScroll = Math.max(this.maxScroll, scrollPercent());
    const state: VisitorState = {
      page: this.page, pageSince: this.pageSince, now: this.now(), scrollPercent: this.maxScroll, pageViews: visitor.pageViews,
      tags: visitor.tags, returning: visitor.returning, device: deviceOf(), language: navigator.language || config.language,
      chatOnline: config.chatOnline, offersDone: visitor.offersDone,
    };
    // Custom conditions: the site's own URL is asked (no visitor id before consent when the site requires it).
    state.custom = this.custom.answers(customConditions(config.guideRules), { page: state.page, visitorId: visitor.allowed ? visitor.visitorId : '', language: state.language, tags: state.tags });
    const out = evaluateGuide(config.guideRules, state);
    const allowed = out.entryPoints ? config.entryPoints.filter((ep) => out.entryPoints!.includes(ep.type)) : config.entryPoints;
    // Web chat shows only while someone can answer it, or as "leave a message" (the offline form) where the site takes them.
    this.view.setEntryPoints(allowed.filter((ep) => ep.type !== 'webchat' || config.chatOnline || config.offlineForm === true)
      .map((ep) => (ep.type === 'webchat' && !config.chatOnline ? { ...ep, label: this.t.leaveMessage } : ep)));
    this.view.applyBranding({ ...config.branding, ...out.branding });
    visitor.changeTags(out.addTags, out.removeTags);
    if (out.offer && this.view.showOffer(out.offer)) this.offerEvent(out.offer, 'shown');
    if (this.recheck) clearTimeout(this.recheck);
    this.recheck = out.recheckInMs !== null ? setTimeout(() => this.evaluate(), out.recheckInMs + 50) : null;
  }

  /** An automation rule's offer (website action): shown and recorded like a Guide rule's. */
  showOffer(offer: Offer) {
    if (this.view.showOffer(offer)) this.offerEvent(offer, 'shown');
  }

  private pageView() {
    this.opts.events.push({ type: 'page_view', at: this.now(), url: this.page, title: document.title.slice(0, 300) });
  }

  private offerEvent(offer: Offer, outcome: 'shown' | 'clicked' | 'dismissed') {
    if (outcome !== 'shown') this.opts.visitor.offerDone(offer.offerId);
    this.opts.events.push({ type: 'offer', at: this.now(), url: this.page, ruleId: offer.ruleId, offerId: offer.offerId, outcome });
  }
}
