// What the built-in action handlers need from the running Parley, and the helpers they share:
// the rule as the actor of the audit trail, the case the run is about, the rule chain for loop bounds.
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { ChannelStore } from '../../../engine/channels/channel-store';
import type { CaseCommandDeps, ChangeCause } from '../../../engine/cases/case-commands';
import type { Db } from '../../../engine/db/open-database';
import { childOrigin } from '../../../engine/rules/dispatch/loop-bounds';
import type { SecretBox } from '../../../engine/security/secret-box';
import { currentActivityContext } from '../../../engine/steps/step-context';
import type { ActionRunInfo } from '../contract';

export interface RuleActionDeps {
  db: Db;
  channels: ChannelStore;
  /** Status changes go through the case workflow's Update. */
  client: Client;
  taskQueue: string;
  autoCloseAfterMs: number;
  box: SecretBox;
  fetch?: typeof fetch;
  now?: () => number;
  /** Wakes this process's case dispatcher after a message was queued. */
  onDispatchQueued?: () => void;
}

export const commandDeps = (deps: RuleActionDeps): CaseCommandDeps => ({
  db: deps.db, channels: deps.channels, client: deps.client, taskQueue: deps.taskQueue,
  autoCloseAfterMs: deps.autoCloseAfterMs, wakeDispatcher: () => deps.onDispatchQueued?.(),
});

/** The audit trail's actor for a rule's change. */
export const ruleActor = (run: ActionRunInfo) => `rule:${run.ruleId}`;

/** What the case timeline shows about a rule's change: "tag refund added by rule Refunds v3, run …". */
export const ruleDetail = (run: ActionRunInfo, action: string) => ({
  ruleId: run.ruleId, ruleName: run.ruleName, version: run.version, runId: run.runId, nodeId: run.nodeId, action,
});

/** Actor, audit detail and rule chain of a change an action makes. */
export const ruleCause = (run: ActionRunInfo, action: string): ChangeCause & { actorId: string; detail: Record<string, unknown> } => ({
  actorId: ruleActor(run), detail: ruleDetail(run, action), origin: childOrigin(run.event, run.ruleId),
});

/** A failure a retry cannot fix: recorded on the run at once. */
export const refusal = (message: string, type = 'RuleActionRefused') => ApplicationFailure.nonRetryable(message, type);

/** The case the run is about; actions that need one were refused by the interpreter otherwise. */
export function caseIdOf(run: ActionRunInfo, action: string): string {
  const caseId = run.event.case?.id;
  if (!caseId) throw refusal(`${action} needs a case, and this event has none.`);
  return caseId;
}

/** The triggering message (message triggers, and case.created with its first message). */
export function messageIdOf(run: ActionRunInfo, action: string): string {
  const messageId = run.event.message?.id;
  if (!messageId) throw refusal(`${action} works on the triggering message, and this event has none (use a message trigger).`);
  return messageId;
}

/** When the action was first scheduled: the same on every retry of it (activity info), else now. */
export function actionScheduledAt(deps: Pick<RuleActionDeps, 'now'>): number {
  return currentActivityContext()?.info.scheduledTimestampMs ?? (deps.now ?? Date.now)();
}
