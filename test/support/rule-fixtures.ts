// Rules for tests that exercise running them (dispatch, runs, actions): created and published
// through the rules store (validated like the API does), without going through HTTP.
import type { Db } from '../../engine/db/open-database';
import { NO_CUSTOM_STEPS } from '../../model/rules/catalogue';
import { createRule, saveDraft } from '../../engine/rules/store/rule-store';
import { publishRule } from '../../engine/rules/store/rule-versions';

export interface TestRule { id: string; version: number }

/** Creates a rule with `graph` as its draft and publishes it (version 1) through the rules store. */
export function insertPublishedRule(db: Db, opts: { accountId: string; name: string; graph: unknown; priority?: number; enabled?: boolean }): TestRule {
  const row = createRule(db, opts.accountId, { name: opts.name, priority: opts.priority, enabled: opts.enabled, draft: opts.graph });
  const { version } = publishRule(db, opts.accountId, row.id, { steps: NO_CUSTOM_STEPS });
  return { id: row.id, version: version.version };
}

/** Saves `graph` as the rule's draft and publishes it as the next version. */
export function publishNextVersion(db: Db, ruleId: string, graph: unknown): number {
  const { account_id: accountId } = db.$client.prepare('select account_id from rules where id = ?').get(ruleId) as { account_id: string };
  saveDraft(db, accountId, ruleId, graph, NO_CUSTOM_STEPS);
  return publishRule(db, accountId, ruleId, { steps: NO_CUSTOM_STEPS }).version.version;
}

/** A linear graph: a trigger, then each node in order (ids n1, n2, … unless given). */
export function chain(trigger: { trigger: string; config?: Record<string, unknown> }, ...nodes: Record<string, unknown>[]) {
  const all = [{ id: 'trigger', kind: 'trigger', config: {}, ...trigger }, ...nodes.map((n, i) => ({ id: `n${i + 1}`, ...n }))];
  return {
    nodes: all,
    edges: all.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: all[i].id, target: n.id })),
  };
}
