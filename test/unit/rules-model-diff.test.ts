// Version diffs, stable JSON and the rule export document.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffGraphs, sameGraph } from '../../model/rules/diff';
import { RuleDocumentSchema, ruleDocumentJson, toRuleDocument } from '../../model/rules/rule-document';
import { stableStringify } from '../../model/rules/stable-json';
import { validateGraph } from '../../model/rules/validate-graph';
import { e, graph, n, p, refundRule } from './rules-model-fixtures';

describe('diffGraphs', () => {
  it('finds nothing between a graph and itself', () => {
    const d = diffGraphs(refundRule(), refundRule());
    expect(d).toEqual({ nodes: { added: [], removed: [], changed: [], moved: [] }, edges: { added: [], removed: [] } });
    expect(sameGraph(refundRule(), refundRule())).toBe(true);
  });

  it('lists added, removed and changed nodes with the paths that changed', () => {
    const a = refundRule();
    const b = refundRule();
    b.nodes[1] = n.condition('c', [p('message.text', 'contains', ['reembolso', 'refund'])]);
    b.nodes[3] = { ...b.nodes[3], label: 'Auto-reply', input: { ...(b.nodes[3] as { input: Record<string, unknown> }).input, text: 'Hello' } } as typeof b.nodes[3];
    b.nodes = b.nodes.filter((x) => x.id !== 'tag');
    b.nodes.push(n.action('prio', 'change_priority', { priority: 80 }));
    b.edges = [e('t', 'c'), e('c', 'reply'), e('c', 'prio')];
    const d = diffGraphs(a, b);
    expect(d.nodes.added.map((x) => x.id)).toEqual(['prio']);
    expect(d.nodes.removed.map((x) => x.id)).toEqual(['tag']);
    expect(d.nodes.changed.map(({ nodeId, fields }) => ({ nodeId, fields }))).toEqual([
      { nodeId: 'c', fields: ['all.0.value'] },
      { nodeId: 'reply', fields: ['input.text', 'label'] },
    ]);
    expect(d.nodes.changed[0].before).toBe(a.nodes[1]);
    expect(d.nodes.changed[0].after).toBe(b.nodes[1]);
    expect(d.edges.added).toEqual([e('c', 'prio')]);
    expect(d.edges.removed).toEqual([e('c', 'tag')]);
  });

  it('reports a node that only moved as moved, not changed', () => {
    const b = refundRule();
    b.nodes[2] = { ...b.nodes[2], position: { x: 300, y: 120 } };
    const d = diffGraphs(refundRule(), b);
    expect(d.nodes.moved).toEqual(['tag']);
    expect(d.nodes.changed).toEqual([]);
    expect(sameGraph(refundRule(), b)).toBe(true);
  });

  it('compares edges by source, handle and target, not by id', () => {
    const a = graph([n.trigger('t', 'message.created'), n.branch('b', [p('case.tags', 'contains', 'vip')]), n.action('x', 'unassign')], [e('t', 'b'), e('b', 'x', 'true')]);
    const renamed = { ...a, edges: a.edges.map((edge, i) => ({ ...edge, id: `renamed-${i}` })) };
    expect(diffGraphs(a, renamed).edges).toEqual({ added: [], removed: [] });
    const flipped = { ...a, edges: [e('t', 'b'), e('b', 'x', 'false')] };
    expect(diffGraphs(a, flipped).edges).toEqual({ added: [e('b', 'x', 'false')], removed: [e('b', 'x', 'true')] });
  });
});

describe('stableStringify', () => {
  it('sorts keys at every level, indents by two spaces and ends with a newline', () => {
    expect(stableStringify({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
    expect(stableStringify({ keep: 1, drop: undefined })).toBe('{\n  "keep": 1\n}\n');
  });

  it('gives the same text whatever the key order, and round-trips', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const text = stableStringify(value);
      const reparsed = JSON.parse(text);
      expect(stableStringify(reparsed)).toBe(text);
      expect(text.endsWith('\n')).toBe(true);
      const shuffled = JSON.parse(JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
      expect(stableStringify(shuffled)).toBe(text);
    }));
  });
});

describe('rule documents', () => {
  it('exports a rule as a stable document that imports back to the same graph', () => {
    const doc = toRuleDocument({ name: 'Refunds', description: 'Tag and answer refund requests', folder: 'Billing', priority: 10, enabled: true }, refundRule());
    const text = ruleDocumentJson(doc);
    expect(text.startsWith('{\n  "format": "parley.rule",\n  "formatVersion": 1,\n  "graph": {')).toBe(true);
    const parsed = RuleDocumentSchema.parse(JSON.parse(text));
    expect(parsed.rule).toEqual({ name: 'Refunds', description: 'Tag and answer refund requests', folder: 'Billing', priority: 10, enabled: true });
    expect(sameGraph(parsed.graph, refundRule())).toBe(true);
    expect(validateGraph(parsed.graph).ok).toBe(true);
    expect(ruleDocumentJson(parsed)).toBe(text);
  });

  it('fills in defaults and refuses other formats', () => {
    const doc = toRuleDocument({ name: 'Minimal' }, refundRule());
    expect(doc.rule).toEqual({ name: 'Minimal', description: '', folder: '', priority: 100, enabled: true });
    const wrong = RuleDocumentSchema.safeParse({ ...doc, format: 'n8n.workflow' });
    expect(wrong.success).toBe(false);
    expect(wrong.error!.issues[0]).toMatchObject({ path: ['format'], message: 'Not a Parley rule: "format" must be "parley.rule"' });
    const later = RuleDocumentSchema.safeParse({ ...doc, formatVersion: 2 });
    expect(later.error!.issues[0].message).toBe('Unsupported formatVersion: this server reads version 1');
    expect(RuleDocumentSchema.safeParse({ ...doc, rule: { name: '  ' } }).error!.issues[0].message).toBe('Give the rule a name');
  });
});
