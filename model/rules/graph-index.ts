// Lookups over one graph (nodes by id, outgoing edges by handle, incoming edges), built once per
// graph object and kept in a WeakMap: the interpreter advances the same published graph many
// times per run and across runs. Graphs are treated as immutable once indexed.
import { handleOf, type RuleGraph, type RuleNode, type TriggerNode } from './graph';

export interface GraphIndex {
  byId: Map<string, RuleNode>;
  /** The first trigger node (a valid graph has exactly one). */
  trigger: TriggerNode | null;
  /** Targets per node and handle, in the graph's edge order. */
  out: Map<string, Map<string, string[]>>;
  /** Sources of each node's incoming edges. */
  incoming: Map<string, string[]>;
}

const cache = new WeakMap<RuleGraph, GraphIndex>();

export function indexGraph(graph: RuleGraph): GraphIndex {
  let index = cache.get(graph);
  if (index) return index;
  const byId = new Map<string, RuleNode>();
  let trigger: TriggerNode | null = null;
  for (const node of graph.nodes) {
    if (!byId.has(node.id)) byId.set(node.id, node);
    if (node.kind === 'trigger' && !trigger) trigger = node;
  }
  const out = new Map<string, Map<string, string[]>>();
  const incoming = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const handle = handleOf(edge);
    let byHandle = out.get(edge.source);
    if (!byHandle) out.set(edge.source, (byHandle = new Map()));
    const targets = byHandle.get(handle);
    if (targets) targets.push(edge.target); else byHandle.set(handle, [edge.target]);
    const sources = incoming.get(edge.target);
    if (sources) sources.push(edge.source); else incoming.set(edge.target, [edge.source]);
  }
  index = { byId, trigger, out, incoming };
  cache.set(graph, index);
  return index;
}

/** The nodes an edge from `nodeId` through `handle` leads to. */
export const targetsOf = (index: GraphIndex, nodeId: string, handle: string): string[] => index.out.get(nodeId)?.get(handle) ?? [];

/** Every node from which `nodeId` can be reached (not the node itself unless it is on a cycle). */
export function ancestorsOf(index: GraphIndex, nodeId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(index.incoming.get(nodeId) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const source of index.incoming.get(id) ?? []) if (!seen.has(source)) stack.push(source);
  }
  return seen;
}
