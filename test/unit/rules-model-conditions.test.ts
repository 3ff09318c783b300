// Every condition field and operator, evaluated the way an admin reads them in the editor.
import { describe, expect, it } from 'vitest';
import { evaluateAll, evaluatePredicate } from '../../model/rules/conditions';
import type { BusinessHours, RunContext } from '../../model/rules/event';
import { CONDITION_FIELDS, findField } from '../../model/rules/fields';
import { OPERATORS } from '../../model/rules/predicate';
import { caseSnapshot, ctxFor, eventOf, HOUR, messageEvent, NO_CALENDAR, p, T0 } from './rules-model-fixtures';

const ctx = ctxFor();
const check = (pred: ReturnType<typeof p>, c: RunContext = ctx, nodeId = 'n1') => evaluatePredicate(pred, c, nodeId);
const passes = (pred: ReturnType<typeof p>, c: RunContext = ctx, nodeId = 'n1') => check(pred, c, nodeId).pass;

describe('the field catalogue', () => {
  it('lists every field the issue asks for, each with operators the predicate schema knows', () => {
    const ids = CONDITION_FIELDS.map((f) => f.id);
    for (const id of ['channel.type', 'channel.id', 'message.direction', 'case.status', 'message.text', 'case.tags', 'message.tags', 'case.priority',
      'case.customFields.*', 'contact.customFields.*', 'contact.name', 'contact.email', 'contact.phone', 'case.statusAge', 'businessHours',
      'probability', 'answer', 'trigger.payload.*', 'trigger.change.from', 'trigger.change.to']) {
      expect(ids).toContain(id);
    }
    for (const field of CONDITION_FIELDS) {
      expect(field.title.length).toBeGreaterThan(0);
      expect(field.description.length).toBeGreaterThan(0);
      for (const op of field.operators) expect(OPERATORS).toContain(op);
    }
    expect(findField('case.status')!.field.values).toEqual(['new', 'open', 'pending', 'escalated', 'resolved', 'closed']);
    expect(findField('message.direction')!.field.values).toEqual(['in', 'out']);
  });

  it('resolves wildcard fields for keys of letters, digits and _ (dotted paths for the payload)', () => {
    expect(findField('case.customFields.plan_2')).toMatchObject({ key: 'plan_2', source: 'case.customFields.plan_2' });
    expect(findField('contact.customFields.tier')!.field.id).toBe('contact.customFields.*');
    expect(findField('trigger.payload.order.total')).toMatchObject({ key: 'order.total', source: 'trigger.payload.order.total' });
    expect(findField('case.customFields.a.b')).toBeNull();
    expect(findField('case.customFields.bad-key')).toBeNull();
    expect(findField('case.customFields.')).toBeNull();
    expect(findField('case.nope')).toBeNull();
  });
});

