// The contract between the rule dispatcher (which starts runs), the rule-run workflow and its
// activities. Pure types and constants: safe in the workflow bundle.
import type { RetrySpec } from '../../model/rules/actions';
import type { AccountRuleSettings, CaseSnapshot, ChannelSnapshot, ContactSnapshot, MessageSnapshot, RuleEvent } from '../../model/rules/event';
import type { RuleGraph } from '../../model/rules/graph';
import type { PathEntry, RuleRunStatus, RunStepRecord } from '../../model/rules/run';

/**
 * A run's workflow id, derived from the rule and the event: a redelivered event finds the run
 * already there and never runs the rule twice (the dispatcher starts with REJECT_DUPLICATE).
 */
export const ruleRunId = (ruleId: string, eventId: string) => `rule-run-${ruleId}-${eventId}`;

export interface RuleRunInput {
  runId: string;
  accountId: string;
  rule: { id: string; name: string; version: number };
  /** The published version's graph, carried in the input: a run stays on the version it started with. */
  graph: RuleGraph;
  event: RuleEvent;
  account: AccountRuleSettings;
  /** Retry policies of the custom steps the graph uses, by step id (built-in actions' come from ACTIONS). */
  stepRetry?: Record<string, RetrySpec>;
}

export type { RuleRunStatus, RunStepRecord } from '../../model/rules/run';

export interface RuleRunResult {
  status: RuleRunStatus;
  path: PathEntry[];
  steps: RunStepRecord[];
  error?: string;
}

/** What an action activity is told about the run it belongs to (for the audit trail and loop bounds). */
export interface ActionRunInfo {
  runId: string;
  accountId: string;
  ruleId: string;
  ruleName: string;
  version: number;
  nodeId: string;
  event: RuleEvent;
}

export interface RuleRunActivities {
  /** Runs one built-in action or custom step with its resolved input; returns its output. */
  runRuleAction(kind: 'action' | 'step', name: string, input: Record<string, unknown>, run: ActionRunInfo): Promise<unknown>;
  /** Reads the case, contact and channel again (after a delay), and the triggering message when asked (null once gone). */
  loadRunSnapshot(accountId: string, caseId: string, messageId?: string): Promise<{
    case: CaseSnapshot | null; contact: ContactSnapshot | null; channel: ChannelSnapshot | null; message?: MessageSnapshot | null;
  }>;
  /** Writes the run's progress (path, steps, status) to rule_runs. */
  recordRuleRun(runId: string, patch: { status: RuleRunStatus; path: PathEntry[]; steps: RunStepRecord[]; error?: string | null; finished?: boolean }): Promise<void>;
}
