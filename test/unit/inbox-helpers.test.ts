// The agent workspace's pure helpers: SLA timers, the content builder (its output must pass the
// content model's own validator), canned-response variables, the keyboard model, the SSE parser,
// @mentions, the reply-window sentence and the answer lookup.
import { describe, expect, it } from 'vitest';
import { parseContentMessage } from '../../model/content/model';
import { answerOf } from '../../editor/src/inbox/answer';
import { fillCanned } from '../../editor/src/inbox/canned-fill';
import { buildContent, builderProblems, emptyBuilder, optionIds, zonedToIso } from '../../editor/src/inbox/content-builder';
import { mentionedIds, mentionQuery } from '../../editor/src/inbox/mentions';
import { inboxKey, initialNav, navReducer } from '../../editor/src/inbox/nav-reducer';
import { replyWindowText } from '../../editor/src/inbox/reply-window-text';
import { formatDuration, slaLevel, slaTimer } from '../../editor/src/inbox/sla';
import { createSseParser } from '../../editor/src/inbox/sse-parser';
import type { Message } from '../../editor/src/inbox/types';

const MIN = 60_000;
const targets = { slaFirstResponseMinutes: 60, slaNextResponseMinutes: 10 };
const t0 = Date.parse('2026-11-27T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('SLA timers', () => {
  it('first response runs from creation until an agent replies: ok, warning at 80 %, breached past the target', () => {
    const c = { status: 'new' as const, createdAt: iso(t0), lastInboundAt: iso(t0), lastOutboundAt: null, outboundCount: 0 };
    expect(slaTimer(c, targets, t0 + 10 * MIN)).toMatchObject({ kind: 'first', level: 'ok', elapsedMs: 10 * MIN, targetMs: 60 * MIN });
    expect(slaTimer(c, targets, t0 + 48 * MIN)?.level).toBe('warning');
    expect(slaTimer(c, targets, t0 + 61 * MIN)?.level).toBe('breached');
  });

  it('next response starts at the customer message after an agent reply; none while the agent spoke last', () => {
    const answered = { status: 'open' as const, createdAt: iso(t0), lastInboundAt: iso(t0), lastOutboundAt: iso(t0 + 5 * MIN), outboundCount: 1 };
    expect(slaTimer(answered, targets, t0 + 30 * MIN)).toBeNull();
    const again = { ...answered, lastInboundAt: iso(t0 + 20 * MIN) };
    expect(slaTimer(again, targets, t0 + 29 * MIN)).toMatchObject({ kind: 'next', level: 'warning', elapsedMs: 9 * MIN });
    expect(slaTimer(again, targets, t0 + 31 * MIN)?.level).toBe('breached');
  });

  it('pending and resolved cases wait on nobody', () => {
    for (const status of ['pending', 'resolved', 'closed'] as const) {
      expect(slaTimer({ status, createdAt: iso(t0), lastInboundAt: iso(t0), lastOutboundAt: null, outboundCount: 0 }, targets, t0 + 999 * MIN)).toBeNull();
    }
  });

  it('levels and durations read as a person expects', () => {
    expect(slaLevel(79, 100)).toBe('ok');
    expect(slaLevel(80, 100)).toBe('warning');
    expect(slaLevel(100, 100)).toBe('warning');
    expect(slaLevel(101, 100)).toBe('breached');
    expect(formatDuration(4 * MIN)).toBe('4m');
    expect(formatDuration(65 * MIN)).toBe('1h 05m');
    expect(formatDuration(50 * 60 * MIN)).toBe('2d 2h');
  });
});

describe('content builder', () => {
  const valid = (content: unknown) => parseContentMessage({ content });

  it('quick replies, buttons and a list picker pass the content model validator', () => {
    for (const kind of ['quickReplies', 'buttons', 'listPicker'] as const) {
      const state = { ...emptyBuilder(kind), text: 'Which order?', options: [{ title: 'Order 1001' }, { title: '' }, { title: 'Order 1002' }] };
      expect(builderProblems(state)).toEqual([]);
      const content = buildContent(state);
      const parsed = valid(content);
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      expect(JSON.stringify(content)).toContain('order-1001');
      expect(JSON.stringify(content)).not.toContain('"title":""');
    }
  });

  it('a time picker turns wall-clock times in its zone into instants and validates', () => {
    const state = { ...emptyBuilder('timePicker', 'Europe/Madrid'), text: 'Pick a time', options: [{ title: '', start: '2026-11-30T10:30' }, { title: '', start: '2026-11-30T12:00' }] };
    const content = buildContent(state) as { slots: { start: string }[] };
    expect(content.slots.map((s) => s.start)).toEqual(['2026-11-30T09:30:00Z', '2026-11-30T11:00:00Z']);
    expect(valid(content).ok).toBe(true);
    expect(zonedToIso('2026-07-01T10:00', 'Europe/Madrid')).toBe('2026-07-01T08:00:00Z');
  });

  it('says what is missing and keeps ids unique even for repeated titles', () => {
    expect(builderProblems(emptyBuilder('quickReplies'))).toEqual(['question', 'options']);
    expect(builderProblems({ ...emptyBuilder('timePicker'), text: 'x', options: [{ title: 'a' }] })).toContain('times');
    expect(optionIds(['Sí', 'Sí', '¿?'])).toEqual(['si', 'si-2', 'option-3']);
    const dup = buildContent({ ...emptyBuilder('quickReplies'), text: 'Again?', options: [{ title: 'Yes' }, { title: 'Yes' }] });
    expect(valid(dup).ok).toBe(true);
  });
});

