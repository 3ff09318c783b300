// Schedule-triggered rules as Temporal Schedules: a live rule whose active version's trigger is
// `schedule` has a Schedule (id `rule-schedule-<ruleId>`, its cron in its time zone) that starts
// `scheduledRuleWorkflow`, which records a `schedule` rule event; the rule dispatcher runs the rule
// like for any event. The rules API calls these hooks after publish, rollback, enable, disable and
// delete; the Schedule is created, updated or deleted to match.
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleOptionsStartWorkflowAction, type ScheduleSpec } from '@temporalio/client';
import type { Db } from '../../db/open-database';
import type { RuleGraph, TriggerNode } from '../../../model/rules/graph';
import { ruleScheduleId, type ScheduledRuleInput } from '../../../workflows/rules/schedule-contract';
import type { scheduledRuleWorkflow } from '../../../workflows/rules/scheduled-rule-workflow';

export interface RuleScheduleHooks {
  published(accountId: string, ruleId: string): Promise<void>;
  unpublished(accountId: string, ruleId: string): Promise<void>;
  /** Brings every live schedule-triggered rule's Schedule in step (at start-up). */
  syncAll(): Promise<void>;
}

interface LiveScheduleRule { accountId: string; ruleId: string; cron: string; timeZone: string }

const LIVE_RULE = `
  select r.id, r.account_id, r.trigger_type, v.graph from rules r
  join rule_versions v on v.rule_id = r.id and v.version = r.active_version
  where r.id = ? and r.account_id = ? and r.enabled = 1 and r.deleted_at is null and r.active_version is not null`;

const LIVE_SCHEDULE_RULES = `
  select r.id, r.account_id from rules r
  where r.trigger_type = 'schedule' and r.enabled = 1 and r.deleted_at is null and r.active_version is not null`;

function liveScheduleRule(db: Db, accountId: string, ruleId: string): LiveScheduleRule | null {
  const row = db.$client.prepare(LIVE_RULE).get(ruleId, accountId) as { id: string; account_id: string; trigger_type: string | null; graph: string } | undefined;
  if (!row || row.trigger_type !== 'schedule') return null;
  const graph = JSON.parse(row.graph) as RuleGraph;
  const trigger = graph.nodes.find((n): n is TriggerNode => n.kind === 'trigger' && n.trigger === 'schedule');
  const cron = trigger?.config.cron;
  if (typeof cron !== 'string') return null;
  const timeZone = typeof trigger?.config.timeZone === 'string' && trigger.config.timeZone ? trigger.config.timeZone : 'UTC';
  return { accountId: row.account_id, ruleId: row.id, cron, timeZone };
}

export function createRuleSchedules(deps: { db: Db; client: Client; taskQueue: string; log?: (msg: string) => void }): RuleScheduleHooks {
  const { db, client, taskQueue } = deps;

  const spec = (rule: LiveScheduleRule): ScheduleSpec => ({ cronExpressions: [rule.cron], timezone: rule.timeZone });
  const action = (rule: LiveScheduleRule): ScheduleOptionsStartWorkflowAction<typeof scheduledRuleWorkflow> => ({
    type: 'startWorkflow',
    workflowType: 'scheduledRuleWorkflow',
    args: [{ accountId: rule.accountId, ruleId: rule.ruleId } satisfies ScheduledRuleInput],
    taskQueue,
    // Temporal appends each due time to this id.
    workflowId: `rule-schedule-run-${rule.ruleId}`,
  });

  async function remove(ruleId: string) {
    try {
      await client.schedule.getHandle(ruleScheduleId(ruleId)).delete();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }

  async function put(rule: LiveScheduleRule) {
    const scheduleId = ruleScheduleId(rule.ruleId);
    try {
      await client.schedule.create({ scheduleId, spec: spec(rule), action: action(rule), memo: { accountId: rule.accountId, ruleId: rule.ruleId } });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec: spec(rule), action: action(rule), state: { ...previous.state, paused: false } }));
    }
  }

  async function published(accountId: string, ruleId: string) {
    const rule = liveScheduleRule(db, accountId, ruleId);
    // Published with another trigger (or not live after all): no schedule.
    if (rule) await put(rule);
    else await remove(ruleId);
  }

  return {
    published,
    unpublished: (_accountId, ruleId) => remove(ruleId),
    async syncAll() {
      const rows = db.$client.prepare(LIVE_SCHEDULE_RULES).all() as { id: string; account_id: string }[];
      for (const row of rows) {
        try {
          await published(row.account_id, row.id);
        } catch (err) {
          deps.log?.(`rule schedules: could not set up the schedule of rule ${row.id}: ${(err as Error).message}`);
        }
      }
    },
  };
}
