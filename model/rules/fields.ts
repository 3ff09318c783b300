// The condition field catalogue, as data: what a predicate can test, its type, the operators that
// make sense for it and (for fixed sets) its values. The editor's condition builder draws its
// menus from it; the validator refuses what it does not list; conditions.ts evaluates it.
import type { Operator } from './predicate';

export type FieldType =
  | 'text' | 'id' | 'enum' | 'number' | 'list' | 'duration' | 'date' | 'boolean'
  | 'percent' | 'calendar' | 'answer' | 'any';

export interface ConditionField {
  /** What a predicate's `field` holds; `*` stands for a key the admin types (see `wildcard`). */
  id: string;
  title: string;
  description: string;
  group: 'Channel' | 'Message' | 'Case' | 'Contact' | 'Event' | 'Visitor' | 'Time' | 'Steps';
  type: FieldType;
  operators: readonly Operator[];
  /** Fixed values (enum fields). */
  values?: readonly string[];
  /** The run-context path read (as in templates), `*` replaced by the key; absent for computed fields. */
  source?: string;
  /** The variable that must be available at the node for the field to mean anything (default: `source`). */
  needs?: string;
  /** What `*` accepts: one key (letters, digits, _) or a dotted path of them. */
  wildcard?: 'key' | 'path' | 'step';
}

export const CASE_STATUS_VALUES = ['new', 'open', 'pending', 'escalated', 'resolved', 'closed'] as const;

const TEXT: Operator[] = ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'matches', 'in', 'not_in', 'present', 'absent'];
const ID: Operator[] = ['equals', 'not_equals', 'in', 'not_in', 'present', 'absent'];
const ENUM: Operator[] = ['equals', 'not_equals', 'in', 'not_in'];
const LIST: Operator[] = ['contains', 'not_contains', 'present', 'absent'];
const NUMBER: Operator[] = ['equals', 'not_equals', 'greater', 'less'];
const DATE: Operator[] = ['before', 'after', 'present', 'absent'];
const ANY: Operator[] = ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'matches', 'greater', 'less', 'before', 'after', 'in', 'not_in', 'present', 'absent'];

type Def = Omit<ConditionField, 'id' | 'title' | 'description' | 'group'>;
const f = (id: string, group: ConditionField['group'], title: string, description: string, def: Def): ConditionField =>
  ({ id, group, title, description, ...def });

