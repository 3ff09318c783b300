// Graph validation at save and publish: one issue per problem, each naming the node, the field
// path inside it (`input.text`, `all.0.value`, `config.cron`) and what to do about it. The editor
// runs the same checks in the browser (without custom-step schemas) while you draw.
import type { z } from 'zod';
import { ACTIONS_BY_TYPE } from './actions';
import { availableVariables, type AvailableVariables } from './available-variables';
import type { CustomStepCatalogue } from './catalogue';
import { toTime } from './conditions';
import { durationToMs } from './duration';
import { CONDITION_FIELDS, findField, VALUELESS_OPERATORS } from './fields';
import { handleOf, outputHandles, RuleGraphSchema, type RuleGraph, type RuleNode, type TriggerNode } from './graph';
import { indexGraph, ancestorsOf, type GraphIndex } from './graph-index';
import { checkPayloadSchema } from './payload-schema';
import type { Predicate } from './predicate';
import { checkRegex } from './safe-regex';
import { findTemplateRefs, hasTemplate, isPureTemplate, visitStrings } from './templates';
import { TRIGGERS } from './triggers';
import { humanIssueMessage, joinPath, valueAt } from './zod-issues';

export interface GraphIssue {
  /** The node the problem is on; null for the graph as a whole (or an edge whose source is missing). */
  nodeId: string | null;
  /** Where inside the node (`input.text`, `all.0.value`), or `edges.<index>.<field>` for a connection. */
  path: string;
  message: string;
}

export type GraphValidation = { ok: true; graph: RuleGraph } | { ok: false; issues: GraphIssue[] };

export interface ValidateOptions {
  /** The custom steps registered on the server. Without it, step nodes are not checked against their schema. */
  steps?: CustomStepCatalogue;
}

const name = (node: RuleNode) => `"${node.label ?? node.id}"`;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Shape problems (zod), mapped from `nodes.3.input.text` to node nodes[3].id and path `input.text`. */
function shapeIssues(issues: z.core.$ZodIssue[], input: unknown): GraphIssue[] {
  const rawNodes = isObject(input) && Array.isArray(input.nodes) ? input.nodes : [];
  return issues.map((issue) => {
    const [head, index, ...rest] = issue.path;
    let message = humanIssueMessage(issue, input);
    if (issue.path.length === 0) message = 'A rule graph is an object with "nodes" and "edges" lists';
    if (issue.code === 'invalid_union' && rest[rest.length - 1] === 'value' && !issue.discriminator) message = 'A value is text, a number, true or false, or a list of texts or numbers';
    if (head === 'nodes' && typeof index === 'number') {
      const raw = rawNodes[index];
      const id = isObject(raw) && typeof raw.id === 'string' && raw.id.length > 0 ? raw.id : null;
      return id ? { nodeId: id, path: joinPath(rest), message } : { nodeId: null, path: joinPath(issue.path), message };
    }
    return { nodeId: null, path: joinPath(issue.path), message };
  });
}

/** Ranks the variables available here by how much of `ref` they share, for the "available here are …" hint. */
function suggestions(ref: string, vars: AvailableVariables, max = 6): string {
  const refSegments = ref.split('.');
  const scored = vars.list.map((v, order) => {
    const segments = v.path.split('.');
    let shared = 0;
    while (shared < segments.length && segments[shared] === refSegments[shared]) shared++;
    return { path: v.path, shared, order };
  });
  scored.sort((a, b) => b.shared - a.shared || a.order - b.order);
  const shown = scored.slice(0, max).map((s) => `{{${s.path}}}`);
  if (shown.length === 0) return 'none';
  return shown.join(', ') + (scored.length > max ? ', …' : '');
}

