// What the canvas shows about a rule: cards in words, the variables offered at a node, a run's
// path, validation issues on their nodes, the auto-layout and the JSON line diff.
import { describe, expect, it } from 'vitest';
import { decorateWithIssues, fieldLabel, fieldOf, issuesForField } from '../../editor/src/graph/issues';
import { layoutNodes } from '../../editor/src/graph/layout';
import { lineDiff, sideBySide, withContext } from '../../editor/src/graph/line-diff';
import { decorateWithPath, pathView } from '../../editor/src/graph/run-path';
import { durationText, nodeDetail, nodeSummary, predicateText } from '../../editor/src/graph/summary';
import { completeTemplate, matchVariables, openTemplateAt, variablesForNode } from '../../editor/src/graph/variables';
import { catalogue, refundFlow } from './editor-fixtures';

const rule = (id: string) => refundFlow().nodes.find((n) => n.id === id)!.data.rule;

describe('node cards in words', () => {
  it('summarise triggers, conditions and actions', () => {
    expect(nodeSummary(rule('trigger_1'), catalogue)).toBe('Message received · inbound');
    expect(nodeSummary(rule('condition_1'), catalogue)).toBe('message.text contains reembolso');
    expect(nodeSummary(rule('branch_1'), catalogue)).toBe('If Inside business hours');
    expect(nodeSummary(rule('action_1'), catalogue)).toBe('Add tag refund');
    expect(nodeSummary(rule('action_2'), catalogue)).toBe('Send “Hola”');
    expect(nodeDetail(rule('action_2'))).toBe('Quick replies: Sí · No');
  });
  it('say what is missing instead of showing blanks', () => {
    expect(nodeSummary({ id: 'a', kind: 'action', action: 'send_message', input: {} }, catalogue)).toBe('Send message (no text yet)');
    expect(nodeSummary({ id: 'c', kind: 'condition', all: [] }, catalogue)).toMatch(/add one/);
    expect(nodeSummary({ id: 's', kind: 'step', step: 'lookup_order', input: { orderId: '{{case.id}}' } }, catalogue)).toBe('Look up order · orderId {{case.id}}');
  });
  it('put operators and durations in words', () => {
    expect(predicateText({ field: 'case.tags', op: 'not_in', value: ['vip', 'b2b'] })).toBe('case.tags is not one of vip, b2b');
    expect(predicateText({ field: 'contact.email', op: 'present' })).toBe('contact.email is present');
    expect(durationText('2h')).toBe('2 hours');
    expect(durationText('1d')).toBe('1 day');
  });
});

describe('variables offered at a node', () => {
  it('are the trigger’s plus the outputs of upstream actions, not of siblings or later nodes', () => {
    const { nodes, edges } = refundFlow();
    const withNext = [...edges, { id: 'e5', source: 'action_2', target: 'action_1' }];
    const vars = variablesForNode('action_1', nodes, withNext, catalogue);
    const paths = vars.map((v) => v.path);
    expect(paths).toContain('trigger.message.text');
    expect(paths).toContain('contact.name');
    expect(paths).toContain('steps.action_2.output.messageId');
    expect(vars.find((v) => v.path === 'steps.action_2.output.messageId')!.source).toBe('Send message (action_2)');
    expect(vars.find((v) => v.path === 'contact.name')!.source).toBe('Message received or sent');
    expect(variablesForNode('action_2', nodes, withNext, catalogue).map((v) => v.path).filter((p) => p.startsWith('steps.'))).toEqual([]);
  });
  it('are suggested after `{{` and completed in place', () => {
    expect(openTemplateAt('Hola {{con', 10)).toEqual({ start: 5, query: 'con' });
    expect(openTemplateAt('Hola {{contact.name}} ', 21)).toBeNull();
    expect(openTemplateAt('no braces', 9)).toBeNull();
    expect(completeTemplate('Hola {{con!', 10, 'contact.name')).toEqual({ text: 'Hola {{contact.name}}!', caret: 21 });
    expect(completeTemplate('Hi {{}} there', 5, 'case.id')).toEqual({ text: 'Hi {{case.id}} there', caret: 14 });
    const { nodes, edges } = refundFlow();
    expect(matchVariables(variablesForNode('action_2', nodes, edges, catalogue), 'contact.na').map((v) => v.path)).toEqual(['contact.name']);
  });
});

