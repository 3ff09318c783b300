// Auto-layout, top to bottom, with dagre, using each node's measured size (cards grow with their
// summaries). Branch and switch edges are ordered by handle so `true` lands left of `false`.
import dagre from '@dagrejs/dagre';
import { outputHandles, type RuleNode } from '../model';
import { NEXT_HANDLE, type FlowEdge, type FlowNode } from './flow-types';

export const DEFAULT_NODE_SIZE = { width: 260, height: 84 };

export function layoutNodes(nodes: FlowNode[], edges: FlowEdge[], opts: { rankSep?: number; nodeSep?: number } = {}): FlowNode[] {
  if (nodes.length === 0) return nodes;
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', ranksep: opts.rankSep ?? 64, nodesep: opts.nodeSep ?? 48, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const size = (n: FlowNode) => ({
    width: n.measured?.width ?? n.width ?? DEFAULT_NODE_SIZE.width,
    height: n.measured?.height ?? n.height ?? DEFAULT_NODE_SIZE.height,
  });
  for (const n of nodes) g.setNode(n.id, size(n));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // dagre tends to place the later of two sibling edges on the left: add them in reverse handle order.
  const order = (e: FlowEdge) => {
    const source = byId.get(e.source);
    if (!source) return 0;
    return outputHandles(source.data.rule as RuleNode).indexOf(e.sourceHandle ?? NEXT_HANDLE);
  };
  for (const e of [...edges].sort((a, b) => order(b) - order(a))) {
    if (byId.has(e.source) && byId.has(e.target)) g.setEdge(e.source, e.target, {}, e.id);
  }
  dagre.layout(g);
  const centre = new Map(nodes.map((n) => [n.id, { x: g.node(n.id).x, y: g.node(n.id).y }]));
  orderSiblings(nodes, edges, centre, order);
  return nodes.map((n) => {
    const p = centre.get(n.id)!;
    const { width, height } = size(n);
    return { ...n, position: { x: Math.round(p.x - width / 2), y: Math.round(p.y - height / 2) } };
  });
}

/**
 * Makes the children of a branch or switch read in handle order (true before false, cases before
 * default) when they are leaves on one row with no other parent: swapping them moves nothing else.
 */
function orderSiblings(nodes: FlowNode[], edges: FlowEdge[], centre: Map<string, { x: number; y: number }>, order: (e: FlowEdge) => number) {
  const parents = new Map<string, number>();
  const hasChildren = new Set(edges.map((e) => e.source));
  for (const e of edges) parents.set(e.target, (parents.get(e.target) ?? 0) + 1);
  for (const n of nodes) {
    if (n.data.rule.kind !== 'branch' && n.data.rule.kind !== 'switch') continue;
    const out = edges.filter((e) => e.source === n.id && parents.get(e.target) === 1 && !hasChildren.has(e.target) && centre.has(e.target));
    const rows = new Map<number, FlowEdge[]>();
    for (const e of out) {
      const y = Math.round(centre.get(e.target)!.y);
      rows.set(y, [...(rows.get(y) ?? []), e]);
    }
    for (const row of rows.values()) {
      if (row.length < 2) continue;
      const xs = row.map((e) => centre.get(e.target)!.x).sort((a, b) => a - b);
      [...row].sort((a, b) => order(a) - order(b)).forEach((e, i) => { centre.get(e.target)!.x = xs[i]; });
    }
  }
}
