// Whether a trigger node reacts to an event: the same event type, then the trigger's filters
// (channels; message direction; the new status; the API event key). Config defaults apply as in
// TRIGGERS (a message trigger without a direction reacts to inbound messages).
import type { RuleEvent } from './event';
import type { TriggerNode } from './graph';

export interface TriggerMatch {
  match: boolean;
  /** Why not, for the dry-run (or what matched). */
  detail: string;
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export function matchTrigger(node: TriggerNode, event: RuleEvent): TriggerMatch {
  if (node.trigger !== event.type) return { match: false, detail: `The rule reacts to ${node.trigger}; this event is ${event.type}` };
  const config = node.config ?? {};
  const channelIds = stringList(config.channelIds);
  if (channelIds.length > 0 && !(event.channel && channelIds.includes(event.channel.id))) {
    return { match: false, detail: `Channel ${event.channel?.id ?? '(none)'} is not one of ${channelIds.join(', ')}` };
  }
  switch (node.trigger) {
    case 'message.created': {
      const direction = typeof config.direction === 'string' ? config.direction : 'in';
      if (direction !== 'any' && event.message?.direction !== direction) {
        return { match: false, detail: `The rule reacts to ${direction === 'in' ? 'inbound' : 'outbound'} messages; this one is ${event.message?.direction ?? 'missing'}` };
      }
      break;
    }
    case 'case.status_changed': {
      const to = stringList(config.to);
      if (to.length > 0 && !(event.change?.to && to.includes(event.change.to))) {
        return { match: false, detail: `The new status ${event.change?.to ?? '(none)'} is not one of ${to.join(', ')}` };
      }
      break;
    }
    case 'api.event':
      if (config.key !== event.key) return { match: false, detail: `The rule's event key is ${String(config.key)}; this event's is ${event.key ?? '(none)'}` };
      break;
    default:
      break;
  }
  return { match: true, detail: event.type };
}
