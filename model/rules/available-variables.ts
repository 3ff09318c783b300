// Which `{{variables}}` a node may use: what its trigger provides (for an API trigger, also the
// fields its payload schema declares) and the outputs of every action or custom step that can run
// before it. The validator refuses others at save; the editor offers these as you type.
import { ACTIONS_BY_TYPE } from './actions';
import type { CustomStepCatalogue } from './catalogue';
import type { RuleGraph, RuleNode } from './graph';
import { ancestorsOf, indexGraph } from './graph-index';
import { payloadVariables } from './payload-schema';
import { TRIGGERS } from './triggers';
import { variable, type VariableSpec } from './variables-spec';

export interface AvailableVariables {
  list: VariableSpec[];
  /** Whether `{{ref}}` resolves to something here. Object-typed variables accept any sub-path. */
  accepts(ref: string): boolean;
}

/** `steps.<id>.output.<field>` for one action or step node (unknown custom steps: any sub-path). */
export function stepOutputVariables(node: RuleNode, steps?: CustomStepCatalogue): VariableSpec[] {
  const prefix = `steps.${node.id}.output`;
  let outputs: VariableSpec[] | undefined;
  if (node.kind === 'action') outputs = ACTIONS_BY_TYPE.get(node.action)?.outputs;
  else if (node.kind === 'step') outputs = steps?.get(node.step)?.outputs;
  else return [];
  if (!outputs) return [variable(prefix, 'unknown', `Output of ${node.id}`)];
  return outputs.map((o) => variable(`${prefix}.${o.path}`, o.type, o.description));
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Object paths of a payload schema that declare `additionalProperties: false`: no other sub-path exists. */
function closedPayloadPaths(schema: unknown, path = 'trigger.payload', out: string[] = [], depth = 0): string[] {
  if (!isObject(schema) || depth > 6) return out;
  if (schema.additionalProperties === false) out.push(path);
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) closedPayloadPaths(child, `${path}.${name}`, out, depth + 1);
  }
  return out;
}

interface VariableSet {
  list: VariableSpec[];
  exact: Set<string>;
  /** `path.` prefixes of object-typed variables, under which any sub-path is accepted. */
  open: string[];
}

function variableSet(list: VariableSpec[], closed: ReadonlySet<string> = new Set()): VariableSet {
  return {
    list,
    exact: new Set(list.map((v) => v.path)),
    open: list.filter((v) => (v.type === 'object' || v.type === 'unknown' || v.type === 'array') && !closed.has(v.path)).map((v) => `${v.path}.`),
  };
}

const hasRef = (set: VariableSet, ref: string) => set.exact.has(ref) || set.open.some((prefix) => ref.startsWith(prefix));

// The trigger's variables depend on the trigger node only: computed once per graph object.
const triggerSets = new WeakMap<RuleGraph, VariableSet>();

function triggerVariables(graph: RuleGraph): VariableSet {
  let set = triggerSets.get(graph);
  if (set) return set;
  const trigger = indexGraph(graph).trigger;
  const list: VariableSpec[] = [];
  const closed = new Set<string>();
  if (trigger) {
    list.push(...TRIGGERS[trigger.trigger].variables);
    if (trigger.trigger === 'api.event') {
      const schema = trigger.config?.payloadSchema;
      list.push(...payloadVariables(schema));
      for (const p of closedPayloadPaths(schema)) closed.add(p);
    }
  }
  set = variableSet(list, closed);
  triggerSets.set(graph, set);
  return set;
}

export function availableVariables(graph: RuleGraph, nodeId: string, steps?: CustomStepCatalogue): AvailableVariables {
  const index = indexGraph(graph);
  const fromTrigger = triggerVariables(graph);
  // Only references to step outputs need the ancestors: found on first use.
  let ancestorSet: Set<string> | null = null;
  const ancestors = () => (ancestorSet ??= ancestorsOf(index, nodeId));
  const outputs = new Map<string, VariableSet>();
  const outputsOf = (id: string): VariableSet => {
    let set = outputs.get(id);
    if (!set) outputs.set(id, (set = variableSet(stepOutputVariables(index.byId.get(id)!, steps))));
    return set;
  };
  let list: VariableSpec[] | null = null;
  return {
    get list() {
      if (!list) {
        list = [...fromTrigger.list];
        for (const node of graph.nodes) {
          if (ancestors().has(node.id) && index.byId.get(node.id) === node) list.push(...outputsOf(node.id).list);
        }
      }
      return list;
    },
    accepts(ref) {
      if (ref.startsWith('steps.')) {
        const id = ref.slice(6, ref.indexOf('.', 6) === -1 ? undefined : ref.indexOf('.', 6));
        return ancestors().has(id) && index.byId.has(id) && hasRef(outputsOf(id), ref);
      }
      return hasRef(fromTrigger, ref);
    },
  };
}

/** The variables a node may use, in the order the editor offers them. */
export function variablesAt(graph: RuleGraph, nodeId: string, steps?: CustomStepCatalogue): VariableSpec[] {
  return availableVariables(graph, nodeId, steps).list;
}
