// The pure interpreter: trigger matching, conditions, branches, switches, delays with delayed
// conditions, actions with resolved variables and step outputs, failures, and speed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CustomStepCatalogue } from '../../model/rules/catalogue';
import type { RuleEvent, RunContext } from '../../model/rules/event';
import type { RuleGraph } from '../../model/rules/graph';
import { advance, complete, startRun } from '../../model/rules/interpreter';
import type { Instruction, RunState } from '../../model/rules/run';
import { TRIGGER_TYPES, type TriggerType } from '../../model/rules/trigger-types';
import { caseSnapshot, ctxFor, e, eventOf, graph, HOUR, messageEvent, n, NO_CALENDAR, p, refundRule, T0 } from './rules-model-fixtures';

interface Driven {
  instructions: Instruction[];
  final: Extract<Instruction, { type: 'done' }>;
  state: RunState;
}

/** Drives a run the way the workflow does; `outputs` answers actions by node id, `refresh` replaces the context after a delay. */
function drive(g: RuleGraph, start: RunContext, opts: { outputs?: Record<string, unknown>; errors?: Record<string, string>; refresh?: (ctx: RunContext) => RunContext; steps?: CustomStepCatalogue } = {}): Driven {
  let ctx = { ...start, steps: { ...start.steps } };
  let state = startRun(g, ctx);
  const instructions: Instruction[] = [];
  for (;;) {
    const r = advance(g, ctx, state, { steps: opts.steps });
    state = r.state;
    instructions.push(r.instruction);
    const ins = r.instruction;
    if (ins.type === 'done') return { instructions, final: ins, state };
    if (ins.type === 'delay') {
      ctx = opts.refresh ? opts.refresh({ ...ctx, now: ctx.now + ins.ms }) : { ...ctx, now: ctx.now + ins.ms };
      state = complete(state, ins.nodeId, {});
      continue;
    }
    if (opts.errors?.[ins.nodeId]) { state = complete(state, ins.nodeId, { error: opts.errors[ins.nodeId] }); continue; }
    const output = opts.outputs?.[ins.nodeId] ?? {};
    state = complete(state, ins.nodeId, { output });
    ctx = { ...ctx, steps: { ...ctx.steps, [ins.nodeId]: { output } } };
  }
}

const actionsOf = (d: Driven) => d.instructions.filter((i): i is Extract<Instruction, { type: 'action' }> => i.type === 'action');
const pathOf = (d: Driven) => d.state.path.map((x) => `${x.nodeId}:${x.outcome}`);

describe('the refund rule from the issue', () => {
  it('matches, passes the condition, tags and replies with variables filled in', () => {
    const d = drive(refundRule(), ctxFor());
    expect(actionsOf(d)).toEqual([
      { type: 'action', nodeId: 'tag', kind: 'action', name: 'add_tag', input: { tag: 'refund', target: 'case' } },
      { type: 'action', nodeId: 'reply', kind: 'action', name: 'send_message', input: { text: 'Hola José Núñez, ¿es sobre el pedido?', quickReplies: [{ title: 'Sí' }, { title: 'No' }] } },
    ]);
    expect(d.final).toEqual({ type: 'done', outcome: 'completed' });
    expect(d.state.path).toEqual([
      { nodeId: 't', outcome: 'matched' },
      { nodeId: 'c', outcome: 'passed', detail: 'message.text contains "reembolso": yes' },
      { nodeId: 'tag', outcome: 'executed' },
      { nodeId: 'reply', outcome: 'executed' },
    ]);
    expect(d.state.actions).toBe(2);
  });

  it('ends as no_match with the failed condition explained when the text does not match', () => {
    const ctx = ctxFor(messageEvent({ message: { id: 'm', direction: 'in', authorType: 'customer', text: 'Where is my order?', tags: [] } }));
    const d = drive(refundRule(), ctx);
    expect(d.final).toEqual({ type: 'done', outcome: 'no_match' });
    expect(d.state.path).toEqual([
      { nodeId: 't', outcome: 'matched' },
      { nodeId: 'c', outcome: 'failed', detail: 'message.text contains "reembolso": no' },
    ]);
  });
});

