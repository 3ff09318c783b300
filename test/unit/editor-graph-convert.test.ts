// The canvas and the stored rule are the same graph: converting back and forth loses nothing,
// positions are kept (rounded), and a half-finished draft still opens.
import { describe, expect, it } from 'vitest';
import { flowToGraph, graphToFlow } from '../../editor/src/graph/convert';
import { RuleGraphSchema } from '../../model/rules/graph';
import { refundGraph } from './editor-fixtures';

describe('RuleGraph ↔ React Flow', () => {
  it('round-trips a rule exactly', () => {
    const { nodes, edges } = graphToFlow(refundGraph);
    expect(flowToGraph(nodes, edges)).toEqual(refundGraph);
    expect(RuleGraphSchema.parse(flowToGraph(nodes, edges))).toEqual(refundGraph);
  });

  it('gives branch edges their handle and plain edges the `next` handle, and stores `next` as absent', () => {
    const { edges } = graphToFlow(refundGraph);
    expect(edges.map((e) => e.sourceHandle)).toEqual(['next', 'next', 'true', 'false']);
    expect(flowToGraph([], []).edges).toEqual([]);
    const back = flowToGraph(graphToFlow(refundGraph).nodes, edges).edges;
    expect(back[0]).not.toHaveProperty('sourceHandle');
    expect(back[2].sourceHandle).toBe('true');
  });

  it('keeps the canvas position in the graph, rounded to whole pixels', () => {
    const { nodes, edges } = graphToFlow(refundGraph);
    nodes[1] = { ...nodes[1], position: { x: 10.6, y: 200.2 } };
    expect(flowToGraph(nodes, edges).nodes[1].position).toEqual({ x: 11, y: 200 });
  });

  it('the trigger cannot be deleted on the canvas; other nodes can', () => {
    const { nodes } = graphToFlow(refundGraph);
    expect(nodes.find((n) => n.id === 'trigger_1')!.deletable).toBe(false);
    expect(nodes.filter((n) => n.id !== 'trigger_1').every((n) => n.deletable)).toBe(true);
  });

  it('opens a half-finished draft: unknown things and dangling edges are left out', () => {
    const draft = {
      nodes: [{ id: 'trigger_1', kind: 'trigger', trigger: 'case.created', config: {} }, { id: 'x', kind: 'teleport' }, null],
      edges: [{ id: 'e1', source: 'trigger_1', target: 'gone' }],
    };
    const { nodes, edges } = graphToFlow(draft as never);
    expect(nodes.map((n) => n.id)).toEqual(['trigger_1']);
    expect(nodes[0].position).toEqual({ x: 0, y: 0 });
    expect(edges).toEqual([]);
    expect(graphToFlow(null)).toEqual({ nodes: [], edges: [] });
  });
});
