// What changed between two versions of a rule graph, for the visual diff (nodes highlighted as
// added, removed, changed or moved) and the JSON diff. Nodes are matched by id; a node that only
// moved on the canvas is `moved`, not `changed`; edges are matched by source, handle and target
// (their ids are the canvas's business).
import { handleOf, type RuleEdge, type RuleGraph, type RuleNode } from './graph';

export interface NodeChange {
  nodeId: string;
  /** Dotted paths of what differs (`input.text`, `all.0.value`, `label`), position excluded. */
  fields: string[];
  before: RuleNode;
  after: RuleNode;
}

export interface GraphDiff {
  nodes: { added: RuleNode[]; removed: RuleNode[]; changed: NodeChange[]; moved: string[] };
  edges: { added: RuleEdge[]; removed: RuleEdge[] };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Leaf paths where two JSON values differ. */
function differences(a: unknown, b: unknown, path: string, out: string[]): void {
  if (a === b) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) differences(a[i], b[i], path ? `${path}.${i}` : String(i), out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) differences(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (a === undefined && b === undefined) return;
  out.push(path);
}

const edgeKey = (e: RuleEdge) => `${e.source}\u0000${handleOf(e)}\u0000${e.target}`;

export function diffGraphs(a: RuleGraph, b: RuleGraph): GraphDiff {
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  const diff: GraphDiff = { nodes: { added: [], removed: [], changed: [], moved: [] }, edges: { added: [], removed: [] } };

  for (const node of b.nodes) {
    const old = before.get(node.id);
    if (!old) { diff.nodes.added.push(node); continue; }
    const { position: p1, ...restOld } = old;
    const { position: p2, ...restNew } = node;
    const fields: string[] = [];
    differences(restOld, restNew, '', fields);
    if (fields.length > 0) diff.nodes.changed.push({ nodeId: node.id, fields, before: old, after: node });
    if ((p1?.x ?? 0) !== (p2?.x ?? 0) || (p1?.y ?? 0) !== (p2?.y ?? 0)) diff.nodes.moved.push(node.id);
  }
  for (const node of a.nodes) if (!after.has(node.id)) diff.nodes.removed.push(node);

  const oldEdges = new Set(a.edges.map(edgeKey));
  const newEdges = new Set(b.edges.map(edgeKey));
  const seenAdded = new Set<string>();
  for (const edge of b.edges) {
    const key = edgeKey(edge);
    if (!oldEdges.has(key) && !seenAdded.has(key)) { seenAdded.add(key); diff.edges.added.push(edge); }
  }
  const seenRemoved = new Set<string>();
  for (const edge of a.edges) {
    const key = edgeKey(edge);
    if (!newEdges.has(key) && !seenRemoved.has(key)) { seenRemoved.add(key); diff.edges.removed.push(edge); }
  }
  return diff;
}

/** True when two graphs are the same rule (positions and edge ids aside). */
export function sameGraph(a: RuleGraph, b: RuleGraph): boolean {
  const d = diffGraphs(a, b);
  return d.nodes.added.length + d.nodes.removed.length + d.nodes.changed.length + d.edges.added.length + d.edges.removed.length === 0;
}
