// The variables a node may use in its `{{…}}` templates — what the trigger provides, plus the
// outputs of the actions and steps that run before it — as the shared model decides (the validator
// accepts exactly these), labelled with where each comes from; and `{{` completion in text fields.
import type { Catalogue } from '../api/types';
import { variablesAt, type CustomStepCatalogue, type VariableSpec } from '../model';
import { flowToGraph } from './convert';
import type { FlowEdge, FlowNode } from './flow-types';
import { nodeTypeTitle } from './summary';

export interface NodeVariable extends VariableSpec {
  /** Where it comes from, for the suggestion list: the trigger's title, or the upstream node's. */
  source: string;
}

/** The catalogue's custom steps in the shape the model's variable rules read. */
export function stepsFromCatalogue(catalogue: Catalogue): CustomStepCatalogue {
  return { get: (id) => catalogue.steps.find((s) => s.id === id), list: () => catalogue.steps };
}

export function variablesForNode(nodeId: string, nodes: FlowNode[], edges: FlowEdge[], catalogue: Catalogue | null): NodeVariable[] {
  if (!catalogue) return [];
  const graph = flowToGraph(nodes, edges);
  if (!graph.nodes.some((n) => n.id === nodeId)) return [];
  const trigger = graph.nodes.find((n) => n.kind === 'trigger');
  const triggerTitle = trigger?.kind === 'trigger' ? catalogue.triggers.find((t) => t.type === trigger.trigger)?.title ?? 'Trigger' : 'Trigger';
  const byId = new Map(nodes.map((n) => [n.id, n.data.rule]));
  return variablesAt(graph, nodeId, stepsFromCatalogue(catalogue)).map((v) => {
    const m = /^steps\.([^.]+)\./.exec(v.path);
    const rule = m ? byId.get(m[1]) : undefined;
    return { ...v, source: rule ? `${nodeTypeTitle(rule, catalogue)} (${rule.id})` : triggerTitle };
  });
}

/** What the person is typing after an unclosed `{{` before the caret, or null when not in one. */
export function openTemplateAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{{');
  if (open < 0) return null;
  const typed = before.slice(open + 2).replace(/^\s+/, '');
  if (/[\s{}]/.test(typed)) return null;
  return { start: open, query: typed };
}

/** Inserts `{{path}}` for the open template, returning the new text and caret. */
export function completeTemplate(text: string, caret: number, path: string): { text: string; caret: number } {
  const open = openTemplateAt(text, caret);
  if (!open) return { text, caret };
  let after = text.slice(caret);
  // Swallow the rest of a partly typed name and an existing closing brace pair.
  after = after.replace(/^[\w.-]*/, '').replace(/^\s*}}/, '');
  const inserted = `{{${path}}}`;
  return { text: text.slice(0, open.start) + inserted + after, caret: open.start + inserted.length };
}

export function matchVariables(vars: NodeVariable[], query: string): NodeVariable[] {
  const q = query.toLowerCase();
  return vars.filter((v) => v.path.toLowerCase().includes(q) || v.description.toLowerCase().includes(q)).slice(0, 30);
}