describe('a run’s path on the canvas', () => {
  const { nodes, edges } = refundFlow();
  const path = [
    { nodeId: 'trigger_1', outcome: 'matched' },
    { nodeId: 'condition_1', outcome: 'passed' },
    { nodeId: 'branch_1', outcome: 'false' },
    { nodeId: 'action_2', outcome: 'executed' },
  ];
  it('marks the taken nodes with their outcome, the taken edges, and dims the rest', () => {
    expect([...pathView(path, nodes, edges).takenEdges]).toEqual(['e1', 'e2', 'e4']);
    const view = decorateWithPath(nodes, edges, path);
    expect(view.nodes.map((n) => [n.id, n.data.path, n.data.outcome])).toEqual([
      ['trigger_1', 'taken', 'matched'], ['condition_1', 'taken', 'passed'], ['branch_1', 'taken', 'false'],
      ['action_1', 'dimmed', undefined], ['action_2', 'taken', 'executed'],
    ]);
    expect(view.edges.filter((e) => e.animated).map((e) => e.id)).toEqual(['e1', 'e2', 'e4']);
    const cleared = decorateWithPath(view.nodes, view.edges, null);
    expect(cleared.nodes.every((n) => !n.data.path)).toBe(true);
    expect(cleared.edges.every((e) => !e.animated)).toBe(true);
  });
  it('a failed condition ends the path there', () => {
    const failed = [{ nodeId: 'trigger_1', outcome: 'matched' }, { nodeId: 'condition_1', outcome: 'failed', detail: 'message.text contains "reembolso": no' }];
    const view = decorateWithPath(nodes, edges, failed);
    expect(view.nodes.find((n) => n.id === 'condition_1')!.data).toMatchObject({ outcome: 'failed', outcomeDetail: expect.stringMatching(/no$/) });
    expect(view.edges.filter((e) => e.animated).map((e) => e.id)).toEqual(['e1']);
  });
});

describe('validation issues on their nodes', () => {
  const issues = [
    { nodeId: 'action_2', path: 'nodes.action_2.input.text', message: 'Must not be empty' },
    { nodeId: 'action_2', path: 'nodes.action_2.input.quickReplies.1.title', message: 'Too long' },
    { nodeId: null, path: '(graph)', message: 'A rule has one trigger' },
  ];
  it('name the field within the node', () => {
    expect(fieldOf(issues[0])).toBe('input.text');
    expect(fieldOf({ nodeId: 'x', path: 'input.tag', message: '' })).toBe('input.tag');
    expect(fieldOf(issues[2])).toBe('');
    expect(issuesForField(issues, 'input.quickReplies')).toHaveLength(1);
    expect(fieldLabel('all.0.value')).toBe('Test 1 › Value');
    expect(fieldLabel('config.channelIds')).toBe('Channel ids');
  });
  it('are put on the card, and cleared when fixed', () => {
    const { nodes } = refundFlow();
    const marked = decorateWithIssues(nodes, issues);
    expect(marked.find((n) => n.id === 'action_2')!.data.issues).toEqual(['Text: Must not be empty', 'Quick replies 2 › Title: Too long']);
    expect(marked.find((n) => n.id === 'action_1')!.data.issues).toBeUndefined();
    expect(decorateWithIssues(marked, []).every((n) => !n.data.issues)).toBe(true);
  });
});

