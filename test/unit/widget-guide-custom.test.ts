// @vitest-environment happy-dom
// The Guide's custom condition on a page (happy-dom): the snippet asks the business's URL (GET, CORS,
// no cookies) with the visitor's page, id, language and tags; a rule with that condition is decided
// when the answer arrives (`{ "result": true }` shows its offer), while the other rules apply at
// once; false, an error, a malformed answer or no answer within the timeout count as false; the
// answer is kept for the page (or its cache time) and asked again on a new page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuideCondition, GuideRule } from '../../model/website/guide-rules';
import { GuideConditionSchema } from '../../model/website/guide-rules';
import type { PublicSiteConfig } from '../../model/website/site-settings';
import { customAskUrl, customUrlProblem, readCustomAnswer } from '../../model/website/guide-custom';
import type { EventSender } from '../../widget/src/event-sender';
import { Guide } from '../../widget/src/guide';
import { VisitorStore } from '../../widget/src/visitor-store';

const CHECK = 'https://crm.example/guide-check?list=vip';

const rules = (custom: Partial<Extract<GuideCondition, { type: 'custom' }>> = {}): GuideRule[] => [
  {
    id: 'vip-offer', name: 'VIP offer', enabled: true,
    conditionSets: [[{ type: 'custom', url: CHECK, timeoutMs: 2_000, ...custom }]],
    actions: [{ type: 'show_offer', offerId: 'vip', title: 'Hola, cliente VIP', text: '', buttons: [{ label: 'Chatear', action: 'chat' }] }],
  },
  { id: 'email-only', name: 'Email only', enabled: true, conditionSets: [], actions: [{ type: 'set_template', entryPoints: ['email'] }] },
];

const config = (over: Partial<PublicSiteConfig> = {}): PublicSiteConfig => ({
  siteId: 'site_1', language: 'es', requireConsent: false, chatOnline: true,
  branding: { colour: '#0f766e', position: 'bottom-right', title: '¿Hablamos?' },
  entryPoints: [{ type: 'webchat' }, { type: 'email', address: 'hola@shop.example' }],
  guideRules: rules(),
  ...over,
});

type Answer = { status?: number; body?: string } | 'never';