function unknownVariable(ref: string, vars: AvailableVariables, index: GraphIndex, nodeId: string): string {
  if (ref === '') return 'Empty variable {{}}: write a name inside, e.g. {{contact.name}}';
  let reason = '';
  const [root, stepId, output] = ref.split('.');
  if (root === 'steps' && stepId) {
    const source = index.byId.get(stepId);
    if (!source) reason = ` (there is no node "${stepId}")`;
    else if (source.kind !== 'action' && source.kind !== 'step') reason = ` (node "${stepId}" is not an action or step and has no output)`;
    else if (stepId === nodeId) reason = ' (a node cannot use its own output)';
    else if (!ancestorsOf(index, nodeId).has(stepId)) reason = ` (node "${stepId}" does not run before this one)`;
    else if (output !== 'output') reason = ` (outputs are read as steps.${stepId}.output.<field>)`;
  } else if (index.trigger?.trigger === 'api.event' && ref.startsWith('trigger.payload.')) {
    reason = ' (the payload schema does not declare it)';
  } else if (index.trigger && ['trigger', 'case', 'contact', 'channel'].includes(root)) {
    reason = ` (the trigger "${TRIGGERS[index.trigger.trigger].title}" does not provide it)`;
  }
  return `Unknown variable {{${ref}}}${reason}: available here are ${suggestions(ref, vars)}`;
}

class Checker {
  readonly issues: GraphIssue[] = [];
  readonly index: GraphIndex;
  private readonly vars = new Map<string, AvailableVariables>();

  constructor(readonly graph: RuleGraph, readonly opts: ValidateOptions) {
    this.index = indexGraph(graph);
  }

  add(nodeId: string | null, path: string, message: string) {
    this.issues.push({ nodeId, path, message });
  }

  varsAt(nodeId: string): AvailableVariables {
    let v = this.vars.get(nodeId);
    if (!v) this.vars.set(nodeId, (v = availableVariables(this.graph, nodeId, this.opts.steps)));
    return v;
  }

  /** Every {{ref}} in the strings of `value` must be available at the node. */
  checkRefs(node: RuleNode, value: unknown, basePath: string) {
    visitStrings(value, (text, p) => {
      const refs = findTemplateRefs(text);
      if (refs.length === 0) return;
      const vars = this.varsAt(node.id);
      const path = [basePath, p].filter(Boolean).join('.');
      for (const ref of new Set(refs)) if (!vars.accepts(ref)) this.add(node.id, path, unknownVariable(ref, vars, this.index, node.id));
    });
  }
}

