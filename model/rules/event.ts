// What a rule sees: the triggering event and a snapshot of the case, contact and channel it is
// about, taken when the run starts (and re-read after each delay). Plain JSON: it travels in the
// rule-run workflow's input and is stored with the recorded event for dry-run and replay.
import type { TriggerType } from './trigger-types';

export interface CaseSnapshot {
  id: string;
  status: 'new' | 'open' | 'pending' | 'escalated' | 'resolved' | 'closed';
  priority: number;
  tags: string[];
  skillId: string | null;
  assigneeId: string | null;
  customFields: Record<string, unknown>;
  channelId: string;
  contactId: string;
  threadId: string;
  createdAt: number;
  statusUpdatedAt: number;
  lastInboundAt: number | null;
  lastOutboundAt: number | null;
}

export interface ContactSnapshot {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  customFields: Record<string, unknown>;
}

export interface ChannelSnapshot {
  id: string;
  type: string;
  name: string;
}

export interface MessageSnapshot {
  id: string;
  direction: 'in' | 'out';
  authorType: 'customer' | 'agent' | 'system';
  text: string;
  tags: string[];
  /** The option a customer chose (tap or typed), as recorded by ingest (content.answer). */
  answer?: { optionId: string; title?: string; [k: string]: unknown } | null;
  deliveryStatus?: string;
  deliveryError?: string | null;
}

/** Who caused an event: a person, the customer, the system, or a rule run (loop bounds use the chain). */
export interface EventOrigin {
  /** Rules whose runs led to this event, oldest first. */
  ruleIds: string[];
  /** How many rule runs deep this event is (0 = not caused by a rule). */
  depth: number;
}

export interface RuleEvent {
  /** The recorded event's id (`evt_…`); a rule run's workflow id derives from it and the rule. */
  id: string;
  type: TriggerType;
  accountId: string;
  occurredAt: number;
  channel?: ChannelSnapshot;
  case?: CaseSnapshot;
  contact?: ContactSnapshot;
  message?: MessageSnapshot;
  /** Status, assignee or skill change: the value before and after. */
  change?: { from: string | null; to: string | null };
  /** API-triggered events: the key in the URL and the JSON body. */
  key?: string;
  payload?: unknown;
  /** Schedules: the rule the schedule belongs to and the time it was due. */
  ruleId?: string;
  scheduledFor?: number;
  origin?: EventOrigin;
}

/**
 * The variables a template can use: `{{trigger.message.text}}`, `{{case.id}}`, `{{contact.name}}`,
 * `{{channel.type}}`, `{{steps.<nodeId>.output.<field>}}`, `{{now}}`.
 */
export interface RunContext {
  trigger: RuleEvent;
  case: CaseSnapshot | null;
  contact: ContactSnapshot | null;
  channel: ChannelSnapshot | null;
  steps: Record<string, { output: unknown }>;
  /** The run's current time (ms): the event time at start, the timer's end after a delay. */
  now: number;
  /** Account settings the interpreter needs (business hours). */
  account: AccountRuleSettings;
}

export interface BusinessHours {
  /** IANA time zone, e.g. Europe/Madrid. */
  timeZone: string;
  /** Per weekday (mon..sun), intervals as `HH:MM-HH:MM`; a missing day is closed. */
  weekly: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', string[]>>;
  /** Closed all day, as `YYYY-MM-DD` in the calendar's time zone. */
  holidays: string[];
}

export interface AccountRuleSettings {
  businessHours: BusinessHours | null;
}
