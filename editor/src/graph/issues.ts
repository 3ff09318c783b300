// Validation issues as the API reports them ({ nodeId, path, message }), placed on the canvas: the
// messages per node for its card, and the field each names for the configuration panel.
import type { RuleIssue } from '../api/types';
import { labelFor } from '../forms/json-schema';
import type { FlowNode } from './flow-types';

/** `nodes.action_2.input.text` → `input.text` (the field within the node); '' for the node itself. */
export function fieldOf(issue: RuleIssue): string {
  let path = issue.path ?? '';
  if (issue.nodeId) {
    for (const prefix of [`graph.nodes.${issue.nodeId}`, `nodes.${issue.nodeId}`]) {
      if (path === prefix) return '';
      if (path.startsWith(`${prefix}.`)) { path = path.slice(prefix.length + 1); break; }
    }
  }
  return path === '(graph)' ? '' : path;
}

export function issuesByNode(issues: RuleIssue[]): Map<string, RuleIssue[]> {
  const map = new Map<string, RuleIssue[]>();
  for (const issue of issues) {
    if (!issue.nodeId) continue;
    map.set(issue.nodeId, [...(map.get(issue.nodeId) ?? []), issue]);
  }
  return map;
}

const LIST_WORDS: Record<string, string> = { all: 'Test', recheck: 'Re-check', cases: 'Case' };

/** A field path in words: `input.quickReplies.1.title` → "Quick replies 2 › Title", `all.0.value` → "Test 1 › Value". */
export function fieldLabel(field: string): string {
  const parts = field.split('.').filter(Boolean);
  if (parts[0] === 'input' || parts[0] === 'config') parts.shift();
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const next = parts[i + 1];
    const words = LIST_WORDS[part] ?? labelFor(part, {});
    if (next !== undefined && /^\d+$/.test(next)) { out.push(`${words} ${Number(next) + 1}`); i++; }
    else out.push(words);
  }
  return out.join(' › ');
}

/** The message as a card shows it: after the field, in words, when there is one. */
export function issueText(issue: RuleIssue): string {
  const field = fieldOf(issue);
  return field ? `${fieldLabel(field)}: ${issue.message}` : issue.message;
}

export function decorateWithIssues(nodes: FlowNode[], issues: RuleIssue[]): FlowNode[] {
  const byNode = issuesByNode(issues);
  return nodes.map((n) => {
    const messages = (byNode.get(n.id) ?? []).map(issueText);
    const had = n.data.issues?.length ?? 0;
    if (messages.length === 0 && had === 0) return n;
    return { ...n, data: { ...n.data, issues: messages.length ? messages : undefined } };
  });
}

/** Issues whose field is `field` or inside it (a form highlights the inputs they name). */
export function issuesForField(issues: RuleIssue[], field: string): RuleIssue[] {
  return issues.filter((i) => {
    const f = fieldOf(i);
    return f === field || f.startsWith(`${field}.`);
  });
}
