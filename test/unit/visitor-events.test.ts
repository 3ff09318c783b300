// Visitor events from the website snippet: a good batch is taken whole; a bad one is refused whole,
// each problem named by event and field.
import { describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_BATCH, parseVisitorEvents } from '../../model/website/visitor-events';

const now = Date.UTC(2026, 10, 27, 12);
const visitorId = 'v_Zk3mQ8rT1xYw9pLa';
const url = 'https://shop.example/pricing';

describe('visitor event batches', () => {
  it('takes page views, element interactions, offers, chat opens and custom events', () => {
    const r = parseVisitorEvents({ visitorId, events: [
      { type: 'page_view', at: now - 5_000, url, title: 'Precios' },
      { type: 'element', at: now - 4_000, url, elementId: 'checkout', interaction: 'click' },
      { type: 'element', at: now - 3_000, url, elementId: 'pricing-table', interaction: 'visible', ms: 4_000 },
      { type: 'offer', at: now - 2_000, url, ruleId: 'pricing-help', offerId: 'pricing', outcome: 'clicked' },
      { type: 'chat_opened', at: now - 1_000, url },
      { type: 'custom', at: now, url, name: 'cart.updated', data: { items: 3, total: 59.9, coupon: null } },
    ] }, now);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.batch.events.map((e) => e.type)).toEqual(['page_view', 'element', 'element', 'offer', 'chat_opened', 'custom']);
  });

  it('refuses the whole batch, naming each bad event and field', () => {
    const r = parseVisitorEvents({ visitorId, events: [
      { type: 'page_view', at: now, url },
      { type: 'element', at: now, url, elementId: 'checkout', interaction: 'double_click' },
      { type: 'custom', at: now, url, name: '1bad name' },
    ] }, now);
    expect(r).toEqual({ ok: false, issues: [
      { path: 'events.1.interaction', message: expect.any(String) },
      { path: 'events.2.name', message: 'A letter, then letters, digits, _ . : or - (max 64)' },
    ] });
  });

  it('refuses events from a stale tab or a wrong clock, a forged visitor id and oversized batches', () => {
    expect(parseVisitorEvents({ visitorId, events: [{ type: 'chat_opened', at: now - 25 * 3_600_000, url }] }, now))
      .toEqual({ ok: false, issues: [{ path: 'events.0.at', message: 'Older than 24 hours' }] });
    expect(parseVisitorEvents({ visitorId, events: [{ type: 'chat_opened', at: now + 3_600_000, url }] }, now))
      .toEqual({ ok: false, issues: [{ path: 'events.0.at', message: 'In the future: check the device clock' }] });
    expect(parseVisitorEvents({ visitorId: 'anything', events: [{ type: 'chat_opened', at: now, url }] }, now)).toMatchObject({ ok: false, issues: [{ path: 'visitorId' }] });
    const many = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => ({ type: 'chat_opened', at: now, url }));
    expect(parseVisitorEvents({ visitorId, events: many }, now)).toMatchObject({ ok: false, issues: [{ path: 'events' }] });
  });
});
