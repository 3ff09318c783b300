// The Guide's pieces on the page, inside a shadow root so the site's CSS cannot reach them and
// theirs cannot reach the site: the launcher, the list of entry points, and a proactive offer.
// Plain DOM (no framework) to keep the loader small; keyboard-usable, announced to screen readers.
import { entryPointHref } from '../../model/website/entry-point-href';
import type { Branding, EntryPointConfig } from '../../model/website/site-settings';
import type { GuideOutcome } from '../../model/website/guide-evaluate';
import type { Strings } from './strings';

export type Offer = NonNullable<GuideOutcome['offer']>;
export type OfferButton = Offer['buttons'][number];

const CSS = `
:host{all:initial}
*{box-sizing:border-box;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
.root{position:fixed;bottom:20px;z-index:2147483000;display:flex;flex-direction:column;gap:12px;align-items:flex-end}
.root.left{left:20px;align-items:flex-start}.root.right{right:20px}
.launcher{width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;color:#fff;background:var(--c);box-shadow:0 6px 20px rgba(15,23,42,.25);display:grid;place-items:center}
.launcher:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.card{width:320px;max-width:calc(100vw - 40px);background:#fff;color:#0f172a;border-radius:14px;box-shadow:0 12px 40px rgba(15,23,42,.22);overflow:hidden;font-size:14px;line-height:1.45}
.head{background:var(--c);color:#fff;padding:14px 16px;display:flex;align-items:center;gap:10px}
.head h2{margin:0;font-size:15px;font-weight:600;flex:1}
.head img{width:28px;height:28px;border-radius:6px;background:#fff;object-fit:contain}
.x{background:transparent;border:0;color:inherit;cursor:pointer;font-size:20px;line-height:1;padding:2px 6px;border-radius:6px}
.body{padding:14px 16px}
.body p{margin:0 0 12px;color:#334155}
.eps{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.ep{display:flex;align-items:center;gap:10px;width:100%;padding:10px 12px;border:1px solid #e2e8f0;border-radius:10px;background:#fff;color:#0f172a;text-decoration:none;font-size:14px;cursor:pointer;text-align:left}
.ep:hover{border-color:var(--c);background:#f8fafc}
.dot{width:10px;height:10px;border-radius:50%;background:var(--c);flex:none}
.offer .body h3{margin:0 0 6px;font-size:15px}
.btns{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.btn{padding:8px 14px;border-radius:8px;border:1px solid var(--c);background:var(--c);color:#fff;font-size:14px;cursor:pointer;text-decoration:none}
.btn.ghost{background:#fff;color:var(--c)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

const CHAT_ICON = '<svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M4 5h16v11H9l-5 4V5z"/></svg>';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

export interface GuideViewHandlers {
  /** An entry point was chosen (webchat: open the chat; others follow their link). */
  onEntryPoint(ep: EntryPointConfig): void;
  onOfferButton(offer: Offer, button: OfferButton): void;
  onOfferDismissed(offer: Offer): void;
}

export class GuideView {
  readonly host: HTMLElement;
  private readonly root: HTMLElement;
  private readonly live: HTMLElement;
  private panel: HTMLElement | null = null;
  private mounted: HTMLElement | null = null;
  private offerCard: HTMLElement | null = null;
  private shown: Offer | null = null;
  private entryPoints: EntryPointConfig[] = [];
  private branding: Branding;
  private readonly launcher: HTMLButtonElement;

  constructor(private readonly t: Strings, branding: Branding, private readonly handlers: GuideViewHandlers) {
    this.branding = branding;
    this.host = el('div', { id: 'parley-widget' });
    const shadow = this.host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = CSS;
    this.root = el('div', { class: 'root' });
    this.live = el('div', { class: 'sr', 'aria-live': 'polite' });
    this.launcher = el('button', { class: 'launcher', type: 'button', 'aria-label': t.launcher, 'aria-expanded': 'false' });
    this.launcher.innerHTML = CHAT_ICON;
    this.launcher.addEventListener('click', () => {
      if (this.mounted?.isConnected) {
        this.mounted.remove();
        this.launcher.setAttribute('aria-expanded', 'false');
      } else this.togglePanel();
    });
    this.root.append(this.launcher);
    shadow.append(style, this.root, this.live);
    this.root.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      if (this.shown) this.dismissOffer();
      else if (this.panel) this.togglePanel(false);
    });
    this.applyBranding(branding);
  }

  applyBranding(branding: Branding) {
    this.branding = branding;
    this.root.style.setProperty('--c', branding.colour);
    this.root.className = `root ${branding.position === 'bottom-left' ? 'left' : 'right'}`;
  }

  setEntryPoints(eps: EntryPointConfig[]) {
    const changed = JSON.stringify(eps) !== JSON.stringify(this.entryPoints);
    this.entryPoints = eps;
    this.launcher.hidden = eps.length === 0;
    if (changed && this.panel) { this.togglePanel(false); this.togglePanel(true); }
  }

  get panelOpen() { return this.panel !== null; }

  /** Shows another panel (the chat) in place of the entry points, above the launcher; the launcher closes it. */
  mountPanel(panel: HTMLElement) {
    this.togglePanel(false);
    this.showOffer(null);
    this.mounted = panel;
    this.root.insertBefore(panel, this.launcher);
    this.launcher.setAttribute('aria-expanded', 'true');
  }

  togglePanel(open = !this.panel) {
    if (!open) {
      this.panel?.remove();
      this.panel = null;
      this.launcher.setAttribute('aria-expanded', 'false');
      return;
    }
    if (this.panel) return;
    const card = this.card(this.branding.title, () => this.togglePanel(false));
    card.setAttribute('role', 'dialog');
    card.setAttribute('aria-label', this.branding.title);
    const body = el('div', { class: 'body' });
    body.append(el('p', {}, this.t.chooseChannel));
    const list = el('ul', { class: 'eps' });
    for (const ep of this.entryPoints) {
      const label = ep.label || this.t[ep.type];
      const href = entryPointHref(ep);
      const item = href ? el('a', { class: 'ep', href, target: '_blank', rel: 'noopener' }) : el('button', { class: 'ep', type: 'button' });
      item.dataset.entryPoint = ep.type;
      item.append(el('span', { class: 'dot', 'aria-hidden': 'true' }), document.createTextNode(label));
      item.addEventListener('click', () => this.handlers.onEntryPoint(ep));
      list.append(el('li', {}, undefined));
      list.lastElementChild!.append(item);
    }
    body.append(list);
    card.append(body);
    this.panel = card;
    this.root.insertBefore(card, this.launcher);
    this.launcher.setAttribute('aria-expanded', 'true');
    (list.querySelector('a,button') as HTMLElement | null)?.focus();
  }

  /** Shows the offer (once per offer id while it stays chosen); null hides any offer shown. */
  showOffer(offer: Offer | null): boolean {
    if (!offer) {
      this.offerCard?.remove();
      this.offerCard = null;
      this.shown = null;
      return false;
    }
    if (this.shown?.offerId === offer.offerId) return false;
    this.offerCard?.remove();
    const card = this.card(offer.title, () => this.dismissOffer());
    card.classList.add('offer');
    card.setAttribute('role', 'dialog');
    card.setAttribute('aria-label', offer.title);
    card.dataset.offer = offer.offerId;
    const body = el('div', { class: 'body' });
    if (offer.text) body.append(el('p', {}, offer.text));
    const btns = el('div', { class: 'btns' });
    offer.buttons.forEach((b, i) => {
      const btn = b.action === 'url'
        ? el('a', { class: `btn${i ? ' ghost' : ''}`, href: b.url, target: '_blank', rel: 'noopener' }, b.label)
        : el('button', { class: `btn${i || b.action === 'dismiss' ? ' ghost' : ''}`, type: 'button' }, b.label);
      btn.addEventListener('click', () => {
        if (b.action === 'dismiss') this.dismissOffer();
        else { this.handlers.onOfferButton(offer, b); this.showOffer(null); }
      });
      btns.append(btn);
    });
    body.append(btns);
    card.append(body);
    this.offerCard = card;
    this.shown = offer;
    this.root.insertBefore(card, this.panel ?? this.launcher);
    this.live.textContent = `${offer.title}. ${offer.text}`;
    return true;
  }

  private dismissOffer() {
    const offer = this.shown;
    if (!offer) return;
    this.showOffer(null);
    this.handlers.onOfferDismissed(offer);
  }

  private card(title: string, onClose: () => void): HTMLElement {
    const card = el('section', { class: 'card' });
    const head = el('div', { class: 'head' });
    if (this.branding.logoUrl) head.append(el('img', { src: this.branding.logoUrl, alt: '' }));
    head.append(el('h2', {}, title));
    const x = el('button', { class: 'x', type: 'button', 'aria-label': this.t.close }, '×');
    x.addEventListener('click', onClose);
    head.append(x);
    card.append(head);
    return card;
  }
}
