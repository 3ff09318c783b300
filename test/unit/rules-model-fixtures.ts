// Shared builders for the rule-model unit tests (rules-model-*.test.ts): events, run contexts and
// small graphs, written out plainly so each test reads as the rule an admin would draw.
import type { AccountRuleSettings, CaseSnapshot, RuleEvent, RunContext } from '../../model/rules/event';
import type { RuleEdge, RuleGraph, RuleNode } from '../../model/rules/graph';
import type { Predicate } from '../../model/rules/predicate';
import { buildRunContext } from '../../model/rules/context';
import type { TriggerType } from '../../model/rules/trigger-types';

/** 2026-03-02T10:00:00Z, a Monday. */
export const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
export const HOUR = 3_600_000;

export function caseSnapshot(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    id: 'case_1', status: 'open', priority: 10, tags: ['vip'], skillId: 'billing', assigneeId: null,
    customFields: { plan: 'gold', seats: 12, renewal: '2026-06-01', active: true },
    channelId: 'ch_wa', contactId: 'ct_1', threadId: 'th_1',
    createdAt: T0 - 48 * HOUR, statusUpdatedAt: T0 - 3 * HOUR, lastInboundAt: T0, lastOutboundAt: T0 - HOUR,
    ...overrides,
  };
}

export function messageEvent(overrides: Partial<RuleEvent> = {}): RuleEvent {
  return {
    id: 'evt_1', type: 'message.created', accountId: 'acc_1', occurredAt: T0,
    channel: { id: 'ch_wa', type: 'whatsapp', name: 'WhatsApp' },
    case: caseSnapshot(),
    contact: { id: 'ct_1', name: 'José Núñez', email: 'jose@example.com', phone: '+34600000000', customFields: { tier: 'premium', orders: 3 } },
    message: { id: 'msg_1', direction: 'in', authorType: 'customer', text: 'Hola, quiero un Reembolsó de mi pedido', tags: ['first'] },
    ...overrides,
  };
}

export const eventOf = (type: TriggerType, overrides: Partial<RuleEvent> = {}): RuleEvent => messageEvent({ type, ...overrides });

export const NO_CALENDAR: AccountRuleSettings = { businessHours: null };

export function ctxFor(event: RuleEvent = messageEvent(), account: AccountRuleSettings = NO_CALENDAR, now?: number): RunContext {
  return buildRunContext(event, account, now);
}

export const p = (field: string, op: Predicate['op'], value?: Predicate['value'], extra: Partial<Predicate> = {}): Predicate =>
  ({ field, op, ...(value === undefined ? {} : { value }), ...extra });

const at = { position: { x: 0, y: 0 } };
export const n = {
  trigger: (id: string, trigger: TriggerType, config: Record<string, unknown> = {}): RuleNode => ({ id, kind: 'trigger', trigger, config, ...at }),
  condition: (id: string, all: Predicate[]): RuleNode => ({ id, kind: 'condition', all, ...at }),
  branch: (id: string, all: Predicate[]): RuleNode => ({ id, kind: 'branch', all, ...at }),
  switch: (id: string, value: string, cases: { id: string; equals: string; label?: string }[], ignoreCase = true): RuleNode =>
    ({ id, kind: 'switch', value, cases, ignoreCase, ...at }),
  delay: (id: string, duration: string, recheck: Predicate[] = []): RuleNode => ({ id, kind: 'delay', duration, recheck, ...at }),
  action: (id: string, action: string, input: Record<string, unknown> = {}): RuleNode => ({ id, kind: 'action', action, input, ...at }),
  step: (id: string, step: string, input: Record<string, unknown> = {}): RuleNode => ({ id, kind: 'step', step, input, ...at }),
};

/** `e('a', 'b')`, `e('br', 'x', 'true')`. */
export const e = (source: string, target: string, sourceHandle?: string): RuleEdge =>
  ({ id: `${source}-${sourceHandle ?? 'next'}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });

export const graph = (nodes: RuleNode[], edges: RuleEdge[]): RuleGraph => ({ nodes, edges });

/** The rule from the issue: message received → contains "reembolso" → add tag + send quick replies. */
export function refundRule(): RuleGraph {
  return graph(
    [
      n.trigger('t', 'message.created', { direction: 'in' }),
      n.condition('c', [p('message.text', 'contains', 'reembolso')]),
      n.action('tag', 'add_tag', { tag: 'refund' }),
      n.action('reply', 'send_message', { text: 'Hola {{contact.name}}, ¿es sobre el pedido?', quickReplies: [{ title: 'Sí' }, { title: 'No' }] }),
    ],
    [e('t', 'c'), e('c', 'tag'), e('c', 'reply')],
  );
}
