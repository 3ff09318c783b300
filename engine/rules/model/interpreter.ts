// The pure rule interpreter: walks a rule graph for one run context and hands out one instruction
// at a time (run an action, wait, done) to whoever drives it: the rule-run workflow, the dry-run,
// the replay. No I/O, no clock, no randomness: the same graph and context give the same path.
// Nodes are visited breadth-first along edges in the graph's edge order, each at most once per run.
import { ACTIONS_BY_TYPE } from './actions';
import type { CustomStepCatalogue } from './catalogue';
import { evaluateAll } from './conditions';
import { durationToMs } from './duration';
import type { RunContext } from './event';
import type { ActionNode, DelayNode, RuleGraph, StepNode, SwitchNode } from './graph';
import { indexGraph, targetsOf, type GraphIndex } from './graph-index';
import type { Completion, Instruction, PathEntry, RunState } from './run';
import { resolveTemplate, resolveTemplates } from './templates';
import { matchTrigger } from './trigger-match';
import { coerceFilledIn, humanIssueMessage, joinPath } from './zod-issues';

export interface AdvanceOptions {
  /** Custom steps: when given, an unknown step or an input its schema refuses fails the run before it is handed out. */
  steps?: CustomStepCatalogue;
}

export interface AdvanceResult {
  state: RunState;
  instruction: Instruction;
}

export function startRun(graph: RuleGraph, _ctx?: RunContext): RunState {
  const { trigger } = indexGraph(graph);
  return {
    queue: trigger ? [trigger.id] : [],
    path: [],
    waitingOn: null,
    actions: 0,
    error: trigger ? null : 'The rule has no trigger',
    pendingDelay: null,
  };
}

/** A mutable copy of the state for one advance(), with the set of nodes already reached. */
class Walk {
  readonly state: RunState;
  private readonly reached: Set<string>;

  constructor(state: RunState, private readonly index: GraphIndex) {
    this.state = { ...state, queue: [...state.queue], path: [...state.path] };
    this.reached = new Set(this.state.queue);
    for (const entry of this.state.path) this.reached.add(entry.nodeId);
    if (this.state.pendingDelay) this.reached.add(this.state.pendingDelay);
  }

  record(nodeId: string, outcome: string, detail?: string) {
    const entry: PathEntry = detail ? { nodeId, outcome, detail } : { nodeId, outcome };
    this.state.path.push(entry);
  }

  follow(nodeId: string, handle: string) {
    for (const target of targetsOf(this.index, nodeId, handle)) {
      if (this.reached.has(target)) continue;
      this.reached.add(target);
      this.state.queue.push(target);
    }
  }

  fail(nodeId: string, error: string): AdvanceResult {
    this.record(nodeId, 'error', error);
    this.state.error = error;
    return { state: this.state, instruction: { type: 'done', outcome: 'failed', error } };
  }

  done(): AdvanceResult {
    const s = this.state;
    if (s.error) return { state: s, instruction: { type: 'done', outcome: 'failed', error: s.error } };
    return { state: s, instruction: { type: 'done', outcome: s.actions > 0 ? 'completed' : 'no_match' } };
  }
}

function switchCase(node: SwitchNode, ctx: RunContext): { handle: string; detail: string } {
  const norm = (text: string) => (node.ignoreCase === false ? text.trim() : text.trim().toLowerCase());
  const value = resolveTemplate(node.value, ctx);
  const wanted = norm(value);
  const hit = node.cases.find((c) => norm(resolveTemplate(c.equals, ctx)) === wanted);
  return hit
    ? { handle: hit.id, detail: `${JSON.stringify(value)} → ${hit.label ?? hit.id}` }
    : { handle: 'default', detail: `${JSON.stringify(value)} → default` };
}

function handOutAction(walk: Walk, node: ActionNode, ctx: RunContext): AdvanceResult {
  const spec = ACTIONS_BY_TYPE.get(node.action);
  if (!spec) return walk.fail(node.id, `Node ${node.id}: unknown action "${node.action}"`);
  if (spec.needsCase && !ctx.case) return walk.fail(node.id, `Node ${node.id} (${spec.title}) needs a case, and this event has none`);
  const resolved = coerceFilledIn(spec.input, resolveTemplates(node.input ?? {}, ctx));
  const parsed = spec.input.safeParse(resolved);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `input.${joinPath(issue.path)}: ${humanIssueMessage(issue, resolved)}`);
    return walk.fail(node.id, `Node ${node.id} (${spec.title}): ${problems.join('; ')}`);
  }
  walk.follow(node.id, 'next');
  walk.state.waitingOn = node.id;
  walk.state.actions += 1;
  return { state: walk.state, instruction: { type: 'action', nodeId: node.id, kind: 'action', name: node.action, input: parsed.data } };
}

