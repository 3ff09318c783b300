// Recorded events as people read them. The API's one-line summary starts with the event type
// (`message.created · byoc · from the customer · "Hola"`): the console puts the trigger's title there.
import type { TriggerDescriptor } from '../api/types';

/** What an event of this type is called in a sentence: "Message", "Case status changed". */
export function eventTypeTitle(type: string, triggers: Pick<TriggerDescriptor, 'type' | 'title'>[] | undefined): string {
  if (type === 'message.created') return 'Message';
  return triggers?.find((t) => t.type === type)?.title ?? type;
}

/** The summary with its leading event type replaced by the trigger's title. */
export function readableEventSummary(summary: string, type: string, triggers: Pick<TriggerDescriptor, 'type' | 'title'>[] | undefined): string {
  const head = `${type} · `;
  if (summary === type) return eventTypeTitle(type, triggers);
  return summary.startsWith(head) ? `${eventTypeTitle(type, triggers)} · ${summary.slice(head.length)}` : summary;
}