export const CONDITION_FIELDS: readonly ConditionField[] = [
  f('channel.type', 'Channel', 'Channel type', 'The kind of channel, e.g. whatsapp, email, webchat.', { type: 'text', operators: ['equals', 'not_equals', 'in', 'not_in'], source: 'channel.type' }),
  f('channel.id', 'Channel', 'Channel', 'One channel of the account, by id.', { type: 'id', operators: ID, source: 'channel.id' }),

  f('message.direction', 'Message', 'Direction', '`in`: from the customer; `out`: to the customer.', { type: 'enum', operators: ENUM, values: ['in', 'out'], source: 'trigger.message.direction' }),
  f('message.authorType', 'Message', 'Author', 'Who wrote the message: the customer, an agent or the system.', { type: 'enum', operators: ENUM, values: ['customer', 'agent', 'system'], source: 'trigger.message.authorType' }),
  f('message.text', 'Message', 'Message text', 'The text of the message that triggered the rule. Contains looks for whole words unless set to substring; case and accents are ignored by default.', { type: 'text', operators: TEXT, source: 'trigger.message.text' }),
  f('message.tags', 'Message', 'Message tags', 'Tags on the triggering message.', { type: 'list', operators: LIST, source: 'trigger.message.tags', needs: 'trigger.message.id' }),
  f('answer', 'Message', 'Answer', 'The option the customer chose (buttons, quick replies, list, time picker), by option id or title.', { type: 'answer', operators: ['equals', 'not_equals'], needs: 'trigger.message.id' }),

  f('case.status', 'Case', 'Case status', 'The case\'s current status.', { type: 'enum', operators: ENUM, values: CASE_STATUS_VALUES, source: 'case.status' }),
  f('case.priority', 'Case', 'Priority', 'The case priority (0–100, higher is more urgent).', { type: 'number', operators: NUMBER, source: 'case.priority' }),
  f('case.tags', 'Case', 'Case tags', 'Tags on the case.', { type: 'list', operators: LIST, source: 'case.tags' }),
  f('case.skillId', 'Case', 'Skill', 'The skill the case is routed to.', { type: 'id', operators: ID, source: 'case.skillId' }),
  f('case.assigneeId', 'Case', 'Assigned agent', 'The agent the case is assigned to.', { type: 'id', operators: ID, source: 'case.assigneeId' }),
  f('case.customFields.*', 'Case', 'Case field', 'A custom field of the case, by key.', { type: 'any', operators: ANY, source: 'case.customFields.*', wildcard: 'key' }),
  f('case.statusAge', 'Case', 'Time since last status update', 'How long the case has been in its current status, e.g. greater than 2h ("older than").', { type: 'duration', operators: ['greater', 'less'], needs: 'case.statusUpdatedAt' }),
  f('case.awaitingReply', 'Case', 'Waiting for a reply', 'True when the customer wrote last: nothing was sent to them since their last message.', { type: 'boolean', operators: ['equals', 'not_equals'], needs: 'case.id' }),
  f('case.createdAt', 'Case', 'Case created', 'When the case was created.', { type: 'date', operators: DATE, source: 'case.createdAt' }),
  f('case.lastInboundAt', 'Case', 'Last message from the customer', 'When the customer last wrote.', { type: 'date', operators: DATE, source: 'case.lastInboundAt', needs: 'case.id' }),
  f('case.lastOutboundAt', 'Case', 'Last message to the customer', 'When the customer was last written to.', { type: 'date', operators: DATE, source: 'case.lastOutboundAt', needs: 'case.id' }),

  f('contact.name', 'Contact', 'Contact name', 'The contact\'s name.', { type: 'text', operators: TEXT, source: 'contact.name' }),
  f('contact.email', 'Contact', 'Contact email', 'The contact\'s email address.', { type: 'text', operators: TEXT, source: 'contact.email' }),
  f('contact.phone', 'Contact', 'Contact phone', 'The contact\'s phone number.', { type: 'text', operators: TEXT, source: 'contact.phone' }),
  f('contact.customFields.*', 'Contact', 'Contact attribute', 'A custom field (attribute) of the contact, by key.', { type: 'any', operators: ANY, source: 'contact.customFields.*', wildcard: 'key' }),

  f('trigger.payload.*', 'Event', 'Payload field', 'A field of an API-triggered event\'s JSON payload (dotted path for nested fields).', { type: 'any', operators: ANY, source: 'trigger.payload.*', wildcard: 'path' }),
  f('trigger.change.from', 'Event', 'Changed from', 'The status, agent or skill before the change.', { type: 'id', operators: ID, source: 'trigger.change.from' }),
  f('trigger.change.to', 'Event', 'Changed to', 'The status, agent or skill after the change.', { type: 'id', operators: ID, source: 'trigger.change.to' }),

  f('visitor.elementName', 'Visitor', 'Element name', 'The name of the mapped element the visitor interacted with, e.g. Checkout button.', { type: 'text', operators: TEXT, source: 'trigger.payload.element.name' }),
  f('visitor.interaction', 'Visitor', 'Interaction', 'What the visitor did with the mapped element.', { type: 'enum', operators: ENUM, values: ['click', 'hover', 'visible', 'abandoned'], source: 'trigger.payload.interaction' }),
  f('visitor.countInLast.*', 'Visitor', 'Interactions in the last N minutes', 'How many times this visitor did this with this element in the last N minutes, this time included. Key: N = 1, 2, 5, 10, 15, 30 or 60.', { type: 'number', operators: NUMBER, source: 'trigger.payload.countInLast.*', wildcard: 'key' }),
  f('visitor.pageUrl', 'Visitor', 'Page URL', 'The page the visitor was on.', { type: 'text', operators: TEXT, source: 'trigger.payload.url' }),
  f('visitor.tags', 'Visitor', 'Visitor tags', 'The visitor\'s tags (set by Guide rules on the site).', { type: 'list', operators: LIST, source: 'trigger.payload.tags' }),

  f('businessHours', 'Time', 'Business hours', 'Whether the run\'s current time is inside or outside the account\'s business hours (time zone, weekly hours, holidays). Without a calendar, always inside.', { type: 'calendar', operators: ['inside', 'outside'] }),
  f('probability', 'Time', 'Probability', 'Run for N % of events (0–100). Decided from the event and the node, so a replay and a dry-run of the same event agree with the real run.', { type: 'percent', operators: ['less'] }),

  f('steps.*', 'Steps', 'Step output', 'An output of an earlier action or custom step: steps.<nodeId>.output.<field>.', { type: 'any', operators: ANY, source: 'steps.*', wildcard: 'step' }),
];

const BY_ID = new Map(CONDITION_FIELDS.filter((x) => !x.wildcard).map((x) => [x.id, x]));
const WILDCARDS = CONDITION_FIELDS.filter((x) => x.wildcard).map((x) => ({ field: x, prefix: x.id.slice(0, -1) }));

const KEY_PATTERNS = {
  key: /^[A-Za-z0-9_]+$/,
  path: /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/,
  step: /^[A-Za-z][A-Za-z0-9_-]*\.output(\.[A-Za-z0-9_]+)*$/,
} as const;

export interface ResolvedField {
  field: ConditionField;
  /** What the `*` stood for, or null. */
  key: string | null;
  /** The run-context path to read, or null for computed fields. */
  source: string | null;
  /** The variable the field depends on, or null. */
  needs: string | null;
}

/** The catalogue entry for a predicate's field (`case.customFields.plan` → `case.customFields.*`), or null. */
export function findField(id: string): ResolvedField | null {
  const exact = BY_ID.get(id);
  if (exact) return { field: exact, key: null, source: exact.source ?? null, needs: exact.needs ?? exact.source ?? null };
  for (const { field, prefix } of WILDCARDS) {
    if (!id.startsWith(prefix)) continue;
    const key = id.slice(prefix.length);
    if (!KEY_PATTERNS[field.wildcard!].test(key)) continue;
    const source = field.source!.replace('*', key);
    return { field, key, source, needs: field.needs ? field.needs.replace('*', key) : source };
  }
  return null;
}

/** Operators that take no value. */
export const VALUELESS_OPERATORS: readonly Operator[] = ['present', 'absent', 'inside', 'outside'];