describe('auto-layout', () => {
  it('lays the rule out top to bottom with branches side by side, using measured sizes', () => {
    const { nodes, edges } = refundFlow();
    const laid = layoutNodes(nodes.map((n) => ({ ...n, position: { x: 0, y: 0 }, measured: { width: 240, height: n.id === 'condition_1' ? 120 : 80 } })), edges);
    const at = (id: string) => laid.find((n) => n.id === id)!.position;
    expect(at('trigger_1').y).toBeLessThan(at('condition_1').y);
    expect(at('condition_1').y + 120).toBeLessThan(at('branch_1').y);
    expect(at('action_1').y).toBe(at('action_2').y);
    expect(at('action_1').x).toBeLessThan(at('action_2').x);
    expect(Math.abs(at('action_1').x - at('action_2').x)).toBeGreaterThanOrEqual(240);
  });
});

describe('JSON line diff', () => {
  it('finds the changed lines and keeps the rest in order', () => {
    const a = '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}\n';
    const b = '{\n  "a": 1,\n  "b": 20,\n  "c": 3,\n  "d": 4\n}\n';
    const diff = lineDiff(a, b);
    expect(diff.filter((l) => l.type !== 'same').map((l) => `${l.type} ${l.text.trim()}`)).toEqual([
      'del "b": 2,', 'del "c": 3', 'add "b": 20,', 'add "c": 3,', 'add "d": 4',
    ]);
    expect(diff.filter((l) => l.type !== 'add').map((l) => l.text).join('\n')).toBe(a.trimEnd());
    expect(diff.filter((l) => l.type !== 'del').map((l) => l.text).join('\n')).toBe(b.trimEnd());
    expect(lineDiff(a, a).every((l) => l.type === 'same')).toBe(true);
  });
  it('pairs replacements side by side and folds long unchanged runs', () => {
    const rows = sideBySide(lineDiff('x\ny\n', 'x\nz\n'));
    expect(rows.map((r) => [r.left?.text ?? null, r.right?.text ?? null])).toEqual([['x', 'x'], ['y', 'z']]);
    const long = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const changed = [...long];
    changed[15] = 'changed';
    const hunks = withContext(lineDiff(long.join('\n'), changed.join('\n')), 2);
    expect(hunks[0]).toEqual({ type: 'gap', hidden: 13 });
    expect(hunks.at(-1)).toEqual({ type: 'gap', hidden: 12 });
  });
});

describe('version diff on the canvas', () => {
  it('marks added, changed (with fields) and removed nodes, and added / removed edges', async () => {
    const { diffCanvas } = await import('../../editor/src/graph/diff-view');
    const { refundGraph } = await import('./editor-fixtures');
    const before = structuredClone(refundGraph);
    const after = structuredClone(refundGraph);
    after.nodes = after.nodes.filter((n) => n.id !== 'action_1');
    after.edges = after.edges.filter((e) => e.target !== 'action_1');
    (after.nodes.find((n) => n.id === 'action_2') as { input: Record<string, unknown> }).input.text = 'Hola de nuevo';
    after.nodes.find((n) => n.id === 'condition_1')!.position = { x: 999, y: 999 };
    after.nodes.push({ id: 'action_3', kind: 'action', action: 'unassign', input: {}, position: { x: 0, y: 500 } });
    after.edges.push({ id: 'e9', source: 'action_2', target: 'action_3' });
    const view = diffCanvas(before, after);
    expect(view.changes).toEqual({ added: ['action_3'], removed: ['action_1'], changed: [{ id: 'action_2', fields: ['input.text: Hola → Hola de nuevo'] }] });
    const mark = (id: string) => view.nodes.find((n) => n.id === id)!.data;
    expect(mark('action_3').diff).toBe('added');
    expect(mark('action_2')).toMatchObject({ diff: 'changed', changedFields: ['input.text: Hola → Hola de nuevo'] });
    expect(mark('action_1').diff).toBe('removed');
    expect(mark('condition_1').diff).toBeUndefined();
    expect(view.edges.filter((e) => e.className === 'edge-added').map((e) => e.id)).toEqual(['e9']);
    // Moving a node is not a change.
    expect(view.changes.changed.map((c) => c.id)).not.toContain('condition_1');
    expect(view.edges.filter((e) => e.className === 'edge-removed').map((e) => e.id)).toEqual(['removed:e3']);
  });
});
