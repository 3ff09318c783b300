// A run's path on the canvas (run history and dry-run): the nodes it passed through with their
// outcome, the edges it took, everything else dimmed.
import type { PathEntry } from '../model';
import { NEXT_HANDLE, type FlowEdge, type FlowNode } from './flow-types';

export interface PathView {
  outcomes: Map<string, PathEntry>;
  takenEdges: Set<string>;
}

/** Which handle a node's outcome leaves through (branch: true/false, switch: the case, else next). */
function handleTaken(node: FlowNode | undefined, entry: PathEntry): string | null {
  if (!node) return null;
  const kind = node.data.rule.kind;
  if (kind === 'branch' || kind === 'switch') return entry.outcome;
  // A failed condition, a re-check that failed or an action error ends the branch there.
  if (['failed', 'recheck_failed', 'error'].includes(entry.outcome)) return null;
  return NEXT_HANDLE;
}

export function pathView(path: PathEntry[], nodes: FlowNode[], edges: FlowEdge[]): PathView {
  const outcomes = new Map<string, PathEntry>();
  // A delay appears twice (waited, then recheck_failed): the last word counts.
  for (const entry of path) outcomes.set(entry.nodeId, entry);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const takenEdges = new Set<string>();
  for (const e of edges) {
    const from = outcomes.get(e.source);
    if (!from || !outcomes.has(e.target)) continue;
    if (handleTaken(byId.get(e.source), from) === (e.sourceHandle ?? NEXT_HANDLE)) takenEdges.add(e.id);
  }
  return { outcomes, takenEdges };
}

/** The canvas decorated with a path: taken nodes outlined with their outcome, others dimmed. */
export function decorateWithPath(nodes: FlowNode[], edges: FlowEdge[], path: PathEntry[] | null): { nodes: FlowNode[]; edges: FlowEdge[] } {
  if (!path) {
    return {
      nodes: nodes.map((n) => (n.data.path ? { ...n, data: { ...n.data, path: undefined, outcome: undefined, outcomeDetail: undefined } } : n)),
      edges: edges.map((e) => (e.animated || e.className ? { ...e, animated: false, className: undefined } : e)),
    };
  }
  const view = pathView(path, nodes, edges);
  return {
    nodes: nodes.map((n) => {
      const entry = view.outcomes.get(n.id);
      return { ...n, data: { ...n.data, path: entry ? 'taken' : 'dimmed', outcome: entry?.outcome, outcomeDetail: entry?.detail } };
    }),
    edges: edges.map((e) => (view.takenEdges.has(e.id)
      ? { ...e, animated: true, className: 'edge-taken' }
      : { ...e, animated: false, className: 'edge-dimmed' })),
  };
}