describe('the Guide\'s custom condition', () => {
  let clock: number;
  let asked: { url: URL; init: RequestInit }[];
  let answer: Answer;
  const shadow = () => document.getElementById('parley-widget')!.shadowRoot!;
  const offer = () => shadow().querySelector('[data-offer="vip"]');
  let running: Guide | null = null;

  beforeEach(() => {
    vi.useFakeTimers();
    clock = Date.UTC(2026, 10, 27, 10);
    asked = [];
    answer = { body: '{"result":true}' };
    localStorage.clear();
    sessionStorage.clear();
    document.body.innerHTML = '<h1>Tienda</h1>';
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL('https://shop.example/cart');
    vi.stubGlobal('fetch', vi.fn((input: string, init: RequestInit) => {
      asked.push({ url: new URL(input), init });
      const a = answer;
      return new Promise((resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        if (a === 'never') return;
        setTimeout(() => resolve(new Response(a.body ?? '', { status: a.status ?? 200, headers: { 'content-type': 'application/json' } })), 150);
      });
    }));
  });
  afterEach(() => {
    running?.stop();
    running = null;
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  const start = (c = config()) => {
    const visitor = new VisitorStore(localStorage, sessionStorage, c.requireConsent, clock);
    visitor.changeTags(['returning-buyer', 'vip'], []);
    const guide = new Guide({ config: c, visitor, events: { push: () => {}, flush: () => {} } as unknown as EventSender, openChat: vi.fn(), now: () => clock });
    guide.start();
    running = guide;
    return { guide, visitor };
  };
  const wait = async (ms: number) => { clock += ms; await vi.advanceTimersByTimeAsync(ms); };

  it('asks the URL with the visitor\'s page, id, language and tags, and shows the offer when it answers true', async () => {
    const { visitor } = start();
    // The other rules do not wait: the launcher lists only email at once; the offer waits for the answer.
    (shadow().querySelector('button.launcher') as HTMLButtonElement).click();
    expect(Array.from(shadow().querySelectorAll('.ep')).map((e) => e.textContent)).toEqual(['Correo electrónico']);
    expect(offer()).toBeNull();
    await wait(0);
    expect(asked).toHaveLength(1);
    const { url, init } = asked[0];
    expect(`${url.origin}${url.pathname}`).toBe('https://crm.example/guide-check');
    expect(Object.fromEntries(url.searchParams)).toEqual({ list: 'vip', page: 'https://shop.example/cart', visitor: visitor.visitorId, language: navigator.language, tags: 'returning-buyer,vip' });
    expect(init).toMatchObject({ mode: 'cors', credentials: 'omit' });
    await wait(200);
    expect(offer()?.textContent).toContain('Hola, cliente VIP');
  });

  it('false, an HTTP error, a malformed answer or no answer within the timeout: no offer', async () => {
    for (const a of [{ body: '{"result":false}' }, { status: 500, body: '{"result":true}' }, { body: '{"result":"yes"}' }, { body: 'true' }, { body: '<html>' }] as Answer[]) {
      answer = a;
      start();
      await wait(300);
      expect(offer(), JSON.stringify(a)).toBeNull();
      running!.stop();
      document.body.innerHTML = '';
    }
    answer = 'never';
    start(config({ guideRules: rules({ timeoutMs: 2_000 }) }));
    await wait(1_900);
    expect(offer()).toBeNull();
    const signal = asked.at(-1)!.init.signal!;
    expect(signal.aborted).toBe(false);
    await wait(200);
    // Given up after 2 s: the request is aborted and the condition stays false.
    expect(signal.aborted).toBe(true);
    await wait(60_000);
    expect(offer()).toBeNull();
  });

  it('keeps the answer for the page, asks again on a new page, and after its cache time when one is set', async () => {
    start();
    await wait(200);
    expect(offer()).not.toBeNull();
    window.dispatchEvent(new Event('scroll'));
    await wait(65_000);
    expect(asked).toHaveLength(1);
    answer = { body: '{"result":false}' };
    history.pushState({}, '', '/checkout');
    await wait(0);
    expect(asked.map((a) => a.url.searchParams.get('page'))).toEqual(['https://shop.example/cart', 'https://shop.example/checkout']);
    running!.stop();

    asked = [];
    answer = { body: '{"result":true}' };
    document.body.innerHTML = '';
    start(config({ guideRules: rules({ cacheSeconds: 120 }) }));
    await wait(200);
    await wait(60_000);
    expect(asked).toHaveLength(1);
    // The minute's evaluation after 2 minutes asks again.
    await wait(65_000);
    expect(asked).toHaveLength(2);
  });

  it('sends no visitor id before consent when the site requires it', async () => {
    start(config({ requireConsent: true }));
    await wait(0);
    expect(asked[0].url.searchParams.get('visitor')).toBe('');
  });

  it('accepts https URLs (http only for localhost) and reads only { "result": true } as yes', () => {
    expect(customUrlProblem('https://crm.example/check')).toBeNull();
    expect(customUrlProblem('http://localhost:8080/check')).toBeNull();
    expect(customUrlProblem('http://127.0.0.1:8080/check')).toBeNull();
    expect(customUrlProblem('http://crm.example/check')).toMatch(/https/);
    expect(customUrlProblem('ftp://crm.example/check')).toMatch(/https/);
    expect(customUrlProblem('crm.example/check')).toMatch(/full address/);
    const parsed = GuideConditionSchema.safeParse({ type: 'custom', url: 'http://crm.example/check' });
    expect(parsed.success).toBe(false);
    expect(GuideConditionSchema.parse({ type: 'custom', url: 'https://crm.example/check' })).toEqual({ type: 'custom', url: 'https://crm.example/check', timeoutMs: 2_000 });
    expect(customAskUrl('https://crm.example/c?x=1', { page: 'https://shop.example/a?b=c', visitorId: 'v_1', language: 'es-ES', tags: ['a', 'b c'] }))
      .toBe('https://crm.example/c?x=1&page=https%3A%2F%2Fshop.example%2Fa%3Fb%3Dc&visitor=v_1&language=es-ES&tags=a%2Cb+c');
    expect([{ result: true }, { result: false }, { result: 'true' }, null, 'true', [true]].map(readCustomAnswer)).toEqual([true, false, false, false, false, false]);
  });
});
