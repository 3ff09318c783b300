// The pure rule interpreter: walks a rule graph for one run context and hands out one instruction
// at a time (run an action, wait, done) to whoever drives it: the rule-run workflow, the dry-run,
// the replay. No I/O, no clock, no randomness: the same graph and context give the same path.
// Nodes are visited breadth-first along edges in the graph's edge order, each at most once per run.
import { ACTIONS_BY_TYPE } from './actions';
import type { CustomStepCatalogue } from './catalogue';
import { compileConditions, conditionsHold, evaluateAll, type CompiledConditions } from './conditions';
import { durationToMs } from './duration';
import type { RunContext } from './event';
import type { ActionNode, BranchNode, ConditionNode, DelayNode, RuleGraph, RuleNode, StepNode, SwitchNode } from './graph';
import { indexGraph, targetsOf, type GraphIndex } from './graph-index';
import type { Completion, Instruction, PathEntry, RunState } from './run';
import { resolveTemplate, resolveTemplates } from './templates';
import { filterMatches, matchTrigger, triggerFilter, type TriggerFilter } from './trigger-match';
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

/** The switch's way out; `explain` adds the detail for the path (the pre-check goes without). */
function switchCase(node: SwitchNode, ctx: RunContext, explain: boolean): { handle: string; detail: string | undefined } {
  const norm = (text: string) => (node.ignoreCase === false ? text.trim() : text.trim().toLowerCase());
  const value = resolveTemplate(node.value, ctx);
  const wanted = norm(value);
  const hit = node.cases.find((c) => norm(resolveTemplate(c.equals, ctx)) === wanted);
  if (!explain) return { handle: hit ? hit.id : 'default', detail: undefined };
  return hit
    ? { handle: hit.id, detail: `${JSON.stringify(value)} → ${hit.label ?? hit.id}` }
    : { handle: 'default', detail: `${JSON.stringify(value)} → default` };
}

type Prepared = { input: Record<string, unknown>; error?: undefined } | { error: string };

/** An action's input with its variables filled in and checked against the action's schema, or why it cannot run. */
function prepareAction(node: ActionNode, ctx: RunContext): Prepared {
  const spec = ACTIONS_BY_TYPE.get(node.action);
  if (!spec) return { error: `Node ${node.id}: unknown action "${node.action}"` };
  if (spec.needsCase && !ctx.case) return { error: `Node ${node.id} (${spec.title}) needs a case, and this event has none` };
  const resolved = coerceFilledIn(spec.input, resolveTemplates(node.input ?? {}, ctx));
  const parsed = spec.input.safeParse(resolved);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `input.${joinPath(issue.path)}: ${humanIssueMessage(issue, resolved)}`);
    return { error: `Node ${node.id} (${spec.title}): ${problems.join('; ')}` };
  }
  return { input: parsed.data };
}

/** A custom step's input with its variables filled in (checked when the catalogue is given), or why it cannot run. */
function prepareStep(node: StepNode, ctx: RunContext, opts: AdvanceOptions): Prepared {
  const input = resolveTemplates(node.input ?? {}, ctx);
  if (opts.steps) {
    const step = opts.steps.get(node.step);
    if (!step) return { error: `Node ${node.id}: unknown step "${node.step}"` };
    const issues = step.validateInput?.(input) ?? [];
    if (issues.length > 0) {
      return { error: `Node ${node.id} (${step.title}): ${issues.map((i) => `input${i.path ? `.${i.path}` : ''}: ${i.message}`).join('; ')}` };
    }
  }
  return { input };
}

function handOutAction(walk: Walk, node: ActionNode, ctx: RunContext): AdvanceResult {
  const prepared = prepareAction(node, ctx);
  if (prepared.error !== undefined) return walk.fail(node.id, prepared.error);
  walk.follow(node.id, 'next');
  walk.state.waitingOn = node.id;
  walk.state.actions += 1;
  return { state: walk.state, instruction: { type: 'action', nodeId: node.id, kind: 'action', name: node.action, input: prepared.input } };
}

