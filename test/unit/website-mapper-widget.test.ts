// @vitest-environment happy-dom
// The Engagement Mapper in the snippet (happy-dom): mapped elements report clicks, an 800 ms hover
// (not a brief one) and a form field focused then left unchanged (not one that was filled), only
// on pages matching their pattern and also when rendered after load; once per page the snippet
// says which elements it found. Mapping mode holds the page's clicks back, selects the element,
// and saves its locator with the mapper token.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VisitorEvent } from '../../model/website/visitor-events';
import type { EventSender } from '../../widget/src/event-sender';
import { HOVER_MS, Interactions, pageMatches } from '../../widget/src/interactions';
import { startMapper } from '../../widget/src/mapper/overlay';

const buy = { id: 'el_buy', locator: { css: 'main > button', data: { name: 'data-sku', value: 'cafe' }, text: 'Buy' }, pageUrlPattern: '/shop/*' };
const email = { id: 'el_email', locator: { id: 'newsletter-email', css: 'form > input' }, pageUrlPattern: '' };
const elsewhere = { id: 'el_cart', locator: { id: 'cart', css: '#cart' }, pageUrlPattern: '/cart' };

describe('interactions with mapped elements', () => {
  let sent: VisitorEvent[];
  let interactions: Interactions;
  let fetches: { url: string; body: unknown }[];
  const events = () => ({ push: (e: VisitorEvent) => sent.push(e), flush: () => {} }) as unknown as EventSender;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    fetches = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => { fetches.push({ url, body: JSON.parse(String(init.body)) }); return new Response(null, { status: 204 }); }));
    history.replaceState(null, '', '/shop/cafe');
    document.body.innerHTML = '<main><button data-sku="cafe"><span>Buy</span></button><p id="cart">Cart</p></main><form><input id="newsletter-email"></form>';
    interactions = new Interactions({ elements: [buy, email, elsewhere], events: events(), checkUrl: 'https://parley.example/w/site_1/element-checks', allowed: () => true, session: sessionStorage });
    interactions.start();
  });
  afterEach(() => { interactions.stop(); vi.useRealTimers(); vi.unstubAllGlobals(); sessionStorage.clear(); });

  const of = (interaction: string) => sent.filter((e) => e.type === 'element' && e.interaction === interaction).map((e) => (e as { elementId: string }).elementId);

  it('matches page patterns', () => {
    expect(pageMatches('/shop/*', '/shop/cafe')).toBe(true);
    expect(pageMatches('/shop/*', '/shopping')).toBe(false);
    expect(pageMatches('', '/anything')).toBe(true);
    expect(pageMatches('/cart', '/cart')).toBe(true);
  });

  it('reports clicks inside a mapped element, on matching pages only', () => {
    document.querySelector('button span')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    document.getElementById('cart')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(of('click')).toEqual(['el_buy']);
    expect(sent[0]).toMatchObject({ type: 'element', url: expect.stringContaining('/shop/cafe') });
  });

  it('reports a hover of 800 ms, not a brief one', () => {
    const button = document.querySelector('button')!;
    button.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    vi.advanceTimersByTime(300);
    button.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, relatedTarget: document.body }));
    vi.advanceTimersByTime(HOVER_MS);
    expect(of('hover')).toEqual([]);
    button.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    vi.advanceTimersByTime(HOVER_MS);
    expect(of('hover')).toEqual(['el_buy']);
    expect(sent.at(-1)).toMatchObject({ ms: HOVER_MS });
  });

  it('reports a form field focused then left unchanged, not one the visitor filled', () => {
    const input = document.getElementById('newsletter-email') as HTMLInputElement;
    input.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(of('abandoned')).toEqual(['el_email']);
    input.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    input.value = 'ana@example.com';
    input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(of('abandoned')).toEqual(['el_email']);
  });

  it('finds elements rendered after load, and reports found and missing once per page', async () => {
    const late = { id: 'el_late', locator: { id: 'promo', css: '#promo' }, pageUrlPattern: '/shop/*' };
    interactions.stop();
    interactions = new Interactions({ elements: [buy, late], events: events(), checkUrl: 'https://parley.example/w/site_1/element-checks', allowed: () => true, session: sessionStorage });
    interactions.start();
    const promo = document.createElement('div');
    promo.id = 'promo';
    document.body.append(promo);
    interactions.scan();
    promo.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(of('click')).toEqual(['el_late']);
    promo.remove();
    interactions.check();
    interactions.check();
    expect(fetches).toEqual([{ url: 'https://parley.example/w/site_1/element-checks', body: { url: expect.stringContaining('/shop/cafe'), found: ['el_buy'], missing: ['el_late'] } }]);
  });
});

describe('mapping mode', () => {
  afterEach(() => { vi.unstubAllGlobals(); document.body.innerHTML = ''; });

  it('holds the page\'s click back, selects the element and saves its locator with the token', async () => {
    history.replaceState(null, '', '/shop/cafe');
    document.body.innerHTML = '<main><button data-sku="cafe">Buy</button></main>';
    const pageClicks = vi.fn();
    document.querySelector('button')!.addEventListener('click', pageClicks);
    const posted: unknown[] = [];
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: RequestInit) => {
      posted.push(JSON.parse(String(init.body)));
      return new Response(JSON.stringify({ id: 'el_1', name: 'Buy button' }), { status: 201 });
    }));
    const mapper = startMapper({ base: 'https://parley.example/w/site_1', token: 'tok.sig' });
    document.querySelector('button')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(pageClicks).not.toHaveBeenCalled();
    const shadow = document.getElementById('parley-mapper')!.shadowRoot!;
    const form = shadow.querySelector('form')!;
    expect(form.hidden).toBe(false);
    expect(shadow.querySelector('.loc')!.textContent).toBe('[data-sku="cafe"]');
    (shadow.querySelector('input[aria-label="Element name"]') as HTMLInputElement).value = 'Buy button';
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await vi.waitFor(() => expect(shadow.querySelector('.saved')!.textContent).toContain('Buy button'));
    expect(posted).toEqual([{ token: 'tok.sig', name: 'Buy button', pageUrlPattern: '/shop/cafe', locator: { css: 'main > button', data: { name: 'data-sku', value: 'cafe' }, text: 'Buy' } }]);
    mapper.stop();
    expect(document.getElementById('parley-mapper')).toBeNull();
  });
});
