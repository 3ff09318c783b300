// Whether a trigger node reacts to an event: the same event type, then the trigger's filters
// (channels; message direction; the new status; the API event key). Config defaults apply as in
// TRIGGERS (a message trigger without a direction reacts to inbound messages).
import type { RuleEvent } from './event';
import type { TriggerNode } from './graph';
import type { TriggerType } from './trigger-types';

export interface TriggerMatch {
  match: boolean;
  /** Why not, for the dry-run (or what matched). */
  detail: string;
}

/** A trigger's filters read out of its config once, with the defaults applied. */
export interface TriggerFilter {
  type: TriggerType;
  /** The channels it is limited to; null = any. */
  channelIds: string[] | null;
  /** message.created: `in`, `out` or `any`. */
  direction: string;
  /** case.status_changed: the new statuses it reacts to; null = any. */
  to: string[] | null;
  /** api.event: the key. */
  key: unknown;
  /** Visitor triggers: the element, interaction, offer outcome or custom event name asked for (null = any). */
  visitor: { element: string | null; interaction: string | null; outcome: string | null; name: string | null };
}

const anyOrValue = (value: unknown): string | null => (typeof value === 'string' && value !== '' && value !== 'any' ? value : null);
const payloadOf = (event: RuleEvent): Record<string, unknown> => (event.payload && typeof event.payload === 'object' ? event.payload as Record<string, unknown> : {});

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const listOrNull = (value: unknown): string[] | null => {
  const list = stringList(value);
  return list.length > 0 ? list : null;
};

export function triggerFilter(node: TriggerNode): TriggerFilter {
  const config = node.config ?? {};
  return {
    type: node.trigger,
    channelIds: listOrNull(config.channelIds),
    direction: typeof config.direction === 'string' ? config.direction : 'in',
    to: listOrNull(config.to),
    key: config.key,
    visitor: { element: anyOrValue(config.element), interaction: anyOrValue(config.interaction), outcome: anyOrValue(config.outcome), name: anyOrValue(config.name) },
  };
}

/**
 * Why the trigger ignores the event, or null when it reacts. With `explain` false the reason is
 * '' (nothing is formatted): the dispatcher's pre-check only needs the yes / no.
 */
function whyNot(f: TriggerFilter, event: RuleEvent, explain: boolean): string | null {
  if (f.type !== event.type) return explain ? `The rule reacts to ${f.type}; this event is ${event.type}` : '';
  if (f.channelIds !== null && !(event.channel && f.channelIds.includes(event.channel.id))) {
    return explain ? `Channel ${event.channel?.id ?? '(none)'} is not one of ${f.channelIds.join(', ')}` : '';
  }
  switch (f.type) {
    case 'message.created':
      if (f.direction !== 'any' && event.message?.direction !== f.direction) {
        return explain ? `The rule reacts to ${f.direction === 'in' ? 'inbound' : 'outbound'} messages; this one is ${event.message?.direction ?? 'missing'}` : '';
      }
      break;
    case 'case.status_changed':
      if (f.to !== null && !(event.change?.to && f.to.includes(event.change.to))) {
        return explain ? `The new status ${event.change?.to ?? '(none)'} is not one of ${f.to.join(', ')}` : '';
      }
      break;
    case 'api.event':
      if (f.key !== event.key) return explain ? `The rule's event key is ${String(f.key)}; this event's is ${event.key ?? '(none)'}` : '';
      break;
    case 'visitor.element': {
      const p = payloadOf(event);
      const element = (p.element as { id?: string } | undefined)?.id;
      if (f.visitor.element !== null && element !== f.visitor.element) return explain ? `The rule reacts to element ${f.visitor.element}; this event is about ${element ?? '(none)'}` : '';
      if (f.visitor.interaction !== null && p.interaction !== f.visitor.interaction) return explain ? `The rule reacts to ${f.visitor.interaction}; this interaction is ${String(p.interaction ?? '(none)')}` : '';
      break;
    }
    case 'visitor.offer': {
      const outcome = (payloadOf(event).offer as { outcome?: string } | undefined)?.outcome;
      if (f.visitor.outcome !== null && outcome !== f.visitor.outcome) return explain ? `The rule reacts to offers ${f.visitor.outcome}; this one was ${outcome ?? '(none)'}` : '';
      break;
    }
    case 'visitor.custom': {
      const name = payloadOf(event).name;
      if (f.visitor.name !== null && name !== f.visitor.name) return explain ? `The rule reacts to ${f.visitor.name}; this event is ${String(name ?? '(none)')}` : '';
      break;
    }
    default:
      break;
  }
  return null;
}

export function matchTrigger(node: TriggerNode, event: RuleEvent): TriggerMatch {
  const reason = whyNot(triggerFilter(node), event, true);
  return reason === null ? { match: true, detail: event.type } : { match: false, detail: reason };
}

/** matchTrigger's answer for a filter read once (triggerFilter), without its explanation. */
export function filterMatches(filter: TriggerFilter, event: RuleEvent): boolean {
  return whyNot(filter, event, false) === null;
}
