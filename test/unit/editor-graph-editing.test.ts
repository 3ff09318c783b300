// Editing on the canvas: readable new ids, copy / paste with fresh ids, undo / redo, and the
// connection rules enforced while a handle is dragged.
import { describe, expect, it } from 'vitest';
import { copySelection, pasteClip } from '../../editor/src/graph/clipboard';
import { checkConnection } from '../../editor/src/graph/connections';
import { flowToGraph } from '../../editor/src/graph/convert';
import { canRedo, canUndo, createHistory, pushHistory, redo, snapshotOf, undo } from '../../editor/src/graph/history';
import { edgeIdFor, newNodeId, newNodeIds } from '../../editor/src/graph/ids';
import { createNode } from '../../editor/src/graph/node-factory';
import { toFlowNode } from '../../editor/src/graph/convert';
import { RuleGraphSchema } from '../../model/rules/graph';
import { catalogue, refundFlow } from './editor-fixtures';

describe('node ids', () => {
  it('are the kind and one more than the highest taken, never reusing a deleted node’s id', () => {
    expect(newNodeId('action', [])).toBe('action_1');
    expect(newNodeId('action', ['action_1', 'action_3', 'condition_9'])).toBe('action_4');
    expect(newNodeId('condition', ['action_1', 'condition_9'])).toBe('condition_10');
    expect(newNodeIds(['action', 'action', 'delay'], ['action_1'])).toEqual(['action_2', 'action_3', 'delay_1']);
  });
  it('are valid node ids for the model', () => {
    const node = createNode({ kind: 'action', action: 'add_tag' }, newNodeId('action', []), { x: 1, y: 2 }, catalogue);
    expect(RuleGraphSchema.safeParse({ nodes: [node], edges: [] }).success).toBe(true);
  });
});

describe('new nodes from the palette', () => {
  it('start with the schema defaults', () => {
    expect(createNode({ kind: 'trigger', trigger: 'message.created' }, 'trigger_1', { x: 0, y: 0 }, catalogue))
      .toMatchObject({ kind: 'trigger', trigger: 'message.created', config: { direction: 'in' } });
    expect(createNode({ kind: 'action', action: 'add_tag' }, 'action_1', { x: 0, y: 0 }, catalogue)).toMatchObject({ input: { target: 'case' } });
    expect(createNode({ kind: 'action', action: 'send_message' }, 'action_1', { x: 0, y: 0 }, catalogue)).toMatchObject({ kind: 'action', input: {} });
    expect(createNode({ kind: 'delay' }, 'delay_1', { x: 3.4, y: 0 }, catalogue)).toMatchObject({ duration: '15m', position: { x: 3, y: 0 } });
  });
});

describe('copy and paste', () => {
  it('pastes the selected nodes and the edges between them with new ids, offset and selected', () => {
    const { nodes, edges } = refundFlow();
    const picked = nodes.map((n) => ({ ...n, selected: n.id === 'branch_1' || n.id === 'action_1' }));
    const clip = copySelection(picked, edges)!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['branch_1', 'action_1']);
    expect(clip.edges.map((e) => e.id)).toEqual(['e3']);
    const pasted = pasteClip(clip, picked);
    expect(pasted.nodes.map((n) => n.id)).toEqual(['branch_2', 'action_3']);
    expect(pasted.nodes.map((n) => n.data.rule.id)).toEqual(['branch_2', 'action_3']);
    expect(pasted.nodes[0].position).toEqual({ x: 40, y: 280 });
    expect(pasted.nodes.every((n) => n.selected)).toBe(true);
    expect(pasted.edges).toEqual([expect.objectContaining({ source: 'branch_2', target: 'action_3', sourceHandle: 'true', id: edgeIdFor('branch_2', 'true', 'action_3') })]);
    // The pasted copy is independent of the original.
    (pasted.nodes[1].data.rule as { input: Record<string, unknown> }).input.tag = 'changed';
    expect((nodes.find((n) => n.id === 'action_1')!.data.rule as { input: Record<string, unknown> }).input.tag).toBe('refund');
    // The whole canvas is still a valid graph.
    const all = flowToGraph([...picked, ...pasted.nodes], [...edges, ...pasted.edges]);
    expect(RuleGraphSchema.safeParse(all).success).toBe(true);
  });

  it('never copies the trigger; nothing selected copies nothing', () => {
    const { nodes, edges } = refundFlow();
    expect(copySelection(nodes.map((n) => ({ ...n, selected: n.id === 'trigger_1' })), edges)).toBeNull();
    expect(copySelection(nodes, edges)).toBeNull();
  });
});

