// The contract between a schedule-triggered rule's Temporal Schedule and the worker: the schedule
// starts `scheduledRuleWorkflow`, which records a `schedule` rule event through this activity; the
// rule dispatcher then runs the rule like for any other event. Pure types: safe in the workflow bundle.

export const ruleScheduleId = (ruleId: string) => `rule-schedule-${ruleId}`;

export interface ScheduledRuleInput {
  accountId: string;
  ruleId: string;
}

export interface RuleScheduleActivities {
  /** Records the `schedule` event for the rule's due time (once per due time); returns the event id, or null when the rule no longer runs. */
  recordScheduledRuleEvent(accountId: string, ruleId: string, scheduledFor: number): Promise<string | null>;
}
