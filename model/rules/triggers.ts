// The trigger catalogue: what each event is, the configuration it takes (checked at save) and the
// variables it provides to downstream nodes.
import { z } from 'zod';
import type { TriggerType } from './trigger-types';
import { ALWAYS_VARIABLES, CASE_VARIABLES, MESSAGE_VARIABLES, variable as v, type VariableSpec } from './variables-spec';

const CASE_STATUSES = ['new', 'open', 'pending', 'escalated', 'resolved', 'closed'] as const;

/** Optional filter every case trigger takes: only these channels (ids). Indexed for candidate selection. */
const channelFilter = { channelIds: z.array(z.string().min(1)).max(100).optional().describe('Only these channels (empty: all)') };

export interface TriggerSpec {
  type: TriggerType;
  title: string;
  description: string;
  config: z.ZodType<Record<string, unknown>>;
  variables: VariableSpec[];
}

const spec = (type: TriggerType, title: string, description: string, config: z.ZodObject, variables: VariableSpec[]): TriggerSpec =>
  ({ type, title, description, config: config as unknown as z.ZodType<Record<string, unknown>>, variables: [...ALWAYS_VARIABLES, ...variables] });

/** What a payment trigger carries (trigger.payload.*): the payment request's facts. */
const PAYMENT_VARIABLES: VariableSpec[] = [
  v('trigger.payload.paymentId', 'string', 'The payment request'),
  v('trigger.payload.amount', 'number', 'Amount in the smallest currency unit'),
  v('trigger.payload.currency', 'string', 'Currency (ISO 4217, lower case)'),
  v('trigger.payload.amountFormatted', 'string', 'Amount as shown, e.g. €12.50'),
  v('trigger.payload.description', 'string', 'What the payment is for'),
];

/**
 * What a visitor trigger carries (trigger.payload.*). The case variables are there too: when the
 * visitor has an open web chat case the event carries it and case actions apply; without one they
 * fail the run with "needs a case" (check `case.status` is present first to skip such visitors).
 */
const VISITOR_VARIABLES: VariableSpec[] = [
  v('trigger.payload.siteId', 'string', 'The website'),
  v('trigger.payload.visitorId', 'string', 'The visitor (the snippet\'s id; the web chat contact\'s external id)'),
  v('trigger.payload.url', 'string', 'The page the visitor was on'),
  v('trigger.payload.tags', 'array', 'The visitor\'s tags (set by Guide rules)'),
];
const ELEMENT_VARIABLES: VariableSpec[] = [
  v('trigger.payload.element.id', 'string', 'The mapped element'),
  v('trigger.payload.element.name', 'string', 'The mapped element\'s name, e.g. Checkout button'),
  v('trigger.payload.interaction', 'string', 'click, hover, visible or abandoned'),
  v('trigger.payload.ms', 'number', 'Hover and visible: how long it lasted (ms)'),
  v('trigger.payload.countInLast', 'object', 'The visitor\'s interactions of this kind with this element in the last N minutes, this one included (countInLast.<N>, N = 1, 2, 5, 10, 15, 30, 60)'),
];
export const VISITOR_INTERACTIONS = ['click', 'hover', 'visible', 'abandoned'] as const;
const visitorTrigger = (config: z.ZodRawShape = {}) => z.object(config);

/** A JSON Schema (object) an API-triggered event's payload must match; kept small and checked at save. */
export const PayloadSchemaSchema = z.record(z.string(), z.unknown()).describe('JSON Schema of the payload');