/** One trigger, unique ids, edges between existing nodes through valid handles, no duplicates, no cycles, everything reachable. */
function checkStructure(c: Checker): void {
  const { graph } = c;
  const seen = new Set<string>();
  for (const node of graph.nodes) {
    if (seen.has(node.id)) c.add(node.id, 'id', `Another node already has the id "${node.id}": give each node its own id`);
    seen.add(node.id);
  }
  const triggers = graph.nodes.filter((n): n is TriggerNode => n.kind === 'trigger');
  if (triggers.length === 0) c.add(null, 'nodes', 'A rule starts with exactly one trigger: add a trigger node (for example "Message received or sent")');
  for (const extra of triggers.slice(1)) {
    c.add(extra.id, 'kind', `A rule starts with exactly one trigger, and this rule has ${triggers.length}: keep one and delete the others (or make a second rule)`);
  }
  const trigger = c.index.trigger;

  const adjacency = new Map<string, { target: string; edge: number }[]>();
  const edgeKeys = new Set<string>();
  graph.edges.forEach((edge, i) => {
    const source = c.index.byId.get(edge.source);
    const target = c.index.byId.get(edge.target);
    if (!source) c.add(null, `edges.${i}.source`, `The connection ${edge.id} starts at "${edge.source}", which is not a node of this rule: delete the connection`);
    if (!target) c.add(source ? source.id : null, `edges.${i}.target`, `The connection ${edge.id} leads to "${edge.target}", which is not a node of this rule: delete the connection`);
    if (!source || !target) return;
    const handle = handleOf(edge);
    const handles = outputHandles(source);
    if (!handles.includes(handle)) {
      const hint = source.kind === 'branch' ? 'true or false' : source.kind === 'switch' ? `one of its cases (${handles.join(', ')})` : 'its single output';
      c.add(source.id, `edges.${i}.sourceHandle`, `${name(source)} has no output "${handle}": connect from ${hint}`);
      return;
    }
    if (target.kind === 'trigger') {
      c.add(target.id, `edges.${i}.target`, `Nothing can lead into the trigger: the rule starts there. Delete the connection from ${name(source)}`);
      return;
    }
    const key = `${edge.source}\u0000${handle}\u0000${edge.target}`;
    if (edgeKeys.has(key)) {
      c.add(source.id, `edges.${i}`, `${name(source)} is connected to ${name(target)} twice${handle === 'next' ? '' : ` through "${handle}"`}: delete one of the connections`);
      return;
    }
    edgeKeys.add(key);
    let list = adjacency.get(source.id);
    if (!list) adjacency.set(source.id, (list = []));
    list.push({ target: target.id, edge: i });
  });

  // Cycles: a depth-first walk; an edge back to a node still on the walk closes a loop.
  const state = new Map<string, 1 | 2>();
  for (const start of graph.nodes) {
    if (state.has(start.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    state.set(start.id, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const out = adjacency.get(frame.id) ?? [];
      if (frame.next >= out.length) { state.set(frame.id, 2); stack.pop(); continue; }
      const { target, edge } = out[frame.next++];
      const s = state.get(target);
      if (s === 1) {
        const from = c.index.byId.get(frame.id)!;
        const to = c.index.byId.get(target)!;
        c.add(from.id, `edges.${edge}`, `Connecting ${name(from)} to ${name(to)} would loop back to ${name(to)}: a rule runs forward only. Delete this connection (to repeat something, start a second rule)`);
      } else if (s === undefined) {
        state.set(target, 1);
        stack.push({ id: target, next: 0 });
      }
    }
  }

  if (trigger) {
    const reached = new Set([trigger.id]);
    const queue = [trigger.id];
    while (queue.length > 0) {
      for (const { target } of adjacency.get(queue.shift()!) ?? []) {
        if (!reached.has(target)) { reached.add(target); queue.push(target); }
      }
    }
    const reported = new Set<string>();
    for (const node of graph.nodes) {
      if (reached.has(node.id) || node.kind === 'trigger' || reported.has(node.id)) continue;
      reported.add(node.id);
      c.add(node.id, '', `${name(node)} is not connected to the trigger: it would never run. Connect it or delete it`);
    }
  }
  if (!graph.nodes.some((n) => n.kind === 'action' || n.kind === 'step')) {
    c.add(trigger?.id ?? null, '', 'Add at least one action or custom step: without one the rule does nothing');
  }
}

function checkTrigger(c: Checker, node: TriggerNode): void {
  const spec = TRIGGERS[node.trigger];
  const config = node.config ?? {};
  const parsed = spec.config.safeParse(config);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) c.add(node.id, ['config', ...issue.path.map(String)].join('.'), humanIssueMessage(issue, config));
  }
  if (node.trigger === 'api.event' && config.payloadSchema !== undefined) {
    for (const issue of checkPayloadSchema(config.payloadSchema)) c.add(node.id, ['config.payloadSchema', issue.path].filter(Boolean).join('.'), issue.message);
  }
}

const FIELD_EXAMPLES = CONDITION_FIELDS.filter((f) => !f.wildcard).slice(0, 6).map((f) => f.id).join(', ');

