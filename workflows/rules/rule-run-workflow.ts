// One rule run: drives the pure interpreter over the published version's graph carried in the
// input (a run stays on the version it started with). Each action or custom step is the
// `runRuleAction` activity with that action's retry policy; a final failure is recorded on the
// node and ends the run as failed. Delays are durable timers; after one the case and contact are
// read again and the delayed conditions re-checked at the timer's end. Progress is written to
// rule_runs before each delay, after a step once the run has gone on for a while, and at the end.
// Workflow code: deterministic, no Node imports, activities as types.
import { ActivityFailure, ApplicationFailure, isCancellation, proxyActivities, proxyLocalActivities, sleep } from '@temporalio/workflow';
import type { RetryPolicy } from '@temporalio/common';
import { ACTIONS_BY_TYPE, type RetrySpec } from '../../model/rules/actions';
import { buildRunContext } from '../../model/rules/context';
import type { RunContext } from '../../model/rules/event';
import { advance, complete, startRun } from '../../model/rules/interpreter';
import { applyPrivacyChange, privacyChangeOfAction, privacyChangesSince } from '../../model/rules/run-privacy';
import type { PrivacyChange } from '../../model/privacy/scrub';
import type { Instruction, RunState } from '../../model/rules/run';
import type { ActionRunInfo, RuleRunActivities, RuleRunInput, RuleRunResult, RuleRunStatus, RunStepRecord } from './contract';

/** Custom steps without their own policy (matches engine/steps DEFAULT_STEP_RETRY). */
const DEFAULT_STEP_RETRY: RetrySpec = { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2 };
/** Built-in actions missing from the catalogue (a newer worker's action): a few quick tries. */
const DEFAULT_ACTION_RETRY: RetrySpec = { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2 };

// Bookkeeping: quick SQLite reads and writes on the worker that runs the workflow, as local
// activities (no round trip through the server per call); retried until they land, so the run
// history ends up matching the run.
const { loadRunSnapshot, recordRuleRun } = proxyLocalActivities<RuleRunActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** A run that has gone on this long shows its progress after each step (a short run only at its end). */
const PROGRESS_AFTER_MS = 2_000;

function retryPolicy(spec: RetrySpec): RetryPolicy {
  return {
    maximumAttempts: spec.maximumAttempts,
    initialInterval: spec.initialInterval as RetryPolicy['initialInterval'],
    ...(spec.backoffCoefficient !== undefined ? { backoffCoefficient: spec.backoffCoefficient } : {}),
    ...(spec.maximumInterval !== undefined ? { maximumInterval: spec.maximumInterval as RetryPolicy['maximumInterval'] } : {}),
  };
}

/**
 * How soon an attempt lost with its worker (kill -9, out of memory, a host gone) is noticed. The
 * action activity heartbeats while it runs (RULE_ACTION_HEARTBEAT_MS in its activities), so the
 * server times a silent attempt out after this and retries it on a live worker, instead of the run
 * stalling for the whole start-to-close timeout (1 minute for actions, 5 for custom steps).
 * Heartbeats reach the server every ~0.8 × this (the SDK throttles them), leaving a few seconds of
 * slack for a busy event loop.
 */
const ACTION_HEARTBEAT_TIMEOUT = '20 seconds';

/**
 * Attempts a built-in action may lose with its worker on top of its own policy's attempts: a dead
 * worker is not the action failing, so even an action that runs once (send_message) is tried again
 * on the next worker. The activity stops retrying the action's own failures once the policy's
 * maximumAttempts are used (isLastAttempt), so only timed-out attempts use these. Safe because
 * built-in actions tolerate running again: messages keep their run + node id, call_url its webhook
 * id, the case changes are idempotent. Custom steps keep their policy as declared.
 */
const LOST_ATTEMPTS = 2;

function actionRunner(kind: 'action' | 'step', name: string, input: RuleRunInput) {
  const builtIn = kind === 'action' ? ACTIONS_BY_TYPE.get(name)?.retry : undefined;
  const spec = kind === 'action'
    ? (builtIn ?? DEFAULT_ACTION_RETRY)
    : (input.stepRetry?.[name] ?? DEFAULT_STEP_RETRY);
  const policy = retryPolicy(spec);
  return proxyActivities<RuleRunActivities>({
    // Call a URL waits up to 30 s for an answer; custom steps may call slower systems.
    startToCloseTimeout: kind === 'action' ? '1 minute' : '5 minutes',
    heartbeatTimeout: ACTION_HEARTBEAT_TIMEOUT,
    retry: builtIn ? { ...policy, maximumAttempts: spec.maximumAttempts + LOST_ATTEMPTS } : policy,
  }).runRuleAction;
}

