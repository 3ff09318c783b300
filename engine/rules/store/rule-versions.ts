// Published versions: immutable, numbered graphs. Publishing validates the draft and makes it the
// active version (the previous one is archived); rollback publishes an older version's graph again.
import { and, desc, eq, max } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { ruleVersions, rules } from '../../db/schema';
import { ParleyError } from '../../errors';
import type { CustomStepCatalogue } from '../../../model/rules/catalogue';
import type { RuleGraph, TriggerNode } from '../../../model/rules/graph';
import { validateGraph } from '../../../model/rules/validate-graph';
import { invalidRule } from './graph-issues';
import { getRuleRow, type RuleRow } from './rule-store';

export type RuleVersionRow = typeof ruleVersions.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

export function versionView(row: RuleVersionRow) {
  return {
    version: row.version,
    status: row.status,
    note: row.note,
    publishedAt: iso(row.publishedAt),
    publishedBy: row.publishedBy,
    rolledBackFrom: row.rolledBackFrom,
  };
}

export const versionWithGraph = (row: RuleVersionRow) => ({ ...versionView(row), graph: row.graph as RuleGraph });

/** What candidate selection indexes: the trigger type, its channel filter and (API events) its key. */
export function triggerIndex(graph: RuleGraph) {
  const trigger = graph.nodes.find((n): n is TriggerNode => n.kind === 'trigger');
  if (!trigger) return { triggerType: null, triggerChannels: null, triggerKey: null };
  const channelIds = trigger.config.channelIds;
  return {
    triggerType: trigger.trigger,
    // An empty list means all channels, like an absent one.
    triggerChannels: Array.isArray(channelIds) && channelIds.length ? channelIds.map(String) : null,
    triggerKey: trigger.trigger === 'api.event' && typeof trigger.config.key === 'string' ? trigger.config.key : null,
  };
}

interface PublishOpts { note?: string; by?: string | null; steps: CustomStepCatalogue; now?: number }

function insertVersion(db: Db, rule: RuleRow, graph: RuleGraph, opts: { note: string; by: string | null; rolledBackFrom: number | null; copyToDraft: boolean; now: number }) {
  // IMMEDIATE: two publishes at once get versions N+1 and N+2, never the same number twice.
  return db.transaction((tx) => {
    const last = tx.select({ n: max(ruleVersions.version) }).from(ruleVersions).where(eq(ruleVersions.ruleId, rule.id)).get();
    const version = (last?.n ?? 0) + 1;
    tx.update(ruleVersions).set({ status: 'archived' }).where(and(eq(ruleVersions.ruleId, rule.id), eq(ruleVersions.status, 'published'))).run();
    const row = tx.insert(ruleVersions).values({
      ruleId: rule.id, accountId: rule.accountId, version, graph, status: 'published', note: opts.note,
      publishedAt: opts.now, publishedBy: opts.by, rolledBackFrom: opts.rolledBackFrom,
    }).returning().get();
    const updated = tx.update(rules).set({
      activeVersion: version, ...triggerIndex(graph), updatedAt: opts.now,
      ...(opts.copyToDraft ? { draft: graph, draftUpdatedAt: opts.now } : {}),
    }).where(eq(rules.id, rule.id)).returning().get();
    return { rule: updated, version: row };
  }, { behavior: 'immediate' });
}

/** Validates the draft and publishes it as the next version; an invalid draft is refused with one entry per problem. */
export function publishRule(db: Db, accountId: string, ruleId: string, opts: PublishOpts) {
  const rule = getRuleRow(db, accountId, ruleId);
  const result = validateGraph(rule.draft, { steps: opts.steps });
  if (!result.ok) throw invalidRule(result.issues, 'The draft');
  return insertVersion(db, rule, result.graph, {
    note: opts.note ?? '', by: opts.by ?? null, rolledBackFrom: null, copyToDraft: false, now: opts.now ?? Date.now(),
  });
}

/** Publishes a copy of an older version as the next version, and makes it the draft too. */
export function rollbackRule(db: Db, accountId: string, ruleId: string, version: number, opts: Omit<PublishOpts, 'note'>) {
  const rule = getRuleRow(db, accountId, ruleId);
  const old = getVersionRow(db, accountId, ruleId, version);
  // Checked again: a custom step the old version used may have been removed since.
  const result = validateGraph(old.graph, { steps: opts.steps });
  if (!result.ok) throw invalidRule(result.issues, `Version ${version}`);
  return insertVersion(db, rule, result.graph, {
    note: `Rollback to version ${version}`, by: opts.by ?? null, rolledBackFrom: version, copyToDraft: true, now: opts.now ?? Date.now(),
  });
}

export function listVersions(db: Db, accountId: string, ruleId: string) {
  getRuleRow(db, accountId, ruleId);
  return db.select().from(ruleVersions).where(eq(ruleVersions.ruleId, ruleId)).orderBy(desc(ruleVersions.version)).all().map(versionView);
}

export function getVersionRow(db: Db, accountId: string, ruleId: string, version: number): RuleVersionRow {
  const row = db.select().from(ruleVersions)
    .where(and(eq(ruleVersions.ruleId, ruleId), eq(ruleVersions.accountId, accountId), eq(ruleVersions.version, version))).get();
  if (!row) throw new ParleyError(404, 'rule_version_not_found', `Rule ${ruleId} has no version ${version}.`);
  return row;
}

/** The active version's row, or null when the rule was never published. */
export function activeVersionRow(db: Db, rule: RuleRow): RuleVersionRow | null {
  return rule.activeVersion == null ? null : getVersionRow(db, rule.accountId, rule.id, rule.activeVersion);
}
