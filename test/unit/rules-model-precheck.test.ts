// The dispatcher's pre-check (wouldAct): for every graph and event it must give the same answer as
// running the interpreter up to its first instruction, without building a run state or a path.
// Also the text normalisation memo it leans on, and the compiled condition lists.
import { describe, expect, it } from 'vitest';
import type { CustomStepCatalogue } from '../../model/rules/catalogue';
import { compileConditions, conditionsHold, evaluateAll } from '../../model/rules/conditions';
import type { RunContext } from '../../model/rules/event';
import type { RuleGraph } from '../../model/rules/graph';
import { advance, startRun, wouldAct, type AdvanceOptions } from '../../model/rules/interpreter';
import { normalizeText, textContains } from '../../model/rules/text-match';
import { caseSnapshot, ctxFor, e, eventOf, graph, messageEvent, n, p, refundRule } from './rules-model-fixtures';

/** What the dispatcher asked before the fast path: does the first advance() hand anything out? */
const firstInstructionActs = (g: RuleGraph, ctx: RunContext, opts?: AdvanceOptions) => advance(g, ctx, startRun(g, ctx), opts).instruction.type !== 'done';

const inbound = (text: string) => ctxFor(messageEvent({ message: { id: 'm', direction: 'in', authorType: 'customer', text, tags: [] } }));
const outbound = ctxFor(messageEvent({ message: { id: 'm', direction: 'out', authorType: 'agent', text: 'reembolso', tags: [] } }));

const steps: CustomStepCatalogue = {
  list: () => [],
  get: (id) => (id === 'shop.lookup' ? {
    id, kind: 'step', title: 'Look up', description: '', group: 'Shop', inputSchema: {}, outputSchema: null, outputs: [], retry: { maximumAttempts: 1, initialInterval: '1s' },
    validateInput: (input) => ((input as { id: string }).id.startsWith('case_') ? [] : [{ path: 'id', message: 'Not a case id' }]),
  } : undefined),
};

const graphs: Record<string, RuleGraph> = {
  refund: refundRule(),
  channelLimited: graph([n.trigger('t', 'message.created', { channelIds: ['ch_mail'] }), n.action('a', 'add_tag', { tag: 'x' })], [e('t', 'a')]),
  anyDirection: graph([n.trigger('t', 'message.created', { direction: 'any' }), n.action('a', 'add_tag', { tag: 'x' })], [e('t', 'a')]),
  branch: graph([
    n.trigger('t', 'message.created'), n.branch('vip', [p('case.tags', 'contains', 'VIP')]),
    n.action('fast', 'assign_skill', { skillId: 'vip-desk' }),
  ], [e('t', 'vip'), e('vip', 'fast', 'true')]),
  switchToDelay: graph([
    n.trigger('t', 'message.created'), n.switch('sw', '{{case.status}}', [{ id: 'open', equals: 'OPEN' }]), n.delay('wait', '2h'),
  ], [e('t', 'sw'), e('sw', 'wait', 'open')]),
  conditionsAfterCondition: graph([
    n.trigger('t', 'message.created'), n.condition('c1', [p('message.text', 'contains', ['refund', 'reembolso'])]),
    n.condition('c2', [p('case.priority', 'less', 50), p('contact.name', 'starts_with', 'josé')]), n.action('a', 'send_message', { text: 'Hola {{contact.name}}' }),
  ], [e('t', 'c1'), e('c1', 'c2'), e('c2', 'a')]),
  invalidInput: graph([n.trigger('t', 'message.created'), n.action('reply', 'send_message', { text: '{{contact.email}}' })], [e('t', 'reply')]),
  unknownAction: graph([n.trigger('t', 'message.created'), n.action('x', 'teleport')], [e('t', 'x')]),
  badDelay: graph([n.trigger('t', 'message.created'), n.delay('d', 'soon')], [e('t', 'd')]),
  step: graph([n.trigger('t', 'message.created'), n.step('s', 'shop.lookup', { id: '{{case.id}}' })], [e('t', 's')]),
  noTrigger: graph([n.action('a', 'add_tag', { tag: 'x' })], []),
  cycleAndFanOut: graph([
    n.trigger('t', 'message.created'), n.condition('c1', [p('message.text', 'contains', 'nothing here')]), n.condition('c2', []),
    n.branch('b', [p('case.status', 'equals', 'closed')]), n.action('a', 'add_tag', { tag: 'x' }),
  ], [e('t', 'c1'), e('t', 'c2'), e('c2', 'c2'), e('c2', 'b'), e('b', 'c1', 'false'), e('b', 'a', 'true'), e('c2', 'ghost')]),
};

const contexts: Record<string, RunContext> = {
  refund: inbound('Quiero un REEMBOLSÓ, por favor'),
  other: inbound('consulta general'),
  outbound,
  noCase: ctxFor(messageEvent({ case: undefined })),
  noEmail: ctxFor(messageEvent({ contact: { id: 'c', name: 'Ana', email: null, phone: null, customFields: {} } })),
  plainTags: ctxFor(messageEvent({ case: caseSnapshot({ tags: [], priority: 80, status: 'closed' }) })),
  otherType: ctxFor(eventOf('case.status_changed', { change: { from: 'open', to: 'resolved' } })),
};