describe('canned responses', () => {
  it('fills the known variables and leaves unknown ones visible', () => {
    const ctx = { contact: { name: 'Lucía' }, agent: { name: 'Ana' }, case: { id: 'case_1' } };
    expect(fillCanned('Hi {{contact.name}}, {{ agent.name }} here about {{case.id}}.', ctx)).toBe('Hi Lucía, Ana here about case_1.');
    expect(fillCanned('Order {{order.id}}', ctx)).toBe('Order {{order.id}}');
    expect(fillCanned('Hi {{contact.name}}!', { ...ctx, contact: { name: null } })).toBe('Hi !');
  });
});

describe('keyboard model', () => {
  it('j/k move within the list, Enter opens the focused case, focus survives rows added above', () => {
    let s = navReducer(initialNav, { type: 'list', ids: ['c3', 'c2', 'c1'] });
    expect(s.focused).toBe('c3');
    s = navReducer(s, { type: 'next' });
    s = navReducer(s, { type: 'next' });
    s = navReducer(s, { type: 'next' });
    expect(s.focused).toBe('c1');
    s = navReducer(s, { type: 'prev' });
    expect(s.focused).toBe('c2');
    s = navReducer(s, { type: 'open' });
    expect(s.open).toBe('c2');
    s = navReducer(s, { type: 'list', ids: ['c4', 'c3', 'c2', 'c1'] });
    expect(s.focused).toBe('c2');
    s = navReducer(s, { type: 'list', ids: ['c4', 'c3', 'c1'] });
    expect(s.focused).toBe('c1');
    expect(navReducer(s, { type: 'list', ids: [] }).focused).toBeNull();
  });

  it('keys map to actions except while typing, and Enter on a button stays the button\'s', () => {
    const key = (k: string, tagName = 'BODY') => inboxKey({ key: k, target: { tagName } as unknown as EventTarget, metaKey: false, ctrlKey: false, altKey: false });
    expect(['j', 'k', 'Enter', 'e', 'r', '/'].map((k) => key(k))).toEqual(['next', 'prev', 'open', 'resolve', 'reply', 'search']);
    expect(key('j', 'TEXTAREA')).toBeNull();
    expect(key('e', 'INPUT')).toBeNull();
    expect(key('Enter', 'BUTTON')).toBeNull();
    expect(inboxKey({ key: 'r', target: null, metaKey: true, ctrlKey: false, altKey: false })).toBeNull();
  });
});

describe('live stream parser', () => {
  it('assembles events split across chunks, with ids, ignoring comments', () => {
    const parse = createSseParser();
    expect(parse('event: ready\ndata: {"since":1}\nid: 1\n\n: keep-alive\n\nevent: case\ndata: {"id":')).toEqual([{ event: 'ready', data: '{"since":1}', id: '1' }]);
    expect(parse('"c1"}\nid: 5\n\n')).toEqual([{ event: 'case', data: '{"id":"c1"}', id: '5' }]);
  });
});

describe('mentions, reply window, answers, strings', () => {
  it('finds the name being typed after @ and keeps only mentions still in the text', () => {
    expect(mentionQuery('ping @An', 8)).toEqual({ start: 5, query: 'An' });
    expect(mentionQuery('mail a@b', 8)).toBeNull();
    expect(mentionedIds('@Ana Ruiz please', [{ id: 'u1', name: 'Ana Ruiz' }, { id: 'u2', name: 'Bo' }])).toEqual(['u1']);
  });

  it('states the WhatsApp window plainly while open and once closed', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    const w = { channelName: 'WhatsApp', hours: 24, outsideWindow: 'templates' as const, open: true, closesAt: '2026-11-27T14:32:00Z', humanAgentClosesAt: null, templates: true };
    const open = replyWindowText(w, now);
    expect(open.canWrite).toBe(true);
    const at = new Date(w.closesAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    expect(open.text).toBe(`WhatsApp: free-form until ${at}, then templates only.`);
    const closed = replyWindowText(w, Date.parse('2026-11-27T15:00:00Z'));
    expect(closed).toMatchObject({ canWrite: false, tone: 'closed' });
    expect(replyWindowText({ ...w, hours: null, outsideWindow: 'anything' }, now).canWrite).toBe(true);
  });

  it('shows a tap as the answer to the question it answers', () => {
    const q = { id: 'm1', direction: 'out', content: { content: { type: 'quickReplies', text: 'Which order?', replies: [{ id: 'order-1001', title: 'Order 1001', payload: 'O1' }] } } } as unknown as Message;
    const a = { id: 'm2', direction: 'in', content: { content: { type: 'text', text: 'Order 1001' }, answer: { messageId: 'm1', optionId: 'order-1001', payload: 'O1' } } } as unknown as Message;
    expect(answerOf(a, [q, a])).toEqual({ question: q, title: 'Order 1001' });
    expect(answerOf(q, [q, a])).toBeNull();
  });
});