function checkPredicate(c: Checker, node: RuleNode, pred: Predicate, base: string): void {
  const resolved = findField(pred.field);
  if (!resolved) {
    c.add(node.id, `${base}.field`, `Unknown field "${pred.field}": use one of ${FIELD_EXAMPLES}, …, case.customFields.<key>, contact.customFields.<key>, trigger.payload.<field>`);
    return;
  }
  const { field, needs } = resolved;
  if (!field.operators.includes(pred.op)) {
    c.add(node.id, `${base}.op`, `${field.title} cannot be tested with "${pred.op}": use ${field.operators.join(', ')}`);
    return;
  }
  if (needs) {
    const vars = c.varsAt(node.id);
    if (!vars.accepts(needs)) {
      const trigger = c.index.trigger;
      const why = needs.startsWith('steps.')
        ? unknownVariable(needs, vars, c.index, node.id)
        : `the trigger${trigger ? ` "${TRIGGERS[trigger.trigger].title}"` : ''} does not provide it`;
      c.add(node.id, `${base}.field`, `${pred.field} is not available here: ${why}`);
      return;
    }
  }
  if (VALUELESS_OPERATORS.includes(pred.op)) return;

  const value = pred.value;
  const path = `${base}.value`;
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    c.add(node.id, path, 'Enter a value');
    return;
  }
  const before = c.issues.length;
  c.checkRefs(node, value, path);
  if (c.issues.length > before) return;
  if (typeof value === 'string' && hasTemplate(value)) return; // filled in at run time; checked then

  const values = Array.isArray(value) ? value : [value];
  const op = pred.op;
  const numeric = (v: unknown) => typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v));
  const scalarOnly = () => {
    if (Array.isArray(value) && !['in', 'not_in', 'contains', 'not_contains', 'starts_with', 'equals', 'not_equals'].includes(op)) {
      c.add(node.id, path, `"${op}" compares with one value, not a list`);
      return false;
    }
    return true;
  };
  if (!scalarOnly()) return;

  if (op === 'matches') {
    if (typeof value !== 'string') { c.add(node.id, path, 'A pattern is text, e.g. ^order-\\d+$'); return; }
    const check = checkRegex(value);
    if (!check.ok) c.add(node.id, path, check.message);
    return;
  }
  if (op === 'before' || op === 'after') {
    if (!Number.isFinite(toTime(value))) c.add(node.id, path, 'Write a date (2026-01-31 or 2026-01-31T09:00:00Z), a time in ms, or a {{variable}} holding one');
    return;
  }
  switch (field.type) {
    case 'number':
      if (!numeric(value)) c.add(node.id, path, `${field.title} is a number: write one, e.g. 50`);
      return;
    case 'duration':
      if (durationToMs(value) === null) c.add(node.id, path, 'Write a duration: a number and a unit, e.g. 30m, 2h or 3d');
      return;
    case 'percent':
      if (!numeric(value) || Number(value) < 0 || Number(value) > 100) c.add(node.id, path, 'Write a percentage from 0 to 100 (the share of events that go on)');
      return;
    case 'boolean':
      if (!['true', 'false'].includes(String(value).toLowerCase())) c.add(node.id, path, 'Write true or false');
      return;
    case 'enum': {
      const allowed = field.values ?? [];
      for (const v of values) {
        if (!allowed.includes(String(v).toLowerCase())) {
          c.add(node.id, path, `"${v}" is not a valid ${field.title.toLowerCase()}: use ${allowed.join(', ')}`);
          return;
        }
      }
      return;
    }
    case 'any':
      if ((op === 'greater' || op === 'less') && !numeric(value)) c.add(node.id, path, `"greater" and "less" compare numbers: write one, e.g. 100`);
      return;
    default:
      return;
  }
}

/**
 * Input against the action's schema, where a string holding `{{…}}` is accepted for any text
 * field, and a number field may be given as one `{{variable}}`: both are checked again at run
 * time, once filled in.
 */