describe('triggers', () => {
  // api.event and schedule have no case: they notify by email instead.
  const ruleFor = (type: TriggerType, config: Record<string, unknown> = {}) => graph(
    [n.trigger('t', type, config), type === 'api.event' || type === 'schedule'
      ? n.action('a', 'notify_email', { to: 'ops@example.com', subject: 'Event', body: '{{trigger.type}}' })
      : n.action('a', 'add_tag', { tag: 'seen' })],
    [e('t', 'a')],
  );
  const eventFor = (type: TriggerType, extra: Partial<RuleEvent> = {}) => eventOf(type, {
    ...(type === 'api.event' ? { key: 'order.paid', payload: {}, case: undefined, contact: undefined, channel: undefined, message: undefined } : {}),
    ...(type === 'schedule' ? { scheduledFor: T0, case: undefined, contact: undefined, channel: undefined, message: undefined } : {}),
    ...(type === 'case.status_changed' ? { change: { from: 'open', to: 'resolved' } } : {}),
    ...extra,
  });
  const configFor = (type: TriggerType) => (type === 'api.event' ? { key: 'order.paid' } : type === 'schedule' ? { cron: '0 9 * * 1-5' } : {});

  it.each(TRIGGER_TYPES.map((type) => ({ type })))('$type reacts to its own event and to no other', ({ type }) => {
    const g = ruleFor(type, configFor(type));
    const d = drive(g, ctxFor(eventFor(type)));
    expect(d.final.outcome).toBe('completed');
    expect(d.state.path[0]).toEqual({ nodeId: 't', outcome: 'matched' });
    const other = TRIGGER_TYPES.find((t) => t !== type)!;
    const miss = drive(g, ctxFor(eventFor(other)));
    expect(miss.final).toEqual({ type: 'done', outcome: 'no_match' });
    expect(miss.state.path).toEqual([{ nodeId: 't', outcome: 'not_matched', detail: `The rule reacts to ${type}; this event is ${other}` }]);
  });

  it.each(TRIGGER_TYPES.filter((t) => t !== 'api.event' && t !== 'schedule').map((type) => ({ type })))('$type only fires on the channels it lists', ({ type }) => {
    const g = ruleFor(type, { channelIds: ['ch_mail', 'ch_wa'] });
    expect(drive(g, ctxFor(eventFor(type))).final.outcome).toBe('completed');
    const elsewhere = drive(g, ctxFor(eventFor(type, { channel: { id: 'ch_sms', type: 'sms', name: 'SMS' } })));
    expect(elsewhere.final.outcome).toBe('no_match');
    expect(elsewhere.state.path[0].detail).toBe('Channel ch_sms is not one of ch_mail, ch_wa');
    expect(drive(ruleFor(type, { channelIds: [] }), ctxFor(eventFor(type, { channel: { id: 'ch_sms', type: 'sms', name: 'SMS' } }))).final.outcome).toBe('completed');
  });

  it('message.created: inbound by default, outbound or any on request', () => {
    const inbound = ctxFor(messageEvent());
    const outbound = ctxFor(messageEvent({ message: { id: 'm', direction: 'out', authorType: 'agent', text: 'Hi', tags: [] } }));
    expect(drive(ruleFor('message.created'), inbound).final.outcome).toBe('completed');
    expect(drive(ruleFor('message.created'), outbound).final.outcome).toBe('no_match');
    expect(drive(ruleFor('message.created', { direction: 'out' }), outbound).final.outcome).toBe('completed');
    expect(drive(ruleFor('message.created', { direction: 'out' }), inbound).final.outcome).toBe('no_match');
    expect(drive(ruleFor('message.created', { direction: 'any' }), outbound).final.outcome).toBe('completed');
    expect(drive(ruleFor('message.created', { direction: 'any' }), inbound).final.outcome).toBe('completed');
  });

  it('case.status_changed: only when the new status is one of `to`', () => {
    const g = ruleFor('case.status_changed', { to: ['resolved', 'closed'] });
    expect(drive(g, ctxFor(eventFor('case.status_changed'))).final.outcome).toBe('completed');
    const pending = drive(g, ctxFor(eventFor('case.status_changed', { change: { from: 'open', to: 'pending' } })));
    expect(pending.final.outcome).toBe('no_match');
    expect(pending.state.path[0].detail).toBe('The new status pending is not one of resolved, closed');
  });

  it('api.event: only its own key', () => {
    const g = ruleFor('api.event', { key: 'order.paid' });
    expect(drive(g, ctxFor(eventFor('api.event', { key: 'order.refunded' }))).final.outcome).toBe('no_match');
    expect(drive(g, ctxFor(eventFor('api.event'))).final.outcome).toBe('completed');
  });
});

