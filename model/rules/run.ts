// The contract between the pure interpreter (interpreter.ts) and whoever drives it: the rule-run
// workflow (real actions as activities, real timers), the dry-run and replay (nothing executed).
// The driver loop:
//   let state = startRun(graph, ctx)
//   for (;;) { const r = advance(graph, ctx, state); state = r.state
//     if (r.instruction.type === 'done') break
//     if ('action') { output = execute(r.instruction); state = complete(state, nodeId, { output }) ; ctx.steps[nodeId] = { output } }
//     if ('delay') { sleep(ms); ctx = refreshed case/contact, now = Date.now(); state = complete(state, nodeId, {}) } }
// advance() evaluates conditions, branches and switches, and resolves the next action's variables.

/** One node the run passed through, in order: what the run-history view highlights. */
export interface PathEntry {
  nodeId: string;
  /**
   * trigger: `matched` (`not_matched` with the reason, in a dry-run of an event it ignores); condition: `passed` / `failed`; branch: `true` / `false`; switch: the case id or
   * `default`; delay: `waited` then `recheck_failed` when its delayed conditions no longer hold;
   * action / step: `executed`, `error` or `skipped` (dry-run).
   */
  outcome: string;
  /** Why a condition failed, e.g. `message.text contains "refund": no`. */
  detail?: string;
}

export type Instruction =
  | { type: 'action'; nodeId: string; kind: 'action' | 'step'; /** action type or custom step id */ name: string; input: Record<string, unknown> }
  | { type: 'delay'; nodeId: string; ms: number }
  | { type: 'done'; outcome: 'completed' | 'no_match' | 'failed'; error?: string };

export interface RunState {
  /** Nodes still to visit, in order (a node with several outgoing edges queues them all). */
  queue: string[];
  path: PathEntry[];
  /** The instruction handed out and not yet completed. */
  waitingOn: string | null;
  /** Actions executed so far (a run with none ended as `no_match`). */
  actions: number;
  error: string | null;
  /**
   * The delay node handed out (and, once completed, whose timer ended): the next advance() re-checks
   * its delayed conditions with the refreshed context. Optional so older states stay valid.
   */
  pendingDelay?: string | null;
}

export type Completion = { output?: unknown } | { error: string };

/** One executed action or step, as recorded on the run. */
export interface RunStepRecord {
  nodeId: string;
  kind: 'action' | 'step';
  name: string;
  /** The input after variables were resolved. */
  input: Record<string, unknown>;
  output?: unknown;
  error?: string;
  /** Attempts made when the action failed for good (its retry policy ran out or it was not retryable). */
  attempts?: number;
  startedAt: number;
  finishedAt: number;
}

export type RuleRunStatus = 'running' | 'completed' | 'failed' | 'stopped' | 'no_match';
