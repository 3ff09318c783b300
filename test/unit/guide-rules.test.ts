// Guide rules as the website snippet evaluates them: which entry points show, which proactive offer
// appears and when, tags, branding; bad rules are refused with the field that is wrong.
import { describe, expect, it } from 'vitest';
import { customConditionUrls, evaluateGuide, type VisitorState } from '../../model/website/guide-evaluate';
import { GuideRuleSchema, type GuideRule } from '../../model/website/guide-rules';

const rule = (r: unknown): GuideRule => GuideRuleSchema.parse(r);
const visitor = (over: Partial<VisitorState> = {}): VisitorState => ({
  page: 'https://shop.example/pricing', pageSince: 0, now: 1_000, scrollPercent: 0, pageViews: 1, tags: [],
  returning: false, device: 'desktop', language: 'es-ES', chatOnline: true, ...over,
});

const pricingOffer = rule({
  id: 'pricing-help', name: 'Help on pricing',
  conditionSets: [[{ type: 'page', op: 'contains', value: '/pricing' }, { type: 'time_on_page', atLeastSeconds: 5 }, { type: 'chat_online', value: true }]],
  actions: [{ type: 'show_offer', offerId: 'pricing', title: '¿Dudas con los precios?', buttons: [{ label: 'Chatear', action: 'chat', message: 'Tengo dudas con los precios' }] }],
});
const defaults = rule({ id: 'default', name: 'Default launcher', actions: [{ type: 'set_template', entryPoints: ['webchat', 'whatsapp', 'email'] }] });

