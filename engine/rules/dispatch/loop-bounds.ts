// Loop bounds: a rule whose action causes an event that triggers rules again (a message that
// answers a message, a status change that changes the status) must not run forever. An event
// carries the chain of rules that caused it (origin); a run is stopped, and recorded as stopped
// with the reason, when the chain is too deep, when the rule already triggered itself twice in
// it, or when the rule started too many runs for the same case within a minute.
import type { RuleEvent } from '../../../model/rules/event';

export const LOOP_LIMITS = {
  /** An event this many rule actions deep starts no further runs. */
  maxDepth: 5,
  /** A rule already in the chain this many times does not run again for it. */
  maxSelfTriggers: 2,
  /** Runs one rule may start for one case within `rateWindowMs`. */
  maxRunsPerCase: 20,
  rateWindowMs: 60_000,
} as const;

export interface LoopCheckRule {
  ruleId: string;
  name: string;
}

/** Why the rule must not run for this event (a sentence for the run history), or null. */
export function loopStopReason(event: Pick<RuleEvent, 'origin'>, rule: LoopCheckRule, recentRunsForCase: () => number): string | null {
  const depth = event.origin?.depth ?? 0;
  const label = `rule ${rule.name} (${rule.ruleId})`;
  const selfTriggers = event.origin?.ruleIds.filter((id) => id === rule.ruleId).length ?? 0;
  if (selfTriggers >= LOOP_LIMITS.maxSelfTriggers) {
    return `Stopped a loop: ${label} was triggered by its own action ${selfTriggers} times (depth ${depth}).`;
  }
  if (depth >= LOOP_LIMITS.maxDepth) {
    return `Stopped a loop: the event was caused by a chain of ${depth} rule actions (limit ${LOOP_LIMITS.maxDepth - 1}); ${label} did not run.`;
  }
  const recent = recentRunsForCase();
  if (recent >= LOOP_LIMITS.maxRunsPerCase) {
    return `Stopped a loop: ${label} already started ${recent} runs for this case in the last ${LOOP_LIMITS.rateWindowMs / 1000} s (limit ${LOOP_LIMITS.maxRunsPerCase}).`;
  }
  return null;
}

/** The origin of events caused by a run of `ruleId` for `event`: the chain one rule longer. */
export function childOrigin(event: Pick<RuleEvent, 'origin'>, ruleId: string) {
  return { ruleIds: [...(event.origin?.ruleIds ?? []), ruleId], depth: (event.origin?.depth ?? 0) + 1 };
}
