// The rule-run workflow's activities: run one action (a built-in handler or a custom step) with
// its resolved input, read the case again after a delay, and write the run's progress to
// rule_runs. Plus the schedule activity that records a schedule-triggered rule's event.
// Plain Node code; the workflows import only the types.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ACTIONS_BY_TYPE } from '../../../model/rules/actions';
import { recordRuleEvent } from '../../../engine/rules/events/record-event';
import { readCaseContext, readMessageSnapshot } from '../../../engine/rules/events/snapshots';
import { historyPurgeRequested, purgeNowIfPending } from '../../../engine/rules/privacy/history-purges';
import { maskCardNumbersDeep } from '../../../model/privacy/card-numbers';
import { ParleyError } from '../../../engine/errors';
import type { StepRegistry } from '../../../engine/steps/step-registry';
import type { ActionHandlers } from '../actions/action-handler';
import { createBuiltInActions } from '../actions/built-in-actions';
import type { RuleActionDeps } from '../actions/rule-action-deps';
import type { ActionRunInfo, RuleRunActivities, RuleRunStatus } from '../contract';
import type { RuleScheduleActivities } from '../schedule-contract';
import { HEARTBEAT_EVERY_MS, keepAlive } from '../../activities/keep-alive';

export interface RuleActivityDeps extends RuleActionDeps {
  /** Custom steps registered in temporal.config.ts. */
  steps?: StepRegistry;
  /** Replaces the built-in handlers (tests). */
  handlers?: ActionHandlers;
}

const currentAttempt = () => {
  try { return Context.current().info.attempt; } catch { return 1; }
};

/** How often a running action heartbeats (the workflow's ACTION_HEARTBEAT_TIMEOUT is 20 s). */
export const RULE_ACTION_HEARTBEAT_MS = HEARTBEAT_EVERY_MS;

/**
 * Whether this attempt is the last the built-in action's own policy allows. The workflow gives
 * built-in actions a few extra attempts for attempts lost with a dead worker (LOST_ATTEMPTS);
 * the action's own failures must not use them, so from here on they are not retried.
 */
function isLastAttempt(kind: 'action' | 'step', name: string): boolean {
  const spec = kind === 'action' ? ACTIONS_BY_TYPE.get(name) : undefined;
  return spec !== undefined && currentAttempt() >= spec.retry.maximumAttempts;
}

/**
 * Failures leave the activity as ApplicationFailures that say how many attempts were made (the
 * run records it) and whether a retry can help: a refusal by Parley's own rules (a 4xx
 * ParleyError) cannot, nor can a built-in action's failure on its policy's last attempt.
 */
function asFailure(err: unknown, lastAttempt = false): ApplicationFailure {
  const attempt = { attempt: currentAttempt() };
  if (err instanceof ApplicationFailure) {
    return ApplicationFailure.create({
      message: err.message, type: err.type ?? undefined, nonRetryable: lastAttempt || err.nonRetryable === true, details: [...(err.details ?? []), attempt],
      ...(err.nextRetryDelay ? { nextRetryDelay: err.nextRetryDelay } : {}),
    });
  }
  if (err instanceof ParleyError) {
    return ApplicationFailure.create({ message: err.message, type: err.code, nonRetryable: lastAttempt || err.status < 500, details: [attempt] });
  }
  const e = err as Error;
  return ApplicationFailure.create({ message: e?.message ?? String(err), type: e?.name ?? 'Error', nonRetryable: lastAttempt, details: [attempt], cause: e instanceof Error ? e : undefined });
}

export function createRuleRunActivities(deps: RuleActivityDeps): RuleRunActivities & RuleScheduleActivities {
  const { db } = deps;
  const handlers = deps.handlers ?? createBuiltInActions(deps);

  async function runAction(name: string, input: Record<string, unknown>, run: ActionRunInfo): Promise<unknown> {
    const spec = ACTIONS_BY_TYPE.get(name);
    const handler = handlers[name];
    if (!spec || !handler) throw ApplicationFailure.nonRetryable(`This worker has no action "${name}".`, 'UnknownAction');
    // Resolved by the interpreter already; parsed again here so defaults apply and nothing unchecked runs.
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      throw ApplicationFailure.nonRetryable(`${spec.title}: the input is not valid (${problems}).`, 'InvalidActionInput');
    }
    return handler(parsed.data, run);
  }

  return {
    async runRuleAction(kind, name, input, run) {
      const stopHeartbeats = keepAlive();
      try {
        if (kind === 'step') {
          if (!deps.steps) throw ApplicationFailure.nonRetryable(`No custom steps are registered on this worker (step "${name}").`, 'StepUnknown');
          return await deps.steps.run(name, input, { ...run, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
        }
        return await runAction(name, input, run);
      } catch (err) {
        throw asFailure(err, isLastAttempt(kind, name));
      } finally {
        stopHeartbeats();
      }
    },

    async loadRunSnapshot(_accountId, caseId, messageId) {
      const found = readCaseContext(db, caseId);
      const message = messageId ? readMessageSnapshot(db, messageId)?.message ?? null : undefined;
      return {
        ...(found ? { case: found.case, contact: found.contact, channel: found.channel } : { case: null, contact: null, channel: null }),
        ...(message !== undefined ? { message } : {}),
      };
    },

    async recordRuleRun(runId, patch) {
      const finished = patch.finished ? Date.now() : null;
      // A privacy action touched this run's case: the run scrubs its own copies, but a run of
      // another rule that read the message at the same moment may still hold card numbers.
      const steps = historyPurgeRequested(db, runId) ? maskCardNumbersDeep(patch.steps).value : patch.steps;
      // A finished run is final: a late progress write (activity retry) must not reopen it.
      db.$client.prepare(`update rule_runs set status = ?, path = ?, steps = ?, error = ?, finished_at = coalesce(finished_at, ?)
        where id = ? and (finished_at is null or ? is not null)`)
        .run(patch.status satisfies RuleRunStatus, JSON.stringify(patch.path), JSON.stringify(steps), patch.error ?? null, finished, runId, finished);
      if (finished) purgeNowIfPending(db, runId);
    },

    async recordScheduledRuleEvent(accountId, ruleId, scheduledFor) {
      const rule = db.$client.prepare(`select id from rules where id = ? and account_id = ? and enabled = 1 and deleted_at is null
        and active_version is not null and trigger_type = 'schedule'`).get(ruleId, accountId);
      if (!rule) return null;
      // One event per due time: a retried activity finds it recorded.
      const id = `evt_sched_${ruleId}_${scheduledFor.toString(36)}`;
      return recordRuleEvent(db, { id, type: 'schedule', accountId, occurredAt: scheduledFor, ruleId, scheduledFor });
    },
  };
}