/** The reason an action failed for good, and how many attempts it took when the activity said. */
function failureOf(err: unknown): { message: string; attempts?: number } {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  const message = cause instanceof Error ? cause.message : String(cause);
  const details = cause instanceof ApplicationFailure ? cause.details : undefined;
  const attempt = (details?.find((d) => typeof d === 'object' && d !== null && 'attempt' in d) as { attempt?: unknown } | undefined)?.attempt;
  return { message: message || 'The action failed.', ...(typeof attempt === 'number' ? { attempts: attempt } : {}) };
}

const STATUS_OF: Record<Extract<Instruction, { type: 'done' }>['outcome'], RuleRunStatus> = {
  completed: 'completed', no_match: 'no_match', failed: 'failed',
};

export async function ruleRunWorkflow(input: RuleRunInput): Promise<RuleRunResult> {
  const { graph, event } = input;
  let ctx: RunContext = buildRunContext(event, input.account);
  let state: RunState = startRun(graph, ctx);
  let steps: RunStepRecord[] = [];
  // Later actions are told about the event as the run now holds it (scrubbed after a privacy action).
  const info = (nodeId: string): ActionRunInfo => ({
    runId: input.runId, accountId: input.accountId, ruleId: input.rule.id, ruleName: input.rule.name,
    version: input.rule.version, nodeId, event: ctx.trigger,
  });
  /** A privacy action changed the text this run read: its own copies forget the original too. */
  const forget = (change: PrivacyChange) => {
    const copies = applyPrivacyChange({ ctx, steps, path: state.path }, change);
    ctx = copies.ctx;
    steps = copies.steps;
    state = { ...state, path: copies.path };
  };
  const runStartedAt = Date.now();
  const progress = async (force: boolean) => {
    if (force || Date.now() - runStartedAt >= PROGRESS_AFTER_MS) await recordRuleRun(input.runId, { status: 'running', path: state.path, steps });
  };

  let result: RuleRunResult;
  try {
    for (;;) {
      const next = advance(graph, ctx, state);
      state = next.state;
      const instruction = next.instruction;
      if (instruction.type === 'done') {
        result = { status: STATUS_OF[instruction.outcome], path: state.path, steps, ...(instruction.error ? { error: instruction.error } : {}) };
        break;
      }
      if (instruction.type === 'action') {
        const { nodeId, kind, name, input: actionInput } = instruction;
        const startedAt = Date.now();
        try {
          const output = await actionRunner(kind, name, input)(kind, name, actionInput, info(nodeId));
          steps.push({ nodeId, kind, name, input: actionInput, output, startedAt, finishedAt: Date.now() });
          state = complete(state, nodeId, { output });
          ctx = { ...ctx, steps: { ...ctx.steps, [nodeId]: { output } } };
          const change = kind === 'action' ? privacyChangeOfAction(name, actionInput, output, ctx) : null;
          if (change) forget(change);
        } catch (err) {
          if (isCancellation(err)) throw err;
          const failure = failureOf(err);
          steps.push({ nodeId, kind, name, input: actionInput, error: failure.message, ...(failure.attempts ? { attempts: failure.attempts } : {}), startedAt, finishedAt: Date.now() });
          state = complete(state, nodeId, { error: failure.message });
        }
      } else {
        // The history shows what the run did before it waits.
        await progress(true);
        await sleep(instruction.ms);
        // The world may have changed while the run waited: the delayed conditions see it as it is now.
        if (ctx.case) {
          const fresh = await loadRunSnapshot(input.accountId, ctx.case.id, ctx.trigger.message?.id);
          // Another rule may have masked or deleted the message (or the author's name) meanwhile.
          for (const change of privacyChangesSince(ctx, fresh)) forget(change);
          ctx = { ...ctx, case: fresh.case, contact: fresh.contact, channel: fresh.channel ?? ctx.channel, now: Date.now() };
        } else {
          ctx = { ...ctx, now: Date.now() };
        }
        state = complete(state, instruction.nodeId, {});
      }
      await progress(false);
    }
  } catch (err) {
    if (isCancellation(err)) throw err;
    // The interpreter itself failed (it should not): the run ends failed with the reason, not stuck.
    result = { status: 'failed', path: state.path, steps, error: `The run could not go on: ${err instanceof Error ? err.message : String(err)}` };
  }
  await recordRuleRun(input.runId, { status: result.status, path: result.path, steps, error: result.error ?? null, finished: true });
  return result;
}
