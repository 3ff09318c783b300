// Rules: create, list, read, change their metadata, save their draft, delete (soft). The draft is
// the editable graph; published versions live in rule_versions (rule-versions.ts).
import { and, asc, eq, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { ruleRuns, ruleVersions, rules } from '../../db/schema';
import { notFound } from '../../errors';
import { newId } from '../../ids';
import { containsPattern } from '../../db/contains-pattern';
import type { CustomStepCatalogue } from '../../../model/rules/catalogue';
import { RuleGraphSchema } from '../../../model/rules/graph';
import { stableStringify } from '../../../model/rules/stable-json';
import { validateGraph } from '../../../model/rules/validate-graph';
import { statement } from '../events/sql-handle';
import { checkDraft } from './draft-limits';
import { toRuleIssues, type RuleIssue } from './graph-issues';

export type RuleRow = typeof rules.$inferSelect;

/** A new rule's draft: one trigger, ready for the first condition or action. */
export const defaultDraft = () => ({
  nodes: [{ id: 'trigger', kind: 'trigger', trigger: 'message.created', position: { x: 0, y: 0 }, config: {} }],
  edges: [],
});

export interface RuleMeta {
  name: string;
  description: string;
  folder: string;
  priority: number;
  enabled: boolean;
}

/** Run statuses counted per rule in the list (over the last week, so the list stays cheap). */
const RUN_STATS_WINDOW_MS = 7 * 24 * 3_600_000;

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

/** The draft's trigger type, when its trigger node can be read (drafts may be incomplete). */
export function draftTriggerType(draft: unknown): string | null {
  const nodes = (draft as { nodes?: unknown })?.nodes;
  if (!Array.isArray(nodes)) return null;
  const trigger = nodes.find((n) => n && typeof n === 'object' && (n as { kind?: unknown }).kind === 'trigger') as { trigger?: unknown } | undefined;
  return typeof trigger?.trigger === 'string' ? trigger.trigger : null;
}

/** Whether the draft differs from a published graph (both read through the schema, so defaults do not count). */
export function graphsDiffer(draft: unknown, published: unknown): boolean {
  const parsed = RuleGraphSchema.safeParse(draft);
  if (!parsed.success) return true;
  return stableStringify(parsed.data) !== stableStringify(published);
}

interface RunStats { lastRunAt: number | null; lastStatus: string | null; counts: Record<string, number> }

function summaryView(row: RuleRow, activeGraph: unknown | undefined, runs: RunStats) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    folder: row.folder,
    priority: row.priority,
    enabled: row.enabled,
    activeVersion: row.activeVersion,
    /** The published trigger; for a rule never published, the draft's. */
    triggerType: row.triggerType ?? draftTriggerType(row.draft),
    triggerChannels: row.triggerChannels ?? null,
    triggerKey: row.triggerKey,
    hasUnpublishedChanges: row.activeVersion == null || (activeGraph !== undefined && graphsDiffer(row.draft, activeGraph)),
    draftUpdatedAt: iso(row.draftUpdatedAt)!,
    runs: { lastRunAt: iso(runs.lastRunAt), lastStatus: runs.lastStatus, lastWeek: runs.counts },
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export type RuleSummary = ReturnType<typeof summaryView>;
export type RuleDetail = RuleSummary & { draft: unknown };

function activeGraphs(db: Db, rows: RuleRow[]): Map<string, unknown> {
  const published = rows.filter((r) => r.activeVersion != null);
  if (!published.length) return new Map();
  const versions = db.select({ ruleId: ruleVersions.ruleId, version: ruleVersions.version, graph: ruleVersions.graph })
    .from(ruleVersions).where(and(inArray(ruleVersions.ruleId, published.map((r) => r.id)), eq(ruleVersions.status, 'published'))).all();
  const active = new Map(published.map((r) => [r.id, r.activeVersion]));
  return new Map(versions.filter((v) => active.get(v.ruleId) === v.version).map((v) => [v.ruleId, v.graph]));
}

function runStats(db: Db, ruleIds: string[], now: number): Map<string, RunStats> {
  const stats = new Map<string, RunStats>(ruleIds.map((id) => [id, { lastRunAt: null, lastStatus: null, counts: {} }]));
  if (!ruleIds.length) return stats;
  const counts = db.select({ ruleId: ruleRuns.ruleId, status: ruleRuns.status, n: sql<number>`count(*)` })
    .from(ruleRuns).where(and(inArray(ruleRuns.ruleId, ruleIds), gte(ruleRuns.startedAt, now - RUN_STATS_WINDOW_MS)))
    .groupBy(ruleRuns.ruleId, ruleRuns.status).all();
  for (const c of counts) stats.get(c.ruleId)!.counts[c.status] = c.n;
  // The latest run of each rule: one indexed lookup per rule (rule_runs_rule is (rule_id, started_at)).
  const last = statement(db, 'SELECT status, started_at AS at FROM rule_runs WHERE rule_id = ? ORDER BY started_at DESC LIMIT 1');
  for (const id of ruleIds) {
    const row = last.get(id) as { status: string; at: number } | undefined;
    if (row) Object.assign(stats.get(id)!, { lastRunAt: row.at, lastStatus: row.status });
  }
  return stats;
}

export interface RuleListFilters {
  folder?: string;
  enabled?: boolean;
  /** A substring of the name (case-insensitive). */
  q?: string;
}

export function listRules(db: Db, accountId: string, filters: RuleListFilters = {}, now = Date.now()): RuleSummary[] {
  const where: (SQL | undefined)[] = [eq(rules.accountId, accountId), isNull(rules.deletedAt)];
  if (filters.folder !== undefined) where.push(eq(rules.folder, filters.folder));
  if (filters.enabled !== undefined) where.push(eq(rules.enabled, filters.enabled));
  if (filters.q) where.push(sql`${rules.name} LIKE ${containsPattern(filters.q)} ESCAPE '\\'`);
  const rows = db.select().from(rules).where(and(...where)).orderBy(asc(rules.folder), asc(rules.priority), asc(rules.name), asc(rules.id)).all();
  const graphs = activeGraphs(db, rows);
  const stats = runStats(db, rows.map((r) => r.id), now);
  return rows.map((r) => summaryView(r, graphs.get(r.id), stats.get(r.id)!));
}

export function getRuleRow(db: Db, accountId: string, id: string): RuleRow {
  const row = db.select().from(rules).where(and(eq(rules.id, id), eq(rules.accountId, accountId), isNull(rules.deletedAt))).get();
  if (!row) throw notFound('rule', id);
  return row;
}

export function ruleDetail(db: Db, row: RuleRow, now = Date.now()): RuleDetail {
  const graphs = activeGraphs(db, [row]);
  return { ...summaryView(row, graphs.get(row.id), runStats(db, [row.id], now).get(row.id)!), draft: row.draft };
}

export const getRule = (db: Db, accountId: string, id: string) => ruleDetail(db, getRuleRow(db, accountId, id));

export function createRule(db: Db, accountId: string, input: Partial<RuleMeta> & { name: string; draft?: unknown }, now = Date.now()): RuleRow {
  const draft = input.draft === undefined ? defaultDraft() : checkDraft(input.draft);
  return db.insert(rules).values({
    id: newId('rule', now), accountId, name: input.name, description: input.description ?? '', folder: input.folder ?? '',
    priority: input.priority ?? 100, enabled: input.enabled ?? true, draft, draftUpdatedAt: now, createdAt: now, updatedAt: now,
  }).returning().get();
}

/** Changes name, description, folder, priority or enabled. Returns the rows before and after. */
export function updateRuleMeta(db: Db, accountId: string, id: string, patch: Partial<RuleMeta>, now = Date.now()) {
  const before = getRuleRow(db, accountId, id);
  const set: Partial<RuleRow> = { updatedAt: now };
  for (const key of ['name', 'description', 'folder', 'priority', 'enabled'] as const) {
    if (patch[key] !== undefined) (set as Record<string, unknown>)[key] = patch[key];
  }
  const after = db.update(rules).set(set).where(eq(rules.id, id)).returning().get();
  return { before, after };
}

/**
 * Saves the draft as it is (work in progress may be invalid) and returns what validation found,
 * so the editor can show each issue on its node. Only a non-object or an oversized draft is refused.
 */
export function saveDraft(db: Db, accountId: string, id: string, graph: unknown, steps: CustomStepCatalogue, now = Date.now()): { row: RuleRow; issues: RuleIssue[] } {
  const draft = checkDraft(graph);
  getRuleRow(db, accountId, id);
  const row = db.update(rules).set({ draft, draftUpdatedAt: now, updatedAt: now }).where(eq(rules.id, id)).returning().get();
  const result = validateGraph(draft, { steps });
  return { row, issues: result.ok ? [] : toRuleIssues(result.issues) };
}

/** Soft delete: the rule stops running and disappears from lists; its runs and versions stay for the audit trail. */
export function deleteRule(db: Db, accountId: string, id: string, now = Date.now()): RuleRow {
  getRuleRow(db, accountId, id);
  return db.update(rules).set({ deletedAt: now, updatedAt: now }).where(eq(rules.id, id)).returning().get();
}

/** Whether a rule reacts to events: not deleted, enabled and published. */
export const isLive = (row: RuleRow) => row.deletedAt == null && row.enabled && row.activeVersion != null;