function handOutStep(walk: Walk, node: StepNode, ctx: RunContext, opts: AdvanceOptions): AdvanceResult {
  const prepared = prepareStep(node, ctx, opts);
  if (prepared.error !== undefined) return walk.fail(node.id, prepared.error);
  walk.follow(node.id, 'next');
  walk.state.waitingOn = node.id;
  walk.state.actions += 1;
  return { state: walk.state, instruction: { type: 'action', nodeId: node.id, kind: 'step', name: node.step, input: prepared.input } };
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
        const { handle, detail } = switchCase(node, ctx, true);
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

// The pre-check's view of a graph, built once per graph object (graphs are immutable once
// indexed, see graph-index.ts): the nodes by position as the index holds them, each with its
// targets per handle as positions, its compiled conditions and, for the trigger, its filter.
// The dispatcher walks it for every candidate rule of every event, so it keeps to arrays and
// small numbers and reads as little memory as it can.
const TRIGGER = 0, CONDITION = 1, BRANCH = 2, SWITCH = 3, OTHER = 4;

interface PlanNode {
  kind: number;
  node: RuleNode;
  id: string;
  /** A condition's or branch's predicates, compiled when first evaluated (as a run would, it throws then on a broken list). */
  conditions: CompiledConditions | null;
  /** Targets of the `next` handle, and of every handle. */
  next: number[] | undefined;
  out: Map<string, number[]> | undefined;
}

interface Plan {
  filter: TriggerFilter;
  /** The position of the trigger's id. */
  start: number;
  nodes: PlanNode[];
}

const plans = new WeakMap<RuleGraph, Plan | null>();

function planOf(graph: RuleGraph): Plan | null {
  const cached = plans.get(graph);
  if (cached !== undefined) return cached;
  const index = indexGraph(graph);
  const trigger = index.trigger;
  let plan: Plan | null = null;
  if (trigger) {
    const byId = [...index.byId.values()];
    const at = new Map<string, number>();
    byId.forEach((node, i) => at.set(node.id, i));
    const nodes = byId.map((node): PlanNode => {
      let out: Map<string, number[]> | undefined;
      const byHandle = index.out.get(node.id);
      if (byHandle) {
        out = new Map();
        // Edges to unknown nodes are left out: the run would queue and skip them.
        for (const [handle, ids] of byHandle) out.set(handle, ids.filter((id) => at.has(id)).map((id) => at.get(id)!));
      }
      const kind = node.kind === 'trigger' ? TRIGGER : node.kind === 'condition' ? CONDITION : node.kind === 'branch' ? BRANCH : node.kind === 'switch' ? SWITCH : OTHER;
      return { kind, node, id: node.id, conditions: null, next: out?.get('next'), out };
    });
    plan = { filter: triggerFilter(trigger), start: at.get(trigger.id)!, nodes };
  }
  plans.set(graph, plan);
  return plan;
}

/**
 * Whether a fresh run of the graph would hand out an action, a step or a delay first: exactly
 * `advance(graph, ctx, startRun(graph, ctx), opts).instruction.type !== 'done'`, walked the same
 * way (breadth-first in edge order, each node once) but without a run state, a path or any
 * explanation. The dispatcher asks this of every candidate rule of every event.
 */
export function wouldAct(graph: RuleGraph, ctx: RunContext, opts: AdvanceOptions = {}): boolean {
  const plan = planOf(graph);
  if (!plan) return false;
  const nodes = plan.nodes;
  const queue: number[] = [plan.start];
  // Positions reached so far (queued or visited): graphs are small, a list beats a set here.
  const reached: number[] = [plan.start];
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head];
    const step = nodes[at];
    let targets: number[] | undefined;
    switch (step.kind) {
      case TRIGGER:
        // Only the run's trigger (the first trigger node, which holds its id's position) is evaluated.
        if (at !== plan.start) continue;
        if (!filterMatches(plan.filter, ctx.trigger)) return false;
        targets = step.next;
        break;
      case CONDITION:
        if (!conditionsHold(step.conditions ??= compileConditions((step.node as ConditionNode).all), ctx, step.id)) continue;
        targets = step.next;
        break;
      case BRANCH: {
        // Evaluated even without outgoing edges, as a run would (it may throw).
        const pass = conditionsHold(step.conditions ??= compileConditions((step.node as BranchNode).all), ctx, step.id);
        targets = step.out?.get(pass ? 'true' : 'false');
        break;
      }
      case SWITCH: {
        const handle = switchCase(step.node as SwitchNode, ctx, false).handle;
        targets = step.out?.get(handle);
        break;
      }
      default: {
        const node = step.node;
        if (node.kind === 'delay') return durationToMs(node.duration) !== null;
        if (node.kind === 'action') return prepareAction(node, ctx).error === undefined;
        if (node.kind === 'step') return prepareStep(node, ctx, opts).error === undefined;
        continue;
      }
    }
    if (!targets) continue;
    for (let i = 0; i < targets.length; i++) {
      if (reached.includes(targets[i])) continue;
      reached.push(targets[i]);
      queue.push(targets[i]);
    }
  }
  return false;
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