describe('branches and switches', () => {
  const branchRule = graph([
    n.trigger('t', 'message.created'),
    n.branch('vip', [p('case.tags', 'contains', 'vip')]),
    n.action('fast', 'assign_skill', { skillId: 'vip-desk' }),
    n.action('slow', 'assign_skill', { skillId: 'general' }),
  ], [e('t', 'vip'), e('vip', 'fast', 'true'), e('vip', 'slow', 'false')]);

  it('a branch goes out through true or false', () => {
    const yes = drive(branchRule, ctxFor());
    expect(actionsOf(yes).map((a) => a.nodeId)).toEqual(['fast']);
    expect(yes.state.path[1]).toEqual({ nodeId: 'vip', outcome: 'true', detail: 'case.tags contains "vip": yes' });
    const no = drive(branchRule, ctxFor(messageEvent({ case: caseSnapshot({ tags: [] }) })));
    expect(actionsOf(no).map((a) => a.nodeId)).toEqual(['slow']);
    expect(no.state.path[1]).toEqual({ nodeId: 'vip', outcome: 'false', detail: 'case.tags contains "vip": no' });
  });

  const survey = (ignoreCase = true) => graph([
    n.trigger('t', 'message.answer_received'),
    n.switch('sw', '{{trigger.message.answer.optionId}}', [{ id: 'yes', equals: 'OPT_YES', label: 'Yes' }, { id: 'no', equals: 'opt_no' }], ignoreCase),
    n.action('thanks', 'send_message', { text: 'Thanks!' }),
    n.action('sorry', 'change_status', { status: 'escalated' }),
    n.action('other', 'add_tag', { tag: 'unclear' }),
  ], [e('t', 'sw'), e('sw', 'thanks', 'yes'), e('sw', 'sorry', 'no'), e('sw', 'other', 'default')]);
  const answered = (optionId: string) => ctxFor(eventOf('message.answer_received', {
    message: { id: 'm', direction: 'in', authorType: 'customer', text: optionId, tags: [], answer: { optionId } },
  }));

  it('a switch takes the matching case (case ignored by default) or default', () => {
    const yes = drive(survey(), answered('opt_yes'));
    expect(actionsOf(yes).map((a) => a.nodeId)).toEqual(['thanks']);
    expect(yes.state.path[1]).toEqual({ nodeId: 'sw', outcome: 'yes', detail: '"opt_yes" → Yes' });
    expect(actionsOf(drive(survey(), answered('opt_no'))).map((a) => a.nodeId)).toEqual(['sorry']);
    const other = drive(survey(), answered('opt_maybe'));
    expect(actionsOf(other).map((a) => a.nodeId)).toEqual(['other']);
    expect(other.state.path[1]).toEqual({ nodeId: 'sw', outcome: 'default', detail: '"opt_maybe" → default' });
  });

  it('a switch with ignoreCase off compares exactly', () => {
    expect(actionsOf(drive(survey(false), answered('opt_yes'))).map((a) => a.nodeId)).toEqual(['other']);
    expect(actionsOf(drive(survey(false), answered('OPT_YES'))).map((a) => a.nodeId)).toEqual(['thanks']);
  });
});

