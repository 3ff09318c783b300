// Two versions on one canvas: the newer graph with added nodes green, changed ones amber (with the
// fields that changed) and removed ones as red ghosts where they were; edges likewise. What changed
// is the shared model's diffGraphs, the same the API's diff endpoint reports.
import { diffGraphs, handleOf, type RuleEdge, type RuleGraph } from '../model';
import { graphToFlow, toFlowNode } from './convert';
import { fieldLabel } from './issues';
import type { FlowEdge, FlowNode, RuleNodeBody } from './flow-types';

export interface NodeChanges {
  added: string[];
  removed: string[];
  changed: { id: string; fields: string[] }[];
}

const valueAt = (node: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), node);

const short = (v: unknown): string | null => {
  if (v === undefined) return '∅';
  if (typeof v === 'object' && v !== null) return null;
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length <= 28 ? s : null;
};

/** `input.tag: refund → reembolso` when both sides are short values; the path alone otherwise. */
function describe(path: string, before: unknown, after: unknown): string {
  const a = short(valueAt(before, path));
  const b = short(valueAt(after, path));
  return a !== null && b !== null ? `${path}: ${a} → ${b}` : path;
}

/** A changed field as people read it: `input.tag: refund → reembolso` → "Tag: refund → reembolso". */
export function changeText(change: string): string {
  const at = change.indexOf(': ');
  const path = at === -1 ? change : change.slice(0, at);
  const label = fieldLabel(path) || path;
  return at === -1 ? label : `${label}${change.slice(at)}`;
}

export function nodeChanges(from: RuleGraph, to: RuleGraph): NodeChanges {
  const d = diffGraphs(from, to);
  return {
    added: d.nodes.added.map((n) => n.id),
    removed: d.nodes.removed.map((n) => n.id),
    changed: d.nodes.changed.map((c) => ({ id: c.nodeId, fields: c.fields.map((f) => describe(f, c.before, c.after)) })),
  };
}

const edgeKey = (e: Pick<RuleEdge, 'source' | 'target' | 'sourceHandle'>) => `${e.source}|${handleOf(e as RuleEdge)}|${e.target}`;

export function diffCanvas(from: RuleGraph, to: RuleGraph): { nodes: FlowNode[]; edges: FlowEdge[]; changes: NodeChanges } {
  const d = diffGraphs(from, to);
  const changes = nodeChanges(from, to);
  const current = graphToFlow(to);
  const changed = new Map(changes.changed.map((c) => [c.id, c.fields]));
  const added = new Set(changes.added);
  const nodes: FlowNode[] = current.nodes.map((n) => ({
    ...n,
    draggable: false,
    data: { ...n.data, readOnly: true, diff: added.has(n.id) ? 'added' : changed.has(n.id) ? 'changed' : undefined, changedFields: changed.get(n.id) },
  }));
  for (const ghost of d.nodes.removed) {
    const { position: _p, ...rule } = ghost;
    nodes.push(toFlowNode(ghost, { draggable: false, selectable: false, data: { rule: rule as RuleNodeBody, readOnly: true, diff: 'removed' } }));
  }
  const addedEdges = new Set(d.edges.added.map(edgeKey));
  const edges: FlowEdge[] = current.edges.map((e) => (addedEdges.has(edgeKey(e)) ? { ...e, className: 'edge-added' } : e));
  const removed = new Set(d.edges.removed.map(edgeKey));
  for (const e of graphToFlow(from).edges) {
    if (removed.has(edgeKey(e))) edges.push({ ...e, id: `removed:${e.id}`, className: 'edge-removed' });
  }
  return { nodes, edges, changes };
}
