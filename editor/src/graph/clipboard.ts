// Copy and paste: the selected nodes and the edges between them, pasted with new ids (a rule's
// node ids are unique and stable) a little offset from the originals. The trigger is never
// pasted: a rule has one.
import type { RuleNodeKind } from '../model';
import { NEXT_HANDLE, type FlowEdge, type FlowNode } from './flow-types';
import { edgeIdFor, newNodeIds } from './ids';

export interface Clip {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export const PASTE_OFFSET = 40;

export function copySelection(nodes: FlowNode[], edges: FlowEdge[]): Clip | null {
  const picked = nodes.filter((n) => n.selected && n.data.rule.kind !== 'trigger');
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: picked.map((n) => ({ id: n.id, type: n.type, position: { ...n.position }, data: { rule: structuredClone(n.data.rule) } } as FlowNode)),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ ...e, selected: false })),
  };
}

/** The pasted nodes (selected) and edges, with fresh ids; `times` shifts repeated pastes further. */
export function pasteClip(clip: Clip, existing: FlowNode[], times = 1): Clip {
  const fresh = newNodeIds(clip.nodes.map((n) => n.data.rule.kind as RuleNodeKind), existing.map((n) => n.id));
  const rename = new Map(clip.nodes.map((n, i) => [n.id, fresh[i]]));
  const shift = PASTE_OFFSET * times;
  const nodes = clip.nodes.map((n) => ({
    ...n,
    id: rename.get(n.id)!,
    position: { x: n.position.x + shift, y: n.position.y + shift },
    data: { rule: { ...structuredClone(n.data.rule), id: rename.get(n.id)! } },
    selected: true,
    deletable: true,
  } as FlowNode));
  const edges = clip.edges.map((e) => {
    const source = rename.get(e.source)!;
    const target = rename.get(e.target)!;
    const handle = e.sourceHandle ?? NEXT_HANDLE;
    return { id: edgeIdFor(source, handle, target), source, target, sourceHandle: handle, targetHandle: null } as FlowEdge;
  });
  return { nodes, edges };
}