describe('delays with delayed conditions', () => {
  const escalate = graph([
    n.trigger('t', 'message.created'),
    n.action('ack', 'send_message', { text: 'We got your message' }),
    n.delay('wait', '2h', [p('case.status', 'equals', 'open'), p('case.statusAge', 'greater', '4h')]),
    n.action('esc', 'change_status', { status: 'escalated' }),
  ], [e('t', 'ack'), e('ack', 'wait'), e('wait', 'esc')]);

  it('hands out a timer, then re-checks with the refreshed context and goes on', () => {
    const d = drive(escalate, ctxFor());
    expect(d.instructions.map((i) => i.type)).toEqual(['action', 'delay', 'action', 'done']);
    expect(d.instructions[1]).toEqual({ type: 'delay', nodeId: 'wait', ms: 2 * HOUR });
    expect(d.state.path).toContainEqual({ nodeId: 'wait', outcome: 'waited', detail: 'case.status equals "open": yes (open); case.statusAge greater "4h": yes (5h)' });
    expect(d.final.outcome).toBe('completed');
  });

  it('stops the branch when the case changed during the wait', () => {
    const d = drive(escalate, ctxFor(), { refresh: (ctx) => ({ ...ctx, case: { ...ctx.case!, status: 'pending', statusUpdatedAt: ctx.now - HOUR } }) });
    expect(actionsOf(d).map((a) => a.nodeId)).toEqual(['ack']);
    expect(d.state.path.slice(-1)).toEqual([{ nodeId: 'wait', outcome: 'recheck_failed', detail: 'case.status equals "open": no (pending)' }]);
    expect(d.final).toEqual({ type: 'done', outcome: 'completed' });
  });

  it('a delay alone counts as work done; its path entry comes after the timer', () => {
    const g = graph([n.trigger('t', 'message.created'), n.delay('d', '15m'), n.action('a', 'add_tag', { tag: 'x' })], [e('t', 'd'), e('d', 'a')]);
    const ctx = ctxFor();
    let state = startRun(g, ctx);
    const first = advance(g, ctx, state);
    expect(first.instruction).toEqual({ type: 'delay', nodeId: 'd', ms: 900_000 });
    expect(first.state.path.map((x) => x.nodeId)).toEqual(['t']);
    state = complete(first.state, 'd', {});
    expect(state.path.map((x) => x.nodeId)).toEqual(['t']);
    const second = advance(g, { ...ctx, now: ctx.now + 900_000 }, state);
    expect(second.state.path).toEqual([{ nodeId: 't', outcome: 'matched' }, { nodeId: 'd', outcome: 'waited' }]);
    expect(second.instruction).toMatchObject({ type: 'action', nodeId: 'a' });
  });
});

