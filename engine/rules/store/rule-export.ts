// Export and import of a rule as a RuleDocument (rule-document.ts): stable key order, so two
// exports of the same version are byte-identical and diff cleanly; an import becomes a new,
// unpublished rule whose draft is the document's graph, in any account.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { channels } from '../../db/schema';
import { ParleyError } from '../../errors';
import { zodIssues } from '../../validation';
import type { CustomStepCatalogue } from '../../../model/rules/catalogue';
import { RuleGraphSchema, type RuleGraph } from '../../../model/rules/graph';
import { RuleDocumentSchema, ruleDocumentJson, toRuleDocument } from '../../../model/rules/rule-document';
import { validateGraph } from '../../../model/rules/validate-graph';
import { toRuleIssues, type RuleIssue } from './graph-issues';
import { createRule, getRuleRow, type RuleRow } from './rule-store';
import { getVersionRow } from './rule-versions';

/** `Refund requests (ES)` → `refund-requests-es`. */
export function fileSlug(name: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return slug || 'rule';
}

/** The rule's draft (or one version) as a document: its text and a file name for the download. */
export function exportRule(db: Db, accountId: string, ruleId: string, version?: number): { filename: string; text: string } {
  const rule = getRuleRow(db, accountId, ruleId);
  let graph: RuleGraph;
  if (version !== undefined) graph = getVersionRow(db, accountId, ruleId, version).graph as RuleGraph;
  else {
    const parsed = RuleGraphSchema.safeParse(rule.draft);
    if (!parsed.success) {
      throw new ParleyError(422, 'draft_not_exportable', 'The draft is not a complete graph yet, so it cannot be exported; export a published version or fix the draft first.',
        zodIssues(parsed.error, 'draft'));
    }
    graph = parsed.data;
  }
  return {
    filename: `${fileSlug(rule.name)}-${version === undefined ? 'draft' : `v${version}`}.parley-rule.json`,
    text: ruleDocumentJson(toRuleDocument(rule, graph)),
  };
}

export interface ImportResult {
  rule: RuleRow;
  /** What may not work in this account (channels that do not exist here). */
  warnings: RuleIssue[];
  /** What validation finds in the imported draft (e.g. a custom step this server does not have). */
  issues: RuleIssue[];
}

export function importRule(db: Db, accountId: string, document: unknown, steps: CustomStepCatalogue): ImportResult {
  const parsed = RuleDocumentSchema.safeParse(document);
  if (!parsed.success) throw new ParleyError(422, 'invalid_rule_document', 'This is not a Parley rule document this server can import.', zodIssues(parsed.error));
  const { rule: settings, graph } = parsed.data;
  const warnings = unknownChannels(db, accountId, graph);
  const rule = createRule(db, accountId, { ...settings, draft: graph });
  const validation = validateGraph(graph, { steps });
  return { rule, warnings, issues: validation.ok ? [] : toRuleIssues(validation.issues) };
}

/** Channel filters naming channels this account does not have (ids differ between accounts). */
function unknownChannels(db: Db, accountId: string, graph: RuleGraph): RuleIssue[] {
  const refs: { nodeId: string; index: number; id: string }[] = [];
  for (const node of graph.nodes) {
    if (node.kind !== 'trigger' || !Array.isArray(node.config.channelIds)) continue;
    node.config.channelIds.forEach((id, index) => { if (typeof id === 'string') refs.push({ nodeId: node.id, index, id }); });
  }
  if (!refs.length) return [];
  const known = new Set(db.select({ id: channels.id }).from(channels)
    .where(and(eq(channels.accountId, accountId), inArray(channels.id, [...new Set(refs.map((r) => r.id))]))).all().map((c) => c.id));
  return refs.filter((r) => !known.has(r.id)).map((r) => ({
    nodeId: r.nodeId,
    path: `nodes.${r.nodeId}.config.channelIds.${r.index}`,
    message: `Channel ${r.id} does not exist in this account: pick this account's channel in the trigger before publishing`,
  }));
}
