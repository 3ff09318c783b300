// A dry-run drives the same interpreter as a real run but executes nothing: each action is listed
// with its resolved input and answered with a sample output (given, or a placeholder from the
// action's declared outputs) so that later nodes see plausible `steps.<id>.output` values; each
// delay is recorded and its re-check evaluated as if the time had passed.
import { ACTIONS_BY_TYPE } from './actions';
import type { CustomStepCatalogue } from './catalogue';
import type { RunContext } from './event';
import type { RuleGraph } from './graph';
import { advance, complete, startRun } from './interpreter';
import type { PathEntry } from './run';
import type { VariableSpec } from './variables-spec';

export interface DryRunAction {
  nodeId: string;
  kind: 'action' | 'step';
  name: string;
  input: Record<string, unknown>;
  /** What later nodes saw as this action's output. */
  output: unknown;
}

export interface DryRunResult {
  outcome: 'completed' | 'no_match' | 'failed';
  path: PathEntry[];
  actions: DryRunAction[];
  delays: { nodeId: string; ms: number }[];
  error?: string;
}

export interface DryRunOptions {
  steps?: CustomStepCatalogue;
  /** Outputs to pretend an action returned, by node id (e.g. a call_url response body). */
  sampleOutputs?: Record<string, unknown>;
}

function placeholderFor(v: VariableSpec): unknown {
  switch (v.type) {
    case 'string': return `<${v.path}>`;
    case 'number': return 0;
    case 'boolean': return false;
    case 'array': return [];
    case 'object': return {};
    default: return null;
  }
}

/** A stand-in output from declared outputs: strings `"<messageId>"`, numbers 0, booleans false. */
export function placeholderOutput(outputs: readonly VariableSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of outputs) {
    const segments = v.path.split('.');
    let target = out;
    for (const segment of segments.slice(0, -1)) {
      const child = target[segment];
      target = (child !== null && typeof child === 'object' ? child : (target[segment] = {})) as Record<string, unknown>;
    }
    target[segments[segments.length - 1]] = placeholderFor(v);
  }
  return out;
}

export function dryRun(graph: RuleGraph, ctx: RunContext, opts: DryRunOptions = {}): DryRunResult {
  let context: RunContext = { ...ctx, steps: { ...ctx.steps } };
  let state = startRun(graph, context);
  const actions: DryRunAction[] = [];
  const delays: { nodeId: string; ms: number }[] = [];
  // Each node is visited at most once, so the run ends within a bounded number of steps.
  for (let guard = 0; guard <= graph.nodes.length * 2 + 2; guard++) {
    const { state: next, instruction } = advance(graph, context, state, { steps: opts.steps });
    state = next;
    if (instruction.type === 'done') {
      return { outcome: instruction.outcome, path: state.path, actions, delays, ...(instruction.error ? { error: instruction.error } : {}) };
    }
    if (instruction.type === 'delay') {
      delays.push({ nodeId: instruction.nodeId, ms: instruction.ms });
      context = { ...context, now: context.now + instruction.ms };
      state = complete(state, instruction.nodeId, {});
      continue;
    }
    const outputs = instruction.kind === 'action'
      ? ACTIONS_BY_TYPE.get(instruction.name)?.outputs ?? []
      : opts.steps?.get(instruction.name)?.outputs ?? [];
    const output = opts.sampleOutputs && instruction.nodeId in opts.sampleOutputs ? opts.sampleOutputs[instruction.nodeId] : placeholderOutput(outputs);
    actions.push({ nodeId: instruction.nodeId, kind: instruction.kind, name: instruction.name, input: instruction.input, output });
    context = { ...context, steps: { ...context.steps, [instruction.nodeId]: { output } } };
    state = complete(state, instruction.nodeId, { output });
    // Nothing ran: the path says so.
    const last = state.path[state.path.length - 1];
    state.path[state.path.length - 1] = { ...last, outcome: 'skipped', detail: 'dry-run: not executed' };
  }
  return { outcome: 'failed', path: state.path, actions, delays, error: 'The dry-run did not finish' };
}
