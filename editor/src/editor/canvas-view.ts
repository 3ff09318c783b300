// What the canvas can show instead of the draft: a run on its version, a version, or a diff of two.
import type { FlowEdge, FlowNode } from '../graph/flow-types';

export interface CanvasView {
  kind: 'run' | 'diff' | 'version';
  /** Shown in the strip above the canvas. */
  title: string;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export type Drawer = 'versions' | 'runs' | 'dry-run' | 'replay' | null;