describe('actions', () => {
  it('uses outputs of earlier actions as variables, and turns a number variable into a number', () => {
    const g = graph([
      n.trigger('t', 'message.created'),
      n.action('call', 'call_url', { url: 'https://crm.example.com/score?case={{case.id}}' }),
      n.action('prio', 'change_priority', { priority: '{{steps.call.output.body.score}}' }),
      n.action('note', 'set_case_field', { key: 'crm_ticket', value: '{{steps.call.output.body.ticket}} ({{steps.call.output.status}})' }),
    ], [e('t', 'call'), e('call', 'prio'), e('prio', 'note')]);
    const d = drive(g, ctxFor(), { outputs: { call: { status: 200, body: { score: 80, ticket: 'T-1' } }, prio: {} } });
    expect(actionsOf(d).map((a) => a.input)).toEqual([
      { url: 'https://crm.example.com/score?case=case_1', timeoutMs: 10_000 },
      { priority: 80 },
      { key: 'crm_ticket', value: 'T-1 (200)' },
    ]);
  });

  it('fails the run, naming the node and field, when a filled-in input is invalid', () => {
    const g = graph([n.trigger('t', 'message.created'), n.action('reply', 'send_message', { text: '{{contact.email}}' }), n.action('after', 'add_tag', { tag: 'x' })],
      [e('t', 'reply'), e('reply', 'after')]);
    const ctx = ctxFor(messageEvent({ contact: { id: 'c', name: null, email: null, phone: null, customFields: {} } }));
    const d = drive(g, ctx);
    expect(d.final).toEqual({ type: 'done', outcome: 'failed', error: 'Node reply (Send message): input.text: Must not be empty' });
    expect(d.state.path.slice(-1)).toEqual([{ nodeId: 'reply', outcome: 'error', detail: 'Node reply (Send message): input.text: Must not be empty' }]);
    expect(actionsOf(d)).toEqual([]);
  });

  it('fails on an unknown action, and on a case action without a case', () => {
    const unknown = drive(graph([n.trigger('t', 'message.created'), n.action('x', 'teleport')], [e('t', 'x')]), ctxFor());
    expect(unknown.final).toEqual({ type: 'done', outcome: 'failed', error: 'Node x: unknown action "teleport"' });
    const noCase = drive(graph([n.trigger('t', 'api.event', { key: 'k' }), n.action('x', 'add_tag', { tag: 'a' })], [e('t', 'x')]), ctxFor(eventOf('api.event', { key: 'k', case: undefined })));
    expect(noCase.final).toEqual({ type: 'done', outcome: 'failed', error: 'Node x (Add tag) needs a case, and this event has none' });
  });

  it('records an action\'s error and ends the run failed with it', () => {
    const d = drive(refundRule(), ctxFor(), { errors: { tag: 'Case is closed' } });
    expect(d.final).toEqual({ type: 'done', outcome: 'failed', error: 'Case is closed' });
    expect(pathOf(d)).toEqual(['t:matched', 'c:passed', 'tag:error']);
    expect(actionsOf(d).map((a) => a.nodeId)).toEqual(['tag']);
  });

  it('hands out custom steps by id with resolved input, checked when the catalogue is given', () => {
    const g = graph([n.trigger('t', 'message.created'), n.step('lookup', 'shop.lookup-order', { orderId: '{{case.customFields.seats}}', note: 'for {{contact.name}}' })], [e('t', 'lookup')]);
    expect(actionsOf(drive(g, ctxFor()))).toEqual([{ type: 'action', nodeId: 'lookup', kind: 'step', name: 'shop.lookup-order', input: { orderId: '12', note: 'for José Núñez' } }]);
    const steps: CustomStepCatalogue = {
      list: () => [],
      get: (id) => (id === 'shop.lookup-order' ? {
        id, kind: 'step', title: 'Look up order', description: '', group: 'Shop', inputSchema: {}, outputSchema: null, outputs: [], retry: { maximumAttempts: 1, initialInterval: '1s' },
        validateInput: (input) => ((input as { orderId: string }).orderId.startsWith('ORD-') ? [] : [{ path: 'orderId', message: 'An order id starts with ORD-' }]),
      } : undefined),
    };
    expect(drive(g, ctxFor(), { steps }).final).toEqual({ type: 'done', outcome: 'failed', error: 'Node lookup (Look up order): input.orderId: An order id starts with ORD-' });
    const unknown = graph([n.trigger('t', 'message.created'), n.step('s', 'nope.step')], [e('t', 's')]);
    expect(drive(unknown, ctxFor(), { steps }).final).toEqual({ type: 'done', outcome: 'failed', error: 'Node s: unknown step "nope.step"' });
  });
});

