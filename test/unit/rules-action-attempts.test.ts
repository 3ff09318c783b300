// The rule action activity's side of surviving a dead worker: it heartbeats while it runs (so the
// workflow's heartbeat timeout notices a killed worker in seconds), and a built-in action's own
// failure stops being retried once its policy's attempts are used — the extra attempts the
// workflow allows are only for attempts lost with a worker (see rule-run-workflow.ts).
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ACTIONS_BY_TYPE } from '../../model/rules/actions';
import { defineStep } from '../../engine/steps/define-step';
import { createStepRegistry } from '../../engine/steps/step-registry';
import type { ActionHandlers } from '../../workflows/rules/actions/action-handler';
import { createRuleRunActivities, RULE_ACTION_HEARTBEAT_MS, type RuleActivityDeps } from '../../workflows/rules/activities/rule-run-activities';
import type { ActionRunInfo } from '../../workflows/rules/contract';

const run = { runId: 'rule-run-r1-e1', accountId: 'acc_1', ruleId: 'r1', ruleName: 'R', version: 1, nodeId: 'n1', event: { id: 'e1' } } as unknown as ActionRunInfo;

/** The activities with test handlers in place of the built-in ones (which need a database, channels, Temporal). */
function activitiesWith(handlers: ActionHandlers, steps = createStepRegistry([])) {
  return createRuleRunActivities({ handlers, steps } as unknown as RuleActivityDeps);
}

/** An activity context at this attempt, without the SDK's log lines about failed activities. */
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const activityAt = (attempt: number) => new MockActivityEnvironment({ attempt }, { logger: quiet });

const failureAt = (attempt: number, call: () => Promise<unknown>) =>
  activityAt(attempt).run(call).then(() => { throw new Error('expected a failure'); }, (err: unknown) => err as ApplicationFailure);

describe('rule action attempts', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('an action that runs once is not retried when it fails, whatever the workflow allows for lost attempts', async () => {
    expect(ACTIONS_BY_TYPE.get('send_message')!.retry.maximumAttempts).toBe(1);
    const activities = activitiesWith({ send_message: async () => { throw new Error('database is locked'); } });
    const failure = await failureAt(1, () => activities.runRuleAction('action', 'send_message', { text: 'hi' }, run));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ message: 'database is locked', nonRetryable: true, details: [{ attempt: 1 }] });
  });

  it('a retried action\'s failures are retried until its policy\'s last attempt, and not on attempts beyond it', async () => {
    const max = ACTIONS_BY_TYPE.get('call_url')!.retry.maximumAttempts;
    expect(max).toBe(4);
    const activities = activitiesWith({ call_url: async () => { throw ApplicationFailure.retryable('the CRM answered 503', 'CallUrlUnavailable'); } });
    const call = () => activities.runRuleAction('action', 'call_url', { url: 'https://crm.example.com/hook' }, run);
    expect(await failureAt(max - 1, call)).toMatchObject({ type: 'CallUrlUnavailable', nonRetryable: false, details: [{ attempt: max - 1 }] });
    expect(await failureAt(max, call)).toMatchObject({ type: 'CallUrlUnavailable', nonRetryable: true, details: [{ attempt: max }] });
    // Attempt max + 1 exists only after a lost attempt: its own failure is final too.
    expect(await failureAt(max + 1, call)).toMatchObject({ nonRetryable: true, details: [{ attempt: max + 1 }] });
  });

  it('custom steps keep their own retry policy (the activity does not cut it short)', async () => {
    const flaky = defineStep({
      id: 'test.flaky', title: 'Flaky', description: 'Always fails', input: z.object({}), output: z.object({}),
      run: async () => { throw new Error('upstream timeout'); },
    });
    const activities = activitiesWith({}, createStepRegistry([flaky]));
    expect(await failureAt(7, () => activities.runRuleAction('step', 'test.flaky', {}, run))).toMatchObject({ nonRetryable: false, details: [{ attempt: 7 }] });
  });

  it('heartbeats at once and then every few seconds while the action runs, and stops when it is done', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let finish!: (value: unknown) => void;
    const activities = activitiesWith({ add_tag: () => new Promise((resolve) => { finish = resolve; }) });
    const env = activityAt(1);
    let beats = 0;
    env.on('heartbeat', () => { beats++; });
    const running = env.run(() => activities.runRuleAction('action', 'add_tag', { tag: 'vip' }, run));
    await vi.waitFor(() => expect(finish).toBeTypeOf('function'));
    expect(beats).toBe(1);
    vi.advanceTimersByTime(RULE_ACTION_HEARTBEAT_MS * 3);
    expect(beats).toBe(4);
    finish({ tags: ['vip'] });
    expect(await running).toEqual({ tags: ['vip'] });
    vi.advanceTimersByTime(RULE_ACTION_HEARTBEAT_MS * 3);
    expect(beats).toBe(4);
  });
});