describe('message.text', () => {
  it('contains a word whatever its case and accents, and explains itself', () => {
    expect(check(p('message.text', 'contains', 'reembolso'))).toEqual({ pass: true, detail: 'message.text contains "reembolso": yes' });
    expect(check(p('message.text', 'contains', 'REEMBOLSO'))).toEqual({ pass: true, detail: 'message.text contains "REEMBOLSO": yes' });
    expect(check(p('message.text', 'contains', 'refund'))).toEqual({ pass: false, detail: 'message.text contains "refund": no' });
  });

  it('respects ignoreAccents and ignoreCase when turned off', () => {
    expect(passes(p('message.text', 'contains', 'reembolso', { ignoreAccents: false }))).toBe(false);
    expect(passes(p('message.text', 'contains', 'reembolsó', { ignoreAccents: false }))).toBe(true);
    expect(passes(p('message.text', 'contains', 'reembolsó', { ignoreCase: false }))).toBe(false);
    expect(passes(p('message.text', 'contains', 'Reembolso', { ignoreCase: false }))).toBe(true);
  });

  it('matches whole words by default and any substring on request', () => {
    expect(passes(p('message.text', 'contains', 'pedi'))).toBe(false);
    expect(passes(p('message.text', 'contains', 'pedi', { match: 'substring' }))).toBe(true);
    expect(passes(p('message.text', 'contains', 'de mi pedido'))).toBe(true);
    expect(passes(p('message.text', 'contains', 'de  mi   pedido'))).toBe(true);
    expect(passes(p('message.text', 'contains', 'quiero pedido'))).toBe(false);
  });

  it('takes a list as "any of these"', () => {
    expect(passes(p('message.text', 'contains', ['refund', 'reembolso']))).toBe(true);
    expect(passes(p('message.text', 'contains', ['refund', 'devolución']))).toBe(false);
    expect(passes(p('message.text', 'not_contains', ['refund', 'devolución']))).toBe(true);
    expect(passes(p('message.text', 'not_contains', 'reembolso'))).toBe(false);
  });

  it('equals, starts with, in and not in compare normalised text', () => {
    expect(passes(p('message.text', 'equals', 'hola, quiero un reembolso de mi pedido'))).toBe(true);
    expect(passes(p('message.text', 'not_equals', 'hola'))).toBe(true);
    expect(passes(p('message.text', 'starts_with', 'HOLA'))).toBe(true);
    expect(passes(p('message.text', 'starts_with', 'quiero'))).toBe(false);
    const short = ctxFor(messageEvent({ message: { id: 'm', direction: 'in', authorType: 'customer', text: 'Sí', tags: [] } }));
    expect(passes(p('message.text', 'in', ['si', 'yes']), short)).toBe(true);
    expect(passes(p('message.text', 'not_in', ['si', 'yes']), short)).toBe(false);
  });

  it('matches a regex, ignoring case and accents by default', () => {
    expect(passes(p('message.text', 'matches', 'pedido\\s*$'))).toBe(true);
    expect(passes(p('message.text', 'matches', 'REEMBOLSO'))).toBe(true);
    expect(passes(p('message.text', 'matches', 'REEMBOLSO', { ignoreCase: false }))).toBe(false);
    expect(passes(p('message.text', 'matches', 'embolso\\b'))).toBe(true);
    expect(passes(p('message.text', 'matches', 'embolsó', { ignoreAccents: false }))).toBe(true);
    expect(passes(p('message.text', 'matches', 'embolso\\b', { ignoreAccents: false }))).toBe(false);
  });

  it('never runs an unsafe pattern', () => {
    const slow = ctxFor(messageEvent({ message: { id: 'm', direction: 'in', authorType: 'customer', text: `${'a'.repeat(40)}!`, tags: [] } }));
    const started = performance.now();
    expect(passes(p('message.text', 'matches', '^(a+)+$'), slow)).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('present and absent', () => {
    expect(passes(p('message.text', 'present'))).toBe(true);
    const empty = ctxFor(messageEvent({ message: { id: 'm', direction: 'in', authorType: 'customer', text: '  ', tags: [] } }));
    expect(passes(p('message.text', 'absent'), empty)).toBe(true);
    expect(passes(p('message.text', 'present'), empty)).toBe(false);
  });

  it('fills in {{variables}} in the value first', () => {
    const c = ctxFor(messageEvent({ case: caseSnapshot({ customFields: { keyword: 'pedido' } }) }));
    expect(check(p('message.text', 'contains', '{{case.customFields.keyword}}'), c)).toEqual({ pass: true, detail: 'message.text contains "pedido": yes' });
    expect(passes(p('message.text', 'contains', ['x', '{{case.customFields.keyword}}']), c)).toBe(true);
  });
});

describe('channel and message fields', () => {
  it('channel.type and channel.id', () => {
    expect(passes(p('channel.type', 'equals', 'WhatsApp'))).toBe(true);
    expect(passes(p('channel.type', 'in', ['email', 'whatsapp']))).toBe(true);
    expect(passes(p('channel.type', 'not_in', ['email', 'whatsapp']))).toBe(false);
    expect(passes(p('channel.type', 'not_equals', 'email'))).toBe(true);
    expect(check(p('channel.id', 'equals', 'ch_mail'))).toEqual({ pass: false, detail: 'channel.id equals "ch_mail": no (ch_wa)' });
    expect(passes(p('channel.id', 'present'))).toBe(true);
  });

  it('message.direction and message.authorType', () => {
    expect(passes(p('message.direction', 'equals', 'in'))).toBe(true);
    expect(passes(p('message.direction', 'not_equals', 'out'))).toBe(true);
    expect(passes(p('message.authorType', 'in', ['agent', 'system']))).toBe(false);
  });

  it('message.tags', () => {
    expect(passes(p('message.tags', 'contains', 'FIRST'))).toBe(true);
    expect(passes(p('message.tags', 'not_contains', 'first'))).toBe(false);
    expect(passes(p('message.tags', 'present'))).toBe(true);
  });
});

describe('case fields', () => {
  it('case.status equals / in, naming the status it had', () => {
    expect(passes(p('case.status', 'equals', 'open'))).toBe(true);
    expect(check(p('case.status', 'in', ['pending', 'escalated']))).toEqual({ pass: false, detail: 'case.status in "pending", "escalated": no (open)' });
    expect(passes(p('case.status', 'not_in', ['pending', 'escalated']))).toBe(true);
    expect(passes(p('case.status', 'not_equals', 'open'))).toBe(false);
  });

  it('case.tags contains a tag (whole tag, case ignored) or any of several', () => {
    expect(passes(p('case.tags', 'contains', 'VIP'))).toBe(true);
    expect(passes(p('case.tags', 'contains', 'vi'))).toBe(false);
    expect(passes(p('case.tags', 'contains', ['refund', 'vip']))).toBe(true);
    expect(passes(p('case.tags', 'not_contains', 'refund'))).toBe(true);
    const untagged = ctxFor(messageEvent({ case: caseSnapshot({ tags: [] }) }));
    expect(passes(p('case.tags', 'absent'), untagged)).toBe(true);
    expect(passes(p('case.tags', 'present'), untagged)).toBe(false);
  });

  it('case.priority compares numbers', () => {
    expect(check(p('case.priority', 'greater', 5))).toEqual({ pass: true, detail: 'case.priority greater 5: yes (10)' });
    expect(passes(p('case.priority', 'less', 5))).toBe(false);
    expect(passes(p('case.priority', 'equals', '10'))).toBe(true);
    expect(passes(p('case.priority', 'not_equals', 10))).toBe(false);
    expect(passes(p('case.priority', 'greater', 10))).toBe(false);
  });

  it('case.customFields.<key> by the type of what is stored', () => {
    expect(passes(p('case.customFields.plan', 'equals', 'Gold'))).toBe(true);
    expect(passes(p('case.customFields.seats', 'greater', 10))).toBe(true);
    expect(passes(p('case.customFields.seats', 'equals', '12'))).toBe(true);
    expect(passes(p('case.customFields.renewal', 'before', '2026-07-01'))).toBe(true);
    expect(passes(p('case.customFields.renewal', 'after', '2026-07-01'))).toBe(false);
    expect(passes(p('case.customFields.active', 'equals', true))).toBe(true);
    expect(passes(p('case.customFields.active', 'equals', 'false'))).toBe(false);
    expect(passes(p('case.customFields.missing', 'present'))).toBe(false);
    expect(passes(p('case.customFields.missing', 'absent'))).toBe(true);
    expect(passes(p('case.customFields.missing', 'equals', 'x'))).toBe(false);
    expect(passes(p('case.customFields.missing', 'not_equals', 'x'))).toBe(true);
    expect(passes(p('case.customFields.plan', 'starts_with', 'go'))).toBe(true);
    expect(passes(p('case.customFields.plan', 'matches', '^g.l'))).toBe(true);
    const listField = ctxFor(messageEvent({ case: caseSnapshot({ customFields: { products: ['Router', 'Modem'] } }) }));
    expect(passes(p('case.customFields.products', 'contains', 'modem'), listField)).toBe(true);
    expect(passes(p('case.customFields.products', 'not_contains', 'phone'), listField)).toBe(true);
  });

  it('case.statusAge: time since the last status update, as a duration or ms', () => {
    // statusUpdatedAt is 3 h before the event.
    expect(check(p('case.statusAge', 'greater', '2h'))).toEqual({ pass: true, detail: 'case.statusAge greater "2h": yes (3h)' });
    expect(passes(p('case.statusAge', 'less', '2h'))).toBe(false);
    expect(passes(p('case.statusAge', 'greater', '179m'))).toBe(true);
    expect(passes(p('case.statusAge', 'greater', 3 * HOUR))).toBe(false);
    expect(passes(p('case.statusAge', 'less', String(4 * HOUR)))).toBe(true);
    // The run's time moves on after a delay.
    expect(passes(p('case.statusAge', 'greater', '1d'), ctxFor(messageEvent(), NO_CALENDAR, T0 + 24 * HOUR))).toBe(true);
    expect(check(p('case.statusAge', 'greater', '1m'), ctxFor(eventOf('api.event', { case: undefined })))).toEqual({ pass: false, detail: 'case.statusAge greater "1m": no (no case)' });
  });

  it('case.awaitingReply: the customer wrote last', () => {
    expect(passes(p('case.awaitingReply', 'equals', true))).toBe(true);
    const answered = ctxFor(messageEvent({ case: caseSnapshot({ lastOutboundAt: T0 + 1 }) }));
    expect(passes(p('case.awaitingReply', 'equals', true), answered)).toBe(false);
    expect(passes(p('case.awaitingReply', 'not_equals', 'true'), answered)).toBe(true);
  });

  it('dates: case.createdAt, last inbound and outbound', () => {
    expect(passes(p('case.createdAt', 'before', T0 - HOUR))).toBe(true);
    expect(passes(p('case.createdAt', 'after', '2026-03-01'))).toBe(false);
    expect(check(p('case.createdAt', 'after', '2026-02-27'))).toEqual({ pass: true, detail: 'case.createdAt after "2026-02-27": yes (2026-02-28T10:00:00.000Z)' });
    expect(passes(p('case.lastOutboundAt', 'before', '{{trigger.occurredAt}}'))).toBe(true);
    const never = ctxFor(messageEvent({ case: caseSnapshot({ lastOutboundAt: null }) }));
    expect(passes(p('case.lastOutboundAt', 'absent'), never)).toBe(true);
    expect(passes(p('case.lastOutboundAt', 'before', T0), never)).toBe(false);
  });
});

describe('contact fields', () => {
  it('name, email and phone as text', () => {
    expect(passes(p('contact.name', 'contains', 'jose'))).toBe(true);
    expect(passes(p('contact.name', 'equals', 'JOSE NUNEZ'))).toBe(true);
    expect(passes(p('contact.email', 'starts_with', 'jose@'))).toBe(true);
    expect(passes(p('contact.email', 'matches', '@example\\.com$'))).toBe(true);
    expect(passes(p('contact.phone', 'starts_with', '+34'))).toBe(true);
    const anonymous = ctxFor(messageEvent({ contact: { id: 'ct', name: null, email: null, phone: null, customFields: {} } }));
    expect(passes(p('contact.email', 'absent'), anonymous)).toBe(true);
    expect(passes(p('contact.name', 'contains', 'jose'), anonymous)).toBe(false);
    expect(passes(p('contact.name', 'not_contains', 'jose'), anonymous)).toBe(true);
  });

  it('contact.customFields.<key>', () => {
    expect(passes(p('contact.customFields.tier', 'in', ['premium', 'basic']))).toBe(true);
    expect(check(p('contact.customFields.orders', 'greater', 2))).toEqual({ pass: true, detail: 'contact.customFields.orders greater 2: yes (3)' });
  });
});

describe('event fields', () => {
  const api = ctxFor(eventOf('api.event', { key: 'order.paid', payload: { amount: 150, currency: 'EUR', customer: { tier: 'gold' }, items: ['a', 'b'] } }));

  it('trigger.payload.<path>', () => {
    expect(passes(p('trigger.payload.amount', 'greater', 100), api)).toBe(true);
    expect(passes(p('trigger.payload.amount', 'less', '100'), api)).toBe(false);
    expect(passes(p('trigger.payload.customer.tier', 'equals', 'GOLD'), api)).toBe(true);
    expect(passes(p('trigger.payload.items', 'contains', 'b'), api)).toBe(true);
    expect(passes(p('trigger.payload.missing.deep', 'absent'), api)).toBe(true);
  });

  it('trigger.change.from and .to', () => {
    const changed = ctxFor(eventOf('case.status_changed', { change: { from: 'open', to: 'resolved' } }));
    expect(passes(p('trigger.change.from', 'equals', 'open'), changed)).toBe(true);
    expect(passes(p('trigger.change.to', 'in', ['resolved', 'closed']), changed)).toBe(true);
    expect(passes(p('trigger.change.to', 'not_equals', 'resolved'), changed)).toBe(false);
  });

  it('answer equals an option id or its title', () => {
    const answered = ctxFor(eventOf('message.answer_received', {
      message: { id: 'm2', direction: 'in', authorType: 'customer', text: 'Sí, gracias', tags: [], answer: { optionId: 'opt_yes', title: 'Sí, gracias' } },
    }));
    expect(check(p('answer', 'equals', 'opt_yes'), answered)).toEqual({ pass: true, detail: 'answer equals "opt_yes": yes (opt_yes "Sí, gracias")' });
    expect(passes(p('answer', 'equals', 'si, GRACIAS'), answered)).toBe(true);
    expect(passes(p('answer', 'equals', 'opt_no'), answered)).toBe(false);
    expect(passes(p('answer', 'not_equals', 'opt_no'), answered)).toBe(true);
    expect(check(p('answer', 'equals', 'opt_yes'))).toEqual({ pass: false, detail: 'answer equals "opt_yes": no (no answer)' });
    expect(passes(p('answer', 'not_equals', 'opt_yes'))).toBe(true);
  });

  it('steps.<id>.output.<field> of an earlier action', () => {
    const after = { ...ctx, steps: { call: { output: { status: 200, body: { status: 'ok', score: 7 } } } } };
    expect(passes(p('steps.call.output.status', 'equals', 200), after)).toBe(true);
    expect(passes(p('steps.call.output.body.status', 'equals', 'OK'), after)).toBe(true);
    expect(passes(p('steps.call.output.body.score', 'less', 5), after)).toBe(false);
    expect(passes(p('steps.other.output.x', 'absent'), after)).toBe(true);
  });
});

describe('business hours', () => {
  // Madrid is UTC+1 in early March 2026 (summer time starts on 29 March).
  const madrid: BusinessHours = { timeZone: 'Europe/Madrid', weekly: { mon: ['09:00-14:00', '15:00-18:00'], tue: ['09:00-18:00'] }, holidays: ['2026-03-03'] };
  const at = (ms: number, calendar: BusinessHours | null = madrid) => ctxFor(messageEvent(), { businessHours: calendar }, ms);

  it('is inside during the weekly hours in the calendar\'s time zone', () => {
    expect(check(p('businessHours', 'inside'), at(T0))).toEqual({ pass: true, detail: 'businessHours inside: yes' }); // Mon 11:00 Madrid
    expect(passes(p('businessHours', 'outside'), at(T0))).toBe(false);
    expect(passes(p('businessHours', 'inside'), at(T0 + 3.5 * HOUR))).toBe(false); // 14:30: lunch
    expect(passes(p('businessHours', 'inside'), at(T0 + 4 * HOUR))).toBe(true); // 15:00
    expect(passes(p('businessHours', 'inside'), at(T0 + 7.5 * HOUR))).toBe(false); // 18:30 Madrid (17:30 UTC would be inside in UTC)
    expect(passes(p('businessHours', 'inside'), at(T0 - 1.5 * HOUR))).toBe(true); // 09:30 Madrid, 08:30 UTC
  });

  it('is outside all day on a holiday', () => {
    expect(passes(p('businessHours', 'inside'), at(T0 + 24 * HOUR))).toBe(false); // Tue 3 March 11:00, a holiday
    expect(passes(p('businessHours', 'outside'), at(T0 + 24 * HOUR))).toBe(true);
  });

  it('uses the weekday of the calendar\'s zone, not UTC\'s', () => {
    const ny: BusinessHours = { timeZone: 'America/New_York', weekly: { sun: ['20:00-24:00'] }, holidays: [] };
    const mondayUtc = Date.UTC(2026, 2, 2, 1, 30); // Sunday 1 March, 20:30 in New York
    expect(passes(p('businessHours', 'inside'), at(mondayUtc, ny))).toBe(true);
    expect(passes(p('businessHours', 'inside'), at(mondayUtc, { ...ny, holidays: ['2026-03-01'] }))).toBe(false);
  });

  it('is always inside without a calendar', () => {
    expect(passes(p('businessHours', 'inside'), at(T0, null))).toBe(true);
    expect(passes(p('businessHours', 'outside'), at(Date.UTC(2026, 2, 8, 3), null))).toBe(false);
  });
});

describe('probability', () => {
  it('is decided by the event and the node: the same inputs give the same answer', () => {
    const results = Array.from({ length: 5 }, () => check(p('probability', 'less', 50), ctx, 'coin').pass);
    expect(new Set(results).size).toBe(1);
    expect(check(p('probability', 'less', 50), ctxFor(messageEvent()), 'coin').pass).toBe(results[0]);
  });

  it('lets roughly N % of events through, and draws independently per node', () => {
    const events = Array.from({ length: 4000 }, (_, i) => ctxFor(messageEvent({ id: `evt_${i}` })));
    const share = (nodeId: string, percent: number) => events.filter((c) => passes(p('probability', 'less', percent), c, nodeId)).length / events.length;
    expect(share('a', 30)).toBeGreaterThan(0.27);
    expect(share('a', 30)).toBeLessThan(0.33);
    expect(share('b', 75)).toBeGreaterThan(0.72);
    expect(share('b', 75)).toBeLessThan(0.78);
    expect(share('a', 0)).toBe(0);
    expect(share('a', 100)).toBe(1);
    const both = events.filter((c) => passes(p('probability', 'less', 50), c, 'x') && passes(p('probability', 'less', 50), c, 'y')).length / events.length;
    expect(both).toBeGreaterThan(0.21);
    expect(both).toBeLessThan(0.29);
  });

  it('explains the draw', () => {
    expect(check(p('probability', 'less', 100)).detail).toMatch(/^probability less 100: yes \(drew \d{1,2}\)$/);
  });
});

describe('evaluateAll', () => {
  it('passes when every predicate holds, and explains each', () => {
    const r = evaluateAll([p('channel.type', 'equals', 'whatsapp'), p('message.text', 'contains', 'reembolso')], ctx, 'c');
    expect(r.pass).toBe(true);
    expect(r.detail).toBe('channel.type equals "whatsapp": yes; message.text contains "reembolso": yes');
  });

  it('stops at the first predicate that fails and names it', () => {
    const r = evaluateAll([p('case.status', 'equals', 'closed'), p('message.text', 'contains', 'reembolso')], ctx, 'c');
    expect(r).toMatchObject({ pass: false, detail: 'case.status equals "closed": no (open)' });
    expect(r.results).toHaveLength(1);
  });

  it('passes with no predicates, and fails on an unknown field', () => {
    expect(evaluateAll([], ctx, 'c').pass).toBe(true);
    expect(check(p('case.color', 'equals', 'red'))).toEqual({ pass: false, detail: 'case.color: unknown field' });
  });
});