describe('walking the graph', () => {
  it('visits breadth-first in edge order, each node once', () => {
    const g = graph([
      n.trigger('t', 'message.created'),
      n.action('a', 'add_tag', { tag: 'a' }), n.action('b', 'add_tag', { tag: 'b' }),
      n.action('c', 'add_tag', { tag: 'c' }), n.action('join', 'add_tag', { tag: 'join' }),
    ], [e('t', 'a'), e('t', 'b'), e('a', 'c'), e('a', 'join'), e('b', 'join'), e('c', 'join')]);
    expect(actionsOf(drive(g, ctxFor())).map((x) => x.nodeId)).toEqual(['a', 'b', 'c', 'join']);
  });

  it('refuses to advance while an instruction is out, or a completion for another node', () => {
    const g = refundRule();
    const ctx = ctxFor();
    const r = advance(g, ctx, startRun(g, ctx));
    expect(() => advance(g, ctx, r.state)).toThrow('advance() called while node tag is still running');
    expect(() => complete(r.state, 'reply', { output: {} })).toThrow('complete(reply) does not match the instruction handed out (tag)');
  });

  it('does not change the state it was given', () => {
    const g = refundRule();
    const ctx = ctxFor();
    const s0 = startRun(g, ctx);
    const copy = structuredClone(s0);
    const r = advance(g, ctx, s0);
    complete(r.state, 'tag', { output: {} });
    expect(s0).toEqual(copy);
  });

  it('a graph without a trigger fails at once', () => {
    const g = graph([n.action('a', 'add_tag', { tag: 'x' })], []);
    expect(drive(g, ctxFor()).final).toEqual({ type: 'done', outcome: 'failed', error: 'The rule has no trigger' });
  });
});

describe('purity and speed', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads no clock and draws no random numbers', () => {
    vi.spyOn(Date, 'now').mockImplementation(() => { throw new Error('Date.now() called'); });
    vi.spyOn(Math, 'random').mockImplementation(() => { throw new Error('Math.random() called'); });
    const g = graph([
      n.trigger('t', 'message.created'),
      n.condition('c', [p('probability', 'less', 100), p('businessHours', 'inside'), p('case.statusAge', 'greater', '1m')]),
      n.delay('d', '1h', [p('case.status', 'equals', 'open')]),
      n.action('a', 'add_tag', { tag: 'x' }),
    ], [e('t', 'c'), e('c', 'd'), e('d', 'a')]);
    const calendar = { businessHours: { timeZone: 'Europe/Madrid', weekly: { mon: ['00:00-24:00'] }, holidays: [] } };
    const first = drive(g, ctxFor(messageEvent(), calendar));
    const second = drive(g, ctxFor(messageEvent(), calendar));
    expect(first.final.outcome).toBe('completed');
    expect(second).toEqual(first);
  });

  it('evaluates a typical rule in well under a millisecond (p99)', () => {
    const g = graph([
      n.trigger('t', 'message.created', { channelIds: ['ch_wa'] }),
      n.condition('c', [p('channel.type', 'in', ['whatsapp', 'webchat']), p('message.text', 'contains', ['reembolso', 'refund']), p('case.status', 'not_equals', 'closed')]),
      n.branch('b', [p('case.tags', 'contains', 'vip')]),
      n.action('tag', 'add_tag', { tag: 'refund' }),
      n.action('reply', 'send_message', { text: 'Hola {{contact.name}}, revisamos el caso {{case.id}}', quickReplies: [{ title: 'Sí' }, { title: 'No' }] }),
    ], [e('t', 'c'), e('c', 'b'), e('b', 'tag', 'true'), e('b', 'reply', 'true')]);
    const ctx = ctxFor(messageEvent(), NO_CALENDAR);
    for (let i = 0; i < 500; i++) drive(g, ctx);
    const times: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const started = performance.now();
      drive(g, ctx);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length * 0.99)]).toBeLessThan(1);
  });
});
