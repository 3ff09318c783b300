// The run context a rule sees when a run starts: the event and its snapshots of the case, contact
// and channel; no step outputs yet; the time is the event's time unless the caller says otherwise.
import type { AccountRuleSettings, RuleEvent, RunContext } from './event';

export function buildRunContext(event: RuleEvent, account: AccountRuleSettings, now: number = event.occurredAt): RunContext {
  return {
    trigger: event,
    case: event.case ?? null,
    contact: event.contact ?? null,
    channel: event.channel ?? null,
    steps: {},
    now,
    account,
  };
}
