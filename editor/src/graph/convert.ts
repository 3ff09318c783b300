// RuleGraph ↔ React Flow. The graph is what the API stores; the canvas keeps the same nodes with
// their position on the React Flow node. Drafts may be work in progress, so reading is tolerant:
// anything that is not a node or an edge is left out rather than breaking the canvas.
import { handleOf, type RuleEdge, type RuleGraph, type RuleNode } from '../model';
import { NEXT_HANDLE, type FlowEdge, type FlowNode, type RuleNodeBody } from './flow-types';
import { edgeIdFor } from './ids';

const KINDS = new Set(['trigger', 'condition', 'branch', 'switch', 'delay', 'action', 'step']);

export function toFlowNode(node: RuleNode, extra: Partial<FlowNode> = {}): FlowNode {
  const { position, ...rule } = node;
  return {
    id: node.id,
    type: node.kind,
    position: { x: position?.x ?? 0, y: position?.y ?? 0 },
    data: { rule: rule as RuleNodeBody },
    deletable: node.kind !== 'trigger',
    ...extra,
  };
}

export function toFlowEdge(edge: RuleEdge): FlowEdge {
  return { id: edge.id, source: edge.source, target: edge.target, sourceHandle: handleOf(edge), targetHandle: null };
}

export function graphToFlow(graph: Partial<RuleGraph> | null | undefined): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const rawNodes = Array.isArray(graph?.nodes) ? graph.nodes : [];
  const rawEdges = Array.isArray(graph?.edges) ? graph.edges : [];
  const nodes: FlowNode[] = [];
  rawNodes.forEach((n, i) => {
    if (!n || typeof n !== 'object' || typeof n.id !== 'string' || !KINDS.has(n.kind)) return;
    const position = n.position && typeof n.position.x === 'number' ? n.position : { x: 0, y: i * 140 };
    nodes.push(toFlowNode({ ...n, position } as RuleNode));
  });
  const ids = new Set(nodes.map((n) => n.id));
  const edges = rawEdges
    .filter((e) => e && typeof e.source === 'string' && typeof e.target === 'string' && ids.has(e.source) && ids.has(e.target))
    .map((e) => toFlowEdge({ ...e, id: typeof e.id === 'string' && e.id ? e.id : edgeIdFor(e.source, handleOf(e), e.target) }));
  return { nodes, edges };
}

export function fromFlowNode(node: FlowNode): RuleNode {
  const { id, kind, ...rest } = node.data.rule;
  return { id, kind, ...rest, position: { x: Math.round(node.position.x), y: Math.round(node.position.y) } } as RuleNode;
}

export function fromFlowEdge(edge: FlowEdge): RuleEdge {
  const handle = edge.sourceHandle ?? NEXT_HANDLE;
  return handle === NEXT_HANDLE
    ? { id: edge.id, source: edge.source, target: edge.target }
    : { id: edge.id, source: edge.source, sourceHandle: handle, target: edge.target };
}

export function flowToGraph(nodes: FlowNode[], edges: FlowEdge[]): RuleGraph {
  return { nodes: nodes.map(fromFlowNode), edges: edges.map(fromFlowEdge) };
}