describe('Guide rules in the browser', () => {
  it('shows the offer after 5 s on /pricing, and says when to look again before that', () => {
    const early = evaluateGuide([pricingOffer, defaults], visitor({ now: 2_000 }));
    expect(early.offer).toBeNull();
    expect(early.recheckInMs).toBe(3_000);
    expect(early.entryPoints).toEqual(['webchat', 'whatsapp', 'email']);
    const later = evaluateGuide([pricingOffer, defaults], visitor({ now: 5_000 }));
    expect(later.offer).toMatchObject({ offerId: 'pricing', ruleId: 'pricing-help', buttons: [{ action: 'chat', message: 'Tengo dudas con los precios' }] });
    expect(later.matched).toEqual(['pricing-help', 'default']);
    expect(later.recheckInMs).toBeNull();
  });

  it('does not offer when chat is offline, on another page, or once the visitor dismissed it', () => {
    expect(evaluateGuide([pricingOffer], visitor({ now: 9_000, chatOnline: false })).offer).toBeNull();
    expect(evaluateGuide([pricingOffer], visitor({ now: 9_000, page: 'https://shop.example/blog' })).offer).toBeNull();
    // Waiting does not help when another condition fails.
    expect(evaluateGuide([pricingOffer], visitor({ now: 2_000, page: 'https://shop.example/blog' })).recheckInMs).toBeNull();
    expect(evaluateGuide([pricingOffer], visitor({ now: 9_000, offersDone: ['pricing'] })).offer).toBeNull();
  });

  it('treats condition sets as OR of ANDs, and the first rule to set something wins', () => {
    const vip = rule({
      id: 'vip', name: 'VIP',
      conditionSets: [[{ type: 'visitor_tag', op: 'has', tag: 'vip' }], [{ type: 'page_views', op: 'at_least', value: 5 }, { type: 'returning_visitor', value: true }]],
      actions: [{ type: 'set_template', entryPoints: ['phone', 'webchat'] }, { type: 'set_branding', colour: '#111827', title: 'Atención prioritaria' }, { type: 'add_visitor_tag', tag: 'priority' }],
    });
    expect(evaluateGuide([vip, defaults], visitor({ tags: ['vip'] })).entryPoints).toEqual(['phone', 'webchat']);
    const returning = evaluateGuide([vip, defaults], visitor({ pageViews: 6, returning: true }));
    expect(returning.entryPoints).toEqual(['phone', 'webchat']);
    expect(returning.branding).toEqual({ colour: '#111827', title: 'Atención prioritaria' });
    expect(returning.addTags).toEqual(['priority']);
    expect(evaluateGuide([vip, defaults], visitor({ pageViews: 6, returning: false })).entryPoints).toEqual(['webchat', 'whatsapp', 'email']);
    expect(evaluateGuide([{ ...vip, enabled: false }, defaults], visitor({ tags: ['vip'] })).matched).toEqual(['default']);
  });

  it('reads pages, scroll depth, device, language and custom conditions', () => {
    const r = (c: unknown) => rule({ id: 'r', name: 'r', conditionSets: [[c]], actions: [{ type: 'add_visitor_tag', tag: 't' }] });
    const applies = (c: unknown, v: Partial<VisitorState>) => evaluateGuide([r(c)], visitor(v)).matched.length === 1;
    expect(applies({ type: 'page', op: 'equals', value: 'https://shop.example/pricing/' }, {})).toBe(true);
    expect(applies({ type: 'page', op: 'regex', value: '/(pricing|plans)$' }, { page: 'https://shop.example/plans' })).toBe(true);
    expect(applies({ type: 'page', op: 'not_contains', value: 'checkout' }, {})).toBe(true);
    expect(applies({ type: 'scroll_depth', atLeastPercent: 50 }, { scrollPercent: 49 })).toBe(false);
    expect(applies({ type: 'scroll_depth', atLeastPercent: 50 }, { scrollPercent: 50 })).toBe(true);
    expect(applies({ type: 'device', value: 'mobile' }, { device: 'mobile' })).toBe(true);
    expect(applies({ type: 'language', value: 'es' }, { language: 'es-MX' })).toBe(true);
    expect(applies({ type: 'language', value: 'en' }, { language: 'es-MX' })).toBe(false);
    expect(applies({ type: 'visitor_tag', op: 'has_not', tag: 'vip' }, {})).toBe(true);
    const custom = { type: 'custom', url: 'https://crm.example/guide-check' };
    expect(applies(custom, {})).toBe(false);
    expect(applies(custom, { custom: { 'https://crm.example/guide-check': true } })).toBe(true);
    expect(customConditionUrls([r(custom), r(custom)])).toEqual(['https://crm.example/guide-check']);
  });

  it('removes only tags the visitor has, and adds each tag once', () => {
    const tags = rule({ id: 't', name: 't', actions: [{ type: 'remove_visitor_tag', tag: 'new' }, { type: 'remove_visitor_tag', tag: 'absent' }, { type: 'add_visitor_tag', tag: 'seen' }, { type: 'add_visitor_tag', tag: 'seen' }] });
    const out = evaluateGuide([tags], visitor({ tags: ['new'] }));
    expect(out.removeTags).toEqual(['new']);
    expect(out.addTags).toEqual(['seen']);
  });

  it('refuses rules that could not work, naming the field', () => {
    const issues = (r: unknown) => { const p = GuideRuleSchema.safeParse(r); return p.success ? [] : p.error.issues.map((i) => i.path.join('.')); };
    expect(issues({ id: 'x', name: 'x', actions: [] })).toEqual(['actions']);
    expect(issues({ id: 'x', name: 'x', conditionSets: [[{ type: 'page', op: 'regex', value: '(a+)+$' }]], actions: [{ type: 'add_visitor_tag', tag: 't' }] }))
      .toEqual(['conditionSets.0.0.value']);
    expect(issues({ id: 'x', name: 'x', actions: [{ type: 'set_branding', colour: 'blue' }] })).toEqual(['actions.0.colour']);
    expect(issues({ id: 'x', name: 'x', actions: [{ type: 'show_offer', offerId: 'Bad Id', title: 't', buttons: [{ label: 'Go', action: 'url', url: 'not a url' }] }] }))
      .toEqual(['actions.0.offerId', 'actions.0.buttons.0.url']);
  });
});
