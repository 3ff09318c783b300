// @vitest-environment happy-dom
// The website snippet's Guide on a page (happy-dom): the launcher lists the entry points the
// rules allow, each leading where it should; the proactive offer appears once its time condition
// comes due, is announced, and a tap opens the chat with its message; offers shown, clicked and
// dismissed are reported; nothing is stored before consent when the site requires it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublicSiteConfig } from '../../model/website/site-settings';
import type { VisitorEvent } from '../../model/website/visitor-events';
import type { EventSender } from '../../widget/src/event-sender';
import { Guide } from '../../widget/src/guide';
import { VisitorStore } from '../../widget/src/visitor-store';

const config = (over: Partial<PublicSiteConfig> = {}): PublicSiteConfig => ({
  siteId: 'site_1', language: 'es', requireConsent: false, chatOnline: true,
  branding: { colour: '#0f766e', position: 'bottom-right', title: '¿Hablamos?' },
  entryPoints: [{ type: 'webchat' }, { type: 'whatsapp', phone: '+34600111222', text: 'Hola' }, { type: 'email', address: 'hola@shop.example' }],
  guideRules: [{
    id: 'pricing-help', name: 'Help on pricing', enabled: true,
    conditionSets: [[{ type: 'page', op: 'contains', value: '/pricing' }, { type: 'time_on_page', atLeastSeconds: 5 }]],
    actions: [{ type: 'show_offer', offerId: 'pricing', title: '¿Dudas con los precios?', text: 'Te ayudamos', buttons: [{ label: 'Chatear', action: 'chat', message: 'Dudas con precios' }, { label: 'Ahora no', action: 'dismiss' }] }],
  }],
  ...over,
});

describe('the Guide on a page', () => {
  let sent: VisitorEvent[];
  let clock: number;
  const events = () => ({ push: (e: VisitorEvent) => sent.push(e), flush: () => {} }) as unknown as EventSender;
  const shadow = () => document.getElementById('parley-widget')!.shadowRoot!;

  beforeEach(() => {
    vi.useFakeTimers();
    clock = Date.UTC(2026, 10, 27, 10);
    sent = [];
    localStorage.clear();
    sessionStorage.clear();
    document.body.innerHTML = '<h1>Precios</h1>';
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL('https://shop.example/pricing');
  });
  let running: Guide | null = null;
  afterEach(() => {
    running?.stop();
    vi.useRealTimers();
  });

  const start = (c = config()) => {
    const visitor = new VisitorStore(localStorage, sessionStorage, c.requireConsent, clock);
    const openChat = vi.fn();
    const guide = new Guide({ config: c, visitor, events: events(), openChat, now: () => clock });
    guide.start();
    running = guide;
    return { guide, visitor, openChat };
  };

  it('lists the entry points, each leading to its channel, in a launcher isolated in a shadow root', () => {
    start();
    const launcher = shadow().querySelector('button.launcher') as HTMLButtonElement;
    expect(launcher.getAttribute('aria-label')).toBe('Contactar');
    launcher.click();
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    const items = Array.from(shadow().querySelectorAll('.ep')).map((e) => [e.textContent, e.getAttribute('href')]);
    expect(items).toEqual([['Chat en la web', null], ['WhatsApp', 'https://wa.me/34600111222?text=Hola'], ['Correo electrónico', 'mailto:hola@shop.example']]);
    expect(sent.map((e) => e.type)).toEqual(['page_view']);
  });

  it('hides web chat while nobody can answer it', () => {
    start(config({ chatOnline: false }));
    (shadow().querySelector('button.launcher') as HTMLButtonElement).click();
    expect(Array.from(shadow().querySelectorAll('.ep')).map((e) => e.textContent)).toEqual(['WhatsApp', 'Correo electrónico']);
  });

  it('shows the offer after 5 s on the page, and a tap opens the chat with its message', () => {
    const { openChat } = start();
    expect(shadow().querySelector('[data-offer]')).toBeNull();
    clock += 5_100;
    vi.advanceTimersByTime(5_100);
    const offer = shadow().querySelector('[data-offer="pricing"]')!;
    expect(offer.textContent).toContain('¿Dudas con los precios?');
    expect(shadow().querySelector('[aria-live]')!.textContent).toContain('¿Dudas con los precios?');
    expect(sent.filter((e) => e.type === 'offer').map((e) => (e as { outcome: string }).outcome)).toEqual(['shown']);
    (offer.querySelector('button.btn') as HTMLButtonElement).click();
    expect(openChat).toHaveBeenCalledWith('Dudas con precios');
    expect(shadow().querySelector('[data-offer]')).toBeNull();
    // Answered offers are not shown again in this session.
    clock += 60_000;
    vi.advanceTimersByTime(60_000);
    expect(shadow().querySelector('[data-offer]')).toBeNull();
    expect(sent.filter((e) => e.type === 'offer').map((e) => (e as { outcome: string }).outcome)).toEqual(['shown', 'clicked']);
  });

  it('reports a dismissed offer (button or Escape)', () => {
    start();
    clock += 6_000;
    vi.advanceTimersByTime(6_000);
    const offer = shadow().querySelector('[data-offer]')!;
    offer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(shadow().querySelector('[data-offer]')).toBeNull();
    expect(sent.filter((e) => e.type === 'offer').map((e) => (e as { outcome: string }).outcome)).toEqual(['shown', 'dismissed']);
  });

  it('stores nothing before consent when the site requires it, and forgets on withdrawal', () => {
    const { visitor } = start(config({ requireConsent: true }));
    expect(visitor.allowed).toBe(false);
    expect(localStorage.length).toBe(0);
    visitor.setConsent(true);
    expect(JSON.parse(localStorage.getItem('parley:v1')!).visitorId).toMatch(/^v_[A-Za-z0-9_-]{16,}$/);
    visitor.setConsent(false);
    expect(localStorage.length).toBe(0);
  });

  it('counts page views across a single-page site\'s navigation and re-evaluates on the new page', () => {
    start();
    history.pushState({}, '', '/blog');
    expect(sent.filter((e) => e.type === 'page_view').map((e) => e.url)).toEqual(['https://shop.example/pricing', 'https://shop.example/blog']);
    clock += 10_000;
    vi.advanceTimersByTime(60_000);
    expect(shadow().querySelector('[data-offer]')).toBeNull();
  });
});
