// Graph validation issues as the API reports them: one entry per problem, naming the node and the
// field path `nodes.<nodeId>.<field>` so the editor can show each error on its node.
import { ParleyError, type FieldIssue } from '../../errors';
import type { GraphIssue } from '../../../model/rules/validate-graph';

export type RuleIssue = FieldIssue & { nodeId: string | null };

export function toRuleIssues(issues: GraphIssue[]): RuleIssue[] {
  return issues.map((issue) => ({ nodeId: issue.nodeId, path: issuePath(issue), message: issue.message }));
}

function issuePath(issue: GraphIssue): string {
  const path = issue.path ?? '';
  // Graph-level problems and connections keep their own path (`edges.2.target`).
  if (!issue.nodeId || path.startsWith('edges.') || path === 'edges' || path === 'nodes') return path || '(graph)';
  const prefix = `nodes.${issue.nodeId}`;
  if (path === prefix || path.startsWith(`${prefix}.`)) return path;
  return path ? `${prefix}.${path}` : prefix;
}

export const invalidRule = (issues: GraphIssue[], what = 'The rule') =>
  new ParleyError(422, 'invalid_rule', `${what} has ${issues.length} problem${issues.length === 1 ? '' : 's'}; fix ${issues.length === 1 ? 'it' : 'them'} and try again.`,
    toRuleIssues(issues));