export const TRIGGERS: Record<TriggerType, TriggerSpec> = {
  'case.created': spec('case.created', 'Case created', 'A new case opens (the first message of a conversation, or after the last case closed).',
    z.object(channelFilter), [...CASE_VARIABLES, ...MESSAGE_VARIABLES]),
  'message.created': spec('message.created', 'Message received or sent', 'A message is added to a case: from the customer (inbound) or to the customer (outbound).',
    z.object({ ...channelFilter, direction: z.enum(['in', 'out', 'any']).default('in').describe('Inbound, outbound or any') }),
    [...CASE_VARIABLES, ...MESSAGE_VARIABLES]),
  'case.status_changed': spec('case.status_changed', 'Case status changed', 'The case moves from one status to another.',
    z.object({ ...channelFilter, to: z.array(z.enum(CASE_STATUSES)).max(6).optional().describe('Only when the new status is one of these') }),
    [...CASE_VARIABLES, v('trigger.change.from', 'string', 'Status before'), v('trigger.change.to', 'string', 'Status after')]),
  'case.before_close': spec('case.before_close', 'Before case closed', 'A case was resolved and will close itself unless the customer writes again: the last moment to reach the customer (a survey, a summary).',
    z.object(channelFilter), CASE_VARIABLES),
  'case.assignee_changed': spec('case.assignee_changed', 'Assignee changed', 'The case is assigned to another agent or unassigned.',
    z.object(channelFilter), [...CASE_VARIABLES, v('trigger.change.from', 'string', 'Agent before'), v('trigger.change.to', 'string', 'Agent after')]),
  'case.skill_changed': spec('case.skill_changed', 'Skill changed', 'The case is routed to another skill.',
    z.object(channelFilter), [...CASE_VARIABLES, v('trigger.change.from', 'string', 'Skill before'), v('trigger.change.to', 'string', 'Skill after')]),
  'message.answer_received': spec('message.answer_received', 'Answer received', 'The customer tapped or typed an option of buttons, quick replies, a list or a time picker.',
    z.object(channelFilter), [...CASE_VARIABLES, ...MESSAGE_VARIABLES,
      v('trigger.message.answer.optionId', 'string', 'The chosen option\'s id'), v('trigger.message.answer.title', 'string', 'The chosen option\'s title')]),
  'message.delivery_failed': spec('message.delivery_failed', 'Delivery failed', 'A message to the customer could not be delivered (the channel refused it or reported a failure).',
    z.object(channelFilter), [...CASE_VARIABLES, ...MESSAGE_VARIABLES, v('trigger.message.deliveryError', 'string', 'Why delivery failed')]),
  'api.event': spec('api.event', 'Triggered by API', 'POST /api/v1/rules/events/{key} with a JSON payload matching the declared schema.',
    z.object({
      key: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: 'Key: 1–64 lowercase letters, digits, . _ -' }).describe('The {key} in the URL'),
      payloadSchema: PayloadSchemaSchema.optional(),
    }),
    [v('trigger.key', 'string', 'The event key'), v('trigger.payload', 'object', 'The JSON payload (trigger.payload.<field>)')]),
  schedule: spec('schedule', 'Schedule', 'On a cron schedule in a time zone (a Temporal Schedule).',
    z.object({
      cron: z.string().regex(/^(\S+\s+){4}\S+$/, { message: 'Cron has five fields: minute hour day-of-month month day-of-week' }).describe('e.g. 0 9 * * 1-5'),
      timeZone: z.string().min(1).default('UTC').describe('IANA time zone, e.g. Europe/Madrid'),
    }),
    [v('trigger.scheduledFor', 'number', 'When the schedule was due (ms)')]),
  'payment.succeeded': spec('payment.succeeded', 'Payment succeeded', 'A payment requested in the case was paid (Stripe Checkout).',
    z.object(channelFilter), [...CASE_VARIABLES, ...PAYMENT_VARIABLES]),
  'payment.failed': spec('payment.failed', 'Payment failed', 'A payment requested in the case failed (declined, the link could not be sent, or Stripe refused the request).',
    z.object(channelFilter), [...CASE_VARIABLES, ...PAYMENT_VARIABLES, v('trigger.payload.failureReason', 'string', 'Why it failed')]),
  'payment.expired': spec('payment.expired', 'Payment link expired', 'A payment link sent in the case expired unpaid.',
    z.object(channelFilter), [...CASE_VARIABLES, ...PAYMENT_VARIABLES]),
  'visitor.page_view': spec('visitor.page_view', 'Visitor page view', 'A visitor opens a page of a website with the Parley snippet.',
    visitorTrigger(), [...CASE_VARIABLES, ...VISITOR_VARIABLES, v('trigger.payload.title', 'string', 'The page title')]),
  'visitor.element': spec('visitor.element', 'Mapped element interacted', 'A visitor clicks, hovers (800 ms), sees (1 s) or abandons (a form field left unchanged) an element mapped with the Engagement Mapper.',
    visitorTrigger({
      element: z.string().max(64).optional().describe('The mapped element (its id; empty: any)'),
      interaction: z.enum([...VISITOR_INTERACTIONS, 'any']).default('any').describe('Click, hover, visible, abandoned or any'),
    }), [...CASE_VARIABLES, ...VISITOR_VARIABLES, ...ELEMENT_VARIABLES]),
  'visitor.offer': spec('visitor.offer', 'Offer shown or clicked', 'A Guide rule\'s proactive offer is shown to a visitor, clicked or dismissed.',
    visitorTrigger({ outcome: z.enum(['shown', 'clicked', 'dismissed', 'any']).default('any').describe('Shown, clicked, dismissed or any') }),
    [...CASE_VARIABLES, ...VISITOR_VARIABLES, v('trigger.payload.offer.ruleId', 'string', 'The Guide rule'), v('trigger.payload.offer.offerId', 'string', 'The offer'), v('trigger.payload.offer.outcome', 'string', 'shown, clicked or dismissed')]),
  'visitor.chat_opened': spec('visitor.chat_opened', 'Chat window opened', 'A visitor opens the web chat window.',
    visitorTrigger(), [...CASE_VARIABLES, ...VISITOR_VARIABLES]),
  'visitor.custom': spec('visitor.custom', 'Custom visitor event', 'The site calls Parley.track(name, data).',
    visitorTrigger({ name: z.string().max(64).optional().describe('Only this event name (empty: any)') }),
    [...CASE_VARIABLES, ...VISITOR_VARIABLES, v('trigger.payload.name', 'string', 'The event name'), v('trigger.payload.data', 'object', 'The event\'s data (trigger.payload.data.<field>)')]),
};