function checkAction(c: Checker, node: Extract<RuleNode, { kind: 'action' }>): void {
  const spec = ACTIONS_BY_TYPE.get(node.action);
  if (!spec) {
    c.add(node.id, 'action', `Unknown action "${node.action}": use one of ${[...ACTIONS_BY_TYPE.keys()].join(', ')}`);
    return;
  }
  const trigger = c.index.trigger;
  if (spec.needsCase && trigger && !TRIGGERS[trigger.trigger].variables.some((v) => v.path === 'case.id')) {
    c.add(node.id, 'action', `${spec.title} works on a case, and the trigger "${TRIGGERS[trigger.trigger].title}" has none: start the rule from a case or message event, or use Call a URL / Send notification email`);
  }
  // Website actions act in the page of the visitor the event is about: only visitor triggers have one.
  if (spec.group === 'Website' && trigger && !TRIGGERS[trigger.trigger].variables.some((v) => v.path === 'trigger.payload.visitorId')) {
    c.add(node.id, 'action', `${spec.title} acts on a website visitor, and the trigger "${TRIGGERS[trigger.trigger].title}" has none: start the rule from a visitor event (Visitor page view, Mapped element interacted, …)`);
  }
  const input = node.input ?? {};
  const shape = (spec.input as unknown as { shape?: Record<string, unknown> }).shape;
  if (shape) {
    for (const key of Object.keys(input)) {
      if (!(key in shape)) c.add(node.id, `input.${key}`, `${spec.title} has no field "${key}"${Object.keys(shape).length ? `: use ${Object.keys(shape).join(', ')}` : ''}`);
    }
  }
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const v = valueAt(input, issue.path);
      if (typeof v === 'string' && hasTemplate(v)) {
        if (issue.code !== 'invalid_type') continue;
        if ((issue.expected === 'number' || issue.expected === 'int' || issue.expected === 'boolean') && isPureTemplate(v)) continue;
      }
      c.add(node.id, `input.${joinPath(issue.path)}`, humanIssueMessage(issue, input));
    }
  }
  c.checkRefs(node, input, 'input');
}

function checkStep(c: Checker, node: Extract<RuleNode, { kind: 'step' }>): void {
  const input = node.input ?? {};
  if (c.opts.steps) {
    const step = c.opts.steps.get(node.step);
    if (!step) {
      const known = c.opts.steps.list().map((s) => s.id);
      c.add(node.id, 'step', `Unknown step "${node.step}": no custom step with this id is registered on this server${known.length ? ` (registered: ${known.slice(0, 8).join(', ')})` : ''}`);
    } else {
      for (const issue of step.validateInput?.(input) ?? []) {
        const v = valueAt(input, issue.path ? issue.path.split('.') : []);
        if (typeof v === 'string' && hasTemplate(v)) continue;
        c.add(node.id, issue.path ? `input.${issue.path}` : 'input', issue.message);
      }
    }
  }
  c.checkRefs(node, input, 'input');
}

function checkNode(c: Checker, node: RuleNode): void {
  switch (node.kind) {
    case 'trigger': checkTrigger(c, node); return;
    case 'condition': case 'branch':
      if (node.all.length === 0) c.add(node.id, 'all', `Add at least one test to ${name(node)}${node.kind === 'condition' ? ' (or delete the node)' : ''}`);
      node.all.forEach((p, i) => checkPredicate(c, node, p, `all.${i}`));
      return;
    case 'delay':
      if (durationToMs(node.duration) === null) c.add(node.id, 'duration', 'Write a duration: a number and a unit, e.g. 90s, 15m, 2h, 3d');
      (node.recheck ?? []).forEach((p, i) => checkPredicate(c, node, p, `recheck.${i}`));
      return;
    case 'switch': {
      if (node.cases.length === 0) c.add(node.id, 'cases', 'Add at least one case to the switch');
      const ids = new Set<string>();
      node.cases.forEach((cs, i) => {
        if (cs.id === 'default') c.add(node.id, `cases.${i}.id`, '"default" is the switch\'s own fallback output: give this case another id');
        else if (ids.has(cs.id)) c.add(node.id, `cases.${i}.id`, `Two cases have the id "${cs.id}": give each case its own id`);
        ids.add(cs.id);
        c.checkRefs(node, cs.equals, `cases.${i}.equals`);
      });
      c.checkRefs(node, node.value, 'value');
      return;
    }
    case 'action': checkAction(c, node); return;
    case 'step': checkStep(c, node); return;
  }
}

/** Checks a graph's shape, structure and every node's configuration. */
export function validateGraph(graph: unknown, opts: ValidateOptions = {}): GraphValidation {
  const parsed = RuleGraphSchema.safeParse(graph);
  if (!parsed.success) return { ok: false, issues: shapeIssues(parsed.error.issues, graph) };
  const c = new Checker(parsed.data, opts);
  checkStructure(c);
  for (const node of parsed.data.nodes) checkNode(c, node);
  return c.issues.length > 0 ? { ok: false, issues: c.issues } : { ok: true, graph: parsed.data };
}
