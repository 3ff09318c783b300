// Undo / redo: snapshots of the rule's nodes and edges (without selection, measurements or view
// decorations, so selecting a node is not an undo step). Consecutive edits of the same field
// (typing) coalesce into one step.
import type { FlowEdge, FlowNode } from './flow-types';

export interface Snapshot {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export interface History {
  past: Snapshot[];
  present: Snapshot;
  future: Snapshot[];
  /** The coalescing key of the last push (typing in one field is one step). */
  lastKey: string | null;
}

export const HISTORY_LIMIT = 100;

/** The parts of the canvas an undo restores: the rule, not the view. */
export function snapshotOf(nodes: FlowNode[], edges: FlowEdge[]): Snapshot {
  return {
    nodes: nodes.map((n) => ({
      id: n.id, type: n.type, position: { ...n.position }, data: { rule: n.data.rule }, deletable: n.deletable,
    } as FlowNode)),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? null, targetHandle: e.targetHandle ?? null })),
  };
}

const key = (s: Snapshot) => JSON.stringify(s);

export function createHistory(initial: Snapshot): History {
  return { past: [], present: initial, future: [], lastKey: null };
}

/** Records a new state. With a `coalesce` key equal to the previous push's, replaces it instead. */
export function pushHistory(h: History, next: Snapshot, coalesce: string | null = null): History {
  if (key(next) === key(h.present)) return h;
  if (coalesce && coalesce === h.lastKey && h.past.length > 0) {
    return { past: h.past, present: next, future: [], lastKey: coalesce };
  }
  const past = [...h.past, h.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: coalesce };
}

export const canUndo = (h: History) => h.past.length > 0;
export const canRedo = (h: History) => h.future.length > 0;

export function undo(h: History): History {
  if (!canUndo(h)) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future], lastKey: null };
}

export function redo(h: History): History {
  if (!canRedo(h)) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1), lastKey: null };
}
