// The editor's canvas state: nodes and edges, with an undo history of snapshots. Every edit goes
// through `commit` (recorded) or `apply` (view-only changes: selection, measurements, dragging).
import { useCallback, useReducer, useRef, useState } from 'react';
import type { FlowEdge, FlowNode } from '../graph/flow-types';
import { canRedo, canUndo, createHistory, pushHistory, redo as redoHistory, snapshotOf, undo as undoHistory, type Snapshot } from '../graph/history';

export interface Canvas { nodes: FlowNode[]; edges: FlowEdge[] }

export function useCanvas(initial: Canvas) {
  const [canvas, setCanvas] = useState<Canvas>(initial);
  const ref = useRef<Canvas>(initial);
  const history = useRef(createHistory(snapshotOf(initial.nodes, initial.edges)));
  const [, bump] = useReducer((x: number) => x + 1, 0);

  const set = useCallback((next: Canvas) => {
    ref.current = next;
    setCanvas(next);
  }, []);

  /** A change people would want to undo. `coalesce`: edits with the same key in a row are one step. */
  const commit = useCallback((next: Canvas, coalesce: string | null = null) => {
    set(next);
    history.current = pushHistory(history.current, snapshotOf(next.nodes, next.edges), coalesce);
    bump();
  }, [set]);

  /** A change that is not an undo step (selection, measured sizes, a drag in progress). */
  const apply = useCallback((next: Canvas) => set(next), [set]);

  /** Records the current state (after a drag ends, after a deletion React Flow applied). */
  const record = useCallback((coalesce: string | null = null) => {
    history.current = pushHistory(history.current, snapshotOf(ref.current.nodes, ref.current.edges), coalesce);
    bump();
  }, []);

  const restore = useCallback((snap: Snapshot) => {
    // Keep measured sizes so the canvas does not flicker; selection is not part of history.
    const measured = new Map(ref.current.nodes.map((n) => [n.id, n.measured]));
    set({ nodes: snap.nodes.map((n) => ({ ...n, measured: measured.get(n.id) })), edges: snap.edges });
  }, [set]);

  const undo = useCallback(() => {
    if (!canUndo(history.current)) return;
    history.current = undoHistory(history.current);
    restore(history.current.present);
    bump();
  }, [restore]);

  const redo = useCallback(() => {
    if (!canRedo(history.current)) return;
    history.current = redoHistory(history.current);
    restore(history.current.present);
    bump();
  }, [restore]);

  /** A fresh start (loaded another draft, rolled back): history begins again. */
  const reset = useCallback((next: Canvas) => {
    set(next);
    history.current = createHistory(snapshotOf(next.nodes, next.edges));
    bump();
  }, [set]);

  return {
    canvas, ref, commit, apply, record, undo, redo, reset,
    canUndo: canUndo(history.current), canRedo: canRedo(history.current),
  };
}