describe('undo and redo', () => {
  it('steps back and forth through snapshots, and a new edit clears redo', () => {
    const { nodes, edges } = refundFlow();
    let h = createHistory(snapshotOf(nodes, edges));
    expect(canUndo(h)).toBe(false);
    const moved = nodes.map((n) => (n.id === 'action_1' ? { ...n, position: { x: 500, y: 500 } } : n));
    h = pushHistory(h, snapshotOf(moved, edges));
    const fewer = edges.slice(1);
    h = pushHistory(h, snapshotOf(moved, fewer));
    h = undo(h);
    expect(h.present.edges).toHaveLength(4);
    h = undo(h);
    expect(h.present.nodes.find((n) => n.id === 'action_1')!.position).toEqual({ x: -150, y: 360 });
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h.present.nodes.find((n) => n.id === 'action_1')!.position).toEqual({ x: 500, y: 500 });
    expect(canRedo(h)).toBe(true);
    h = pushHistory(h, snapshotOf(nodes, edges));
    expect(canRedo(h)).toBe(false);
  });

  it('ignores selection and view decorations, and typing in one field is one step', () => {
    const { nodes, edges } = refundFlow();
    let h = createHistory(snapshotOf(nodes, edges));
    h = pushHistory(h, snapshotOf(nodes.map((n) => ({ ...n, selected: true, data: { ...n.data, path: 'taken' as const } })), edges));
    expect(canUndo(h)).toBe(false);
    const typed = (text: string) => nodes.map((n) => (n.id === 'action_2' ? { ...n, data: { rule: { ...n.data.rule, input: { text } } } } : n));
    h = pushHistory(h, snapshotOf(typed('H'), edges), 'action_2:input.text');
    h = pushHistory(h, snapshotOf(typed('Ho'), edges), 'action_2:input.text');
    h = pushHistory(h, snapshotOf(typed('Hol'), edges), 'action_2:input.text');
    expect(h.past).toHaveLength(1);
    h = undo(h);
    expect(h.present.nodes.find((n) => n.id === 'action_2')!.data.rule).toMatchObject({ input: { text: 'Hola' } });
  });
});

describe('connection validation while dragging', () => {
  const { nodes, edges } = refundFlow();
  const extra = toFlowNode(createNode({ kind: 'action', action: 'unassign' }, 'action_9', { x: 0, y: 0 }, catalogue));
  const all = [...nodes, extra];

  it('accepts a new edge from a free handle to a node below', () => {
    expect(checkConnection({ source: 'action_1', target: 'action_9', sourceHandle: 'next' }, all, edges)).toEqual({ ok: true });
    expect(checkConnection({ source: 'branch_1', target: 'action_9', sourceHandle: 'false' }, all, edges)).toEqual({ ok: true });
  });
  it('refuses edges into the trigger', () => {
    expect(checkConnection({ source: 'action_1', target: 'trigger_1', sourceHandle: 'next' }, all, edges))
      .toEqual({ ok: false, reason: expect.stringMatching(/trigger/) });
  });
  it('refuses cycles, including a node to itself', () => {
    expect(checkConnection({ source: 'action_1', target: 'condition_1', sourceHandle: 'next' }, all, edges))
      .toEqual({ ok: false, reason: expect.stringMatching(/loop/) });
    expect(checkConnection({ source: 'action_1', target: 'action_1', sourceHandle: 'next' }, all, edges).ok).toBe(false);
  });
  it('refuses duplicates and handles the node does not have', () => {
    expect(checkConnection({ source: 'branch_1', target: 'action_1', sourceHandle: 'true' }, all, edges))
      .toEqual({ ok: false, reason: expect.stringMatching(/already/) });
    expect(checkConnection({ source: 'branch_1', target: 'action_9', sourceHandle: 'next' }, all, edges).ok).toBe(false);
    expect(checkConnection({ source: 'condition_1', target: 'action_9', sourceHandle: 'true' }, all, edges).ok).toBe(false);
  });
});
