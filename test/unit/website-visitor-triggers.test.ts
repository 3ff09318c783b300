// Visitor triggers in the rule model: the five triggers are in the catalogue with their
// variables; "mapped element interacted" filters on the element and the interaction; the Visitor
// condition fields read the element's name, the interaction, the page, the visitor's tags and the
// count in the last N minutes; a case action validates (it applies when the visitor has a case)
// and fails the run with a clear reason when the event has none.
import { describe, expect, it } from 'vitest';
import { dryRun, matchTrigger, TRIGGERS, validateGraph, type RuleEvent, type RunContext, type TriggerNode } from '../../model/rules';
import { chain } from '../support/rule-fixtures';

const event = (over: Partial<RuleEvent> = {}): RuleEvent => ({
  id: 'evt_1', type: 'visitor.element', accountId: 'acc', occurredAt: 1_000,
  payload: {
    siteId: 'site_1', visitorId: 'v_1', url: 'https://shop.example/shop/cafe', tags: ['vip'],
    element: { id: 'el_buy', name: 'Buy button' }, interaction: 'click', countInLast: { 1: 1, 2: 2, 5: 3, 10: 3, 15: 3, 30: 3, 60: 3 },
  },
  ...over,
});
const caseSnapshot = { id: 'case_1', status: 'open', priority: 0, tags: [], skillId: null, assigneeId: null, customFields: {}, channelId: 'ch_web', contactId: 'ct_1', threadId: 't', createdAt: 0, statusUpdatedAt: 0, lastInboundAt: null, lastOutboundAt: null } as const;
const ctx = (e: RuleEvent): RunContext => ({ trigger: e, case: e.case ?? null, contact: null, channel: null, steps: {}, now: e.occurredAt, account: { businessHours: null } });
const node = (type: TriggerNode['trigger'], config: Record<string, unknown>): TriggerNode => ({ id: 't', kind: 'trigger', trigger: type, config, position: { x: 0, y: 0 } });
const trigger = (config: Record<string, unknown>) => node('visitor.element', config);

describe('visitor triggers', () => {
  it('are in the catalogue with the visitor, element and case variables', () => {
    expect(['visitor.page_view', 'visitor.element', 'visitor.offer', 'visitor.chat_opened', 'visitor.custom'].every((t) => t in TRIGGERS)).toBe(true);
    const paths = TRIGGERS['visitor.element'].variables.map((v) => v.path);
    expect(paths).toEqual(expect.arrayContaining(['trigger.payload.element.name', 'trigger.payload.interaction', 'trigger.payload.countInLast', 'trigger.payload.tags', 'case.id']));
  });

  it('"mapped element interacted" reacts to its element and interaction only', () => {
    expect(matchTrigger(trigger({ element: 'el_buy', interaction: 'click' }), event()).match).toBe(true);
    expect(matchTrigger(trigger({}), event()).match).toBe(true);
    expect(matchTrigger(trigger({ element: 'el_other' }), event()).detail).toContain('element el_other');
    expect(matchTrigger(trigger({ interaction: 'hover' }), event()).detail).toContain('reacts to hover');
    const offer = node('visitor.offer', { outcome: 'clicked' });
    expect(matchTrigger(offer, event({ type: 'visitor.offer', payload: { offer: { outcome: 'shown' } } })).match).toBe(false);
    expect(matchTrigger(offer, event({ type: 'visitor.offer', payload: { offer: { outcome: 'clicked' } } })).match).toBe(true);
    const custom = node('visitor.custom', { name: 'cart.add' });
    expect(matchTrigger(custom, event({ type: 'visitor.custom', payload: { name: 'cart.add' } })).match).toBe(true);
    expect(matchTrigger(custom, event({ type: 'visitor.custom', payload: { name: 'cart.remove' } })).match).toBe(false);
  });

  const graph = (all: unknown[]) => chain({ trigger: 'visitor.element', config: { element: 'el_buy', interaction: 'click' } },
    { kind: 'condition', all }, { kind: 'action', action: 'add_tag', input: { tag: 'buy-intent' } });

  it('conditions on the element name, interaction, page, tags and the count in the last N minutes', () => {
    const rule = validateGraph(graph([
      { field: 'visitor.elementName', op: 'equals', value: 'Buy button' },
      { field: 'visitor.interaction', op: 'equals', value: 'click' },
      { field: 'visitor.pageUrl', op: 'contains', value: '/shop/', options: { match: 'substring' } },
      { field: 'visitor.tags', op: 'contains', value: 'vip' },
      { field: 'visitor.countInLast.2', op: 'greater', value: 1 },
    ]), {});
    expect(rule.ok).toBe(true);
    if (!rule.ok) return;
    const withCase = event({ case: caseSnapshot as unknown as RuleEvent['case'] });
    expect(dryRun(rule.graph, ctx(withCase))).toMatchObject({ outcome: 'completed', actions: [{ name: 'add_tag' }] });
    // One click in the last 2 minutes: not yet.
    const once = event({ case: caseSnapshot as unknown as RuleEvent['case'], payload: { ...(event().payload as object), countInLast: { 1: 1, 2: 1 } } });
    expect(dryRun(rule.graph, ctx(once)).outcome).toBe('no_match');
    // No web chat case for this visitor: the case action says why it cannot run.
    expect(dryRun(rule.graph, ctx(event())).error).toContain('needs a case');
  });

  it('refuses element conditions on a trigger without an element', () => {
    const result = validateGraph(chain({ trigger: 'visitor.page_view' }, { kind: 'condition', all: [{ field: 'visitor.elementName', op: 'equals', value: 'x' }] },
      { kind: 'action', action: 'add_tag', input: { tag: 't' } }), {});
    expect(result.ok).toBe(false);
  });
});