describe('wouldAct, the dispatcher\'s pre-check', () => {
  it('answers exactly as the first advance() of a fresh run, for every graph and event', () => {
    let acts = 0;
    for (const [name, g] of Object.entries(graphs)) {
      for (const [event, ctx] of Object.entries(contexts)) {
        for (const opts of [undefined, { steps }]) {
          const expected = firstInstructionActs(g, ctx, opts);
          expect(wouldAct(g, ctx, opts), `${name} × ${event}${opts ? ' with steps' : ''}`).toBe(expected);
          if (expected) acts++;
        }
      }
    }
    expect(acts).toBeGreaterThan(10); // both answers are exercised
  });

  it('says yes to the refund rule for a refund message only', () => {
    expect(wouldAct(graphs.refund, contexts.refund)).toBe(true);
    expect(wouldAct(graphs.refund, contexts.other)).toBe(false);
    expect(wouldAct(graphs.refund, contexts.outbound)).toBe(false);
  });

  it('checks the first action\'s input and custom steps as a run would', () => {
    expect(wouldAct(graphs.invalidInput, contexts.noEmail)).toBe(false);
    expect(wouldAct(graphs.invalidInput, contexts.refund)).toBe(true);
    expect(wouldAct(graphs.step, contexts.refund, { steps })).toBe(true);
    expect(wouldAct(graphs.step, contexts.noCase, { steps })).toBe(false);
  });

  it('gives the same answers however often and in whatever order it is asked', () => {
    const ask = () => Object.values(graphs).flatMap((g) => Object.values(contexts).map((ctx) => wouldAct(g, ctx)));
    const first = ask();
    expect(ask()).toEqual(first);
    expect(Object.values(graphs).reverse().flatMap((g) => Object.values(contexts).map((ctx) => wouldAct(g, ctx))))
      .toEqual(Object.values(graphs).reverse().flatMap((g) => Object.values(contexts).map((ctx) => firstInstructionActs(g, ctx))));
  });

  it('throws where a run would throw (the dispatcher then skips the rule)', () => {
    const broken = { nodes: [n.trigger('t', 'message.created'), { id: 'c', kind: 'condition', all: [null], position: { x: 0, y: 0 } }], edges: [e('t', 'c')] } as unknown as RuleGraph;
    expect(() => firstInstructionActs(broken, contexts.refund)).toThrow();
    expect(() => wouldAct(broken, contexts.refund)).toThrow();
  });
});

describe('compiled condition lists', () => {
  it('hold exactly when evaluateAll passes', () => {
    const lists = [
      [p('message.text', 'contains', 'reembolso')],
      [p('message.text', 'contains', 'reembolso', { ignoreAccents: false })],
      [p('case.tags', 'not_contains', 'vip'), p('case.priority', 'less', 50)],
      [p('case.status', 'in', 'open, pending'), p('contact.name', 'equals', '{{contact.name}}')],
      [p('case.customFields.plan', 'equals', 'GOLD'), p('case.statusAge', 'greater', '1h')],
      [p('nope.field', 'equals', 'x')],
      [],
    ];
    for (const preds of lists) {
      for (const ctx of Object.values(contexts)) {
        expect(conditionsHold(compileConditions(preds), ctx, 'n1')).toBe(evaluateAll(preds, ctx, 'n1').pass);
      }
    }
  });
});

describe('text normalisation memo', () => {
  it('gives the same result whatever was normalised before, for every option set', () => {
    const texts = ['Quiero un REEMBOLSÓ', 'consulta   general', 'Ñandú', 'Quiero un REEMBOLSÓ'];
    const optionSets = [{}, { ignoreCase: false }, { ignoreAccents: false }, { ignoreCase: false, ignoreAccents: false }];
    const expected = new Map<string, string>([
      ['{}|Quiero un REEMBOLSÓ', 'quiero un reembolso'], ['{"ignoreCase":false}|Quiero un REEMBOLSÓ', 'Quiero un REEMBOLSO'],
      ['{"ignoreAccents":false}|Quiero un REEMBOLSÓ', 'quiero un reembolsó'], ['{"ignoreCase":false,"ignoreAccents":false}|Quiero un REEMBOLSÓ', 'Quiero un REEMBOLSÓ'],
      ['{}|consulta   general', 'consulta general'], ['{}|Ñandú', 'nandu'], ['{"ignoreCase":false}|Ñandú', 'Nandu'],
    ]);
    for (let round = 0; round < 3; round++) {
      for (const text of texts) {
        for (const opts of optionSets) {
          const want = expected.get(`${JSON.stringify(opts)}|${text}`);
          if (want !== undefined) expect(normalizeText(text, opts)).toBe(want);
          expect(textContains(text, 'reembolso', opts)).toBe(normalizeText(text, opts).includes(normalizeText('reembolso', opts)));
        }
      }
    }
  });
});