function handOutStep(walk: Walk, node: StepNode, ctx: RunContext, opts: AdvanceOptions): AdvanceResult {
  const input = resolveTemplates(node.input ?? {}, ctx);
  if (opts.steps) {
    const step = opts.steps.get(node.step);
    if (!step) return walk.fail(node.id, `Node ${node.id}: unknown step "${node.step}"`);
    const issues = step.validateInput?.(input) ?? [];
    if (issues.length > 0) {
      return walk.fail(node.id, `Node ${node.id} (${step.title}): ${issues.map((i) => `input${i.path ? `.${i.path}` : ''}: ${i.message}`).join('; ')}`);
    }
  }
  walk.follow(node.id, 'next');
  walk.state.waitingOn = node.id;
  walk.state.actions += 1;
  return { state: walk.state, instruction: { type: 'action', nodeId: node.id, kind: 'step', name: node.step, input } };
}

function handOutDelay(walk: Walk, node: DelayNode): AdvanceResult {
  const ms = durationToMs(node.duration);
  if (ms === null) return walk.fail(node.id, `Node ${node.id}: "${node.duration}" is not a duration`);
  walk.state.waitingOn = node.id;
  walk.state.pendingDelay = node.id;
  walk.state.actions += 1;
  return { state: walk.state, instruction: { type: 'delay', nodeId: node.id, ms } };
}

/** Runs the graph until the next action or delay, or the end. `ctx` carries the outputs of the actions completed so far. */
export function advance(graph: RuleGraph, ctx: RunContext, state: RunState, opts: AdvanceOptions = {}): AdvanceResult {
  if (state.waitingOn) throw new Error(`advance() called while node ${state.waitingOn} is still running: call complete() first`);
  const index = indexGraph(graph);
  const walk = new Walk(state, index);
  const s = walk.state;
  if (s.error) return walk.done();

  if (s.pendingDelay) {
    const delay = index.byId.get(s.pendingDelay) as DelayNode | undefined;
    s.pendingDelay = null;
    if (delay) {
      const check = evaluateAll(delay.recheck ?? [], ctx, delay.id);
      if (check.pass) {
        walk.record(delay.id, 'waited', check.detail || undefined);
        walk.follow(delay.id, 'next');
      } else {
        walk.record(delay.id, 'recheck_failed', check.detail);
      }
    }
  }

  while (s.queue.length > 0) {
    const node = index.byId.get(s.queue.shift()!);
    if (!node) continue;
    switch (node.kind) {
      case 'trigger': {
        if (node !== index.trigger) continue;
        const m = matchTrigger(node, ctx.trigger);
        if (!m.match) {
          walk.record(node.id, 'not_matched', m.detail);
          return walk.done();
        }
        walk.record(node.id, 'matched');
        walk.follow(node.id, 'next');
        break;
      }
      case 'condition': {
        const check = evaluateAll(node.all, ctx, node.id);
        walk.record(node.id, check.pass ? 'passed' : 'failed', check.detail || undefined);
        if (check.pass) walk.follow(node.id, 'next');
        break;
      }
      case 'branch': {
        const check = evaluateAll(node.all, ctx, node.id);
        const handle = check.pass ? 'true' : 'false';
        walk.record(node.id, handle, check.detail || undefined);
        walk.follow(node.id, handle);
        break;
      }
      case 'switch': {
        const { handle, detail } = switchCase(node, ctx);
        walk.record(node.id, handle, detail);
        walk.follow(node.id, handle);
        break;
      }
      case 'delay': return handOutDelay(walk, node);
      case 'action': return handOutAction(walk, node, ctx);
      case 'step': return handOutStep(walk, node, ctx, opts);
    }
  }
  return walk.done();
}

/** Records the end of the instruction handed out for `nodeId`: an action's output or error, or a delay's timer. */
export function complete(state: RunState, nodeId: string, completion: Completion): RunState {
  if (state.waitingOn !== nodeId) {
    throw new Error(`complete(${nodeId}) does not match the instruction handed out (${state.waitingOn ?? 'none'})`);
  }
  const next: RunState = { ...state, path: [...state.path], waitingOn: null };
  if ('error' in completion && typeof completion.error === 'string') {
    next.path.push({ nodeId, outcome: 'error', detail: completion.error });
    next.error = completion.error;
    next.pendingDelay = null;
    return next;
  }
  // A delay's path entry is written by the next advance(), after its conditions are re-checked.
  if (state.pendingDelay !== nodeId) next.path.push({ nodeId, outcome: 'executed' });
  return next;
}
