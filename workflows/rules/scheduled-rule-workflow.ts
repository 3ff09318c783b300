// Started by a rule's Temporal Schedule at each due time: records the `schedule` event that the
// rule dispatcher turns into a rule run. Kept tiny so a schedule's history stays small.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { RuleScheduleActivities, ScheduledRuleInput } from './schedule-contract';

const { recordScheduledRuleEvent } = proxyActivities<RuleScheduleActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});

/** Set by Temporal on workflows a schedule starts: the time the action was due. */
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export async function scheduledRuleWorkflow(input: ScheduledRuleInput): Promise<string | null> {
  const due = workflowInfo().typedSearchAttributes.get(SCHEDULED_START);
  const scheduledFor = due instanceof Date ? due.getTime() : Date.now();
  return recordScheduledRuleEvent(input.accountId, input.ruleId, scheduledFor);
}
