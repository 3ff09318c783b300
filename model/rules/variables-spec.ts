// How triggers and steps declare the variables they provide, so the validator can refuse an
// unknown `{{…}}` at save time and the editor can offer the known ones as you type.
export interface VariableSpec {
  /** Dotted path under the run context, e.g. `trigger.message.text`, `case.tags`. */
  path: string;
  type: 'string' | 'number' | 'boolean' | 'array' | 'object' | 'unknown';
  description: string;
}

const v = (path: string, type: VariableSpec['type'], description: string): VariableSpec => ({ path, type, description });

/** Present in every run whose event concerns a case. */
export const CASE_VARIABLES: VariableSpec[] = [
  v('case.id', 'string', 'Case id'),
  v('case.status', 'string', 'Case status (new, open, pending, escalated, resolved, closed)'),
  v('case.priority', 'number', 'Case priority'),
  v('case.tags', 'array', 'Case tags'),
  v('case.skillId', 'string', 'Skill the case is routed to'),
  v('case.assigneeId', 'string', 'Assigned agent'),
  v('case.customFields', 'object', 'Case custom fields (case.customFields.<key>)'),
  v('case.createdAt', 'number', 'When the case was created (ms)'),
  v('case.statusUpdatedAt', 'number', 'When the status last changed (ms)'),
  v('contact.id', 'string', 'Contact id'),
  v('contact.name', 'string', 'Contact name'),
  v('contact.email', 'string', 'Contact email'),
  v('contact.phone', 'string', 'Contact phone'),
  v('contact.customFields', 'object', 'Contact attributes (contact.customFields.<key>)'),
  v('channel.id', 'string', 'Channel id'),
  v('channel.type', 'string', 'Channel type, e.g. whatsapp'),
  v('channel.name', 'string', 'Channel name'),
];

export const MESSAGE_VARIABLES: VariableSpec[] = [
  v('trigger.message.id', 'string', 'Message id'),
  v('trigger.message.text', 'string', 'Message text'),
  v('trigger.message.direction', 'string', '`in` (customer) or `out` (agent, system)'),
  v('trigger.message.authorType', 'string', 'customer, agent or system'),
];

export const ALWAYS_VARIABLES: VariableSpec[] = [
  v('trigger.id', 'string', 'Event id'),
  v('trigger.type', 'string', 'Event type'),
  v('trigger.occurredAt', 'number', 'When the event happened (ms)'),
  v('now', 'number', 'The current time in the run (ms)'),
];

export { v as variable };
