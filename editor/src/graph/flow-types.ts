// What the canvas holds: React Flow nodes whose data carries the rule node (its position lives on
// the React Flow node) plus view-only decorations (validation issues, run path, diff status).
import type { Edge, Node } from '@xyflow/react';
import type { RuleNode, RuleNodeKind } from '../model';

/** A rule node as the canvas keeps it: everything but the position (per kind, so it still narrows). */
export type RuleNodeBody = RuleNode extends infer N ? N extends RuleNode ? Omit<N, 'position'> : never : never;

export type PathMark = 'taken' | 'dimmed';
export type DiffMark = 'added' | 'removed' | 'changed';

export interface RuleNodeData extends Record<string, unknown> {
  rule: RuleNodeBody;
  /** Validation messages on this node (from save, validate or publish). */
  issues?: string[];
  /** Run history and dry-run: whether the run passed through this node, and its outcome there. */
  path?: PathMark;
  outcome?: string;
  outcomeDetail?: string;
  /** Version diff: how this node changed, and which of its fields. */
  diff?: DiffMark;
  changedFields?: string[];
  /** Supervisors and diff canvases: no handles to drag. */
  readOnly?: boolean;
}

export type FlowNode = Node<RuleNodeData, RuleNodeKind>;
export type FlowEdge = Edge;

/** The implicit output handle of every node but branch and switch. */
export const NEXT_HANDLE = 'next';
