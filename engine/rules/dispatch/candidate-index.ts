// Which rules may react to an event, without touching the database: an in-memory index of the
// published, enabled rules by account → trigger type → channel (or any channel), each with its
// active version's graph. Loaded with one query; reloaded only when the rules table changed (a
// cheap count / max(updated_at) check) or after invalidate(). Lookups are two map reads and,
// the first time a channel is seen, one merge of two short sorted lists.
import type { Db } from '../../db/open-database';
import type { RuleEvent } from '../../../model/rules/event';
import type { RuleGraph } from '../../../model/rules/graph';
import type { TriggerType } from '../../../model/rules/trigger-types';

export interface RuleCandidate {
  ruleId: string;
  accountId: string;
  name: string;
  /** Lower runs first. */
  priority: number;
  version: number;
  triggerType: TriggerType;
  /** Channel ids the trigger is limited to; null = any channel. */
  channels: string[] | null;
  /** API-triggered rules: the event key. */
  key: string | null;
  graph: RuleGraph;
}

interface Bucket {
  /** Rules of this trigger type for any channel, in order. */
  any: RuleCandidate[];
  /** Rules limited to a channel, per channel, in order. */
  byChannel: Map<string, RuleCandidate[]>;
  /** API-triggered rules per key. */
  byKey: Map<string, RuleCandidate[]>;
  /** `any` merged with a channel's own rules, computed on first use. */
  merged: Map<string, RuleCandidate[]>;
}

const LOAD = `
  select r.id, r.account_id, r.name, r.priority, r.trigger_type, r.trigger_channels, r.trigger_key, r.active_version, v.graph
  from rules r join rule_versions v on v.rule_id = r.id and v.version = r.active_version
  where r.enabled = 1 and r.deleted_at is null and r.active_version is not null and r.trigger_type is not null`;

const SIGNATURE = `select count(*) n, coalesce(max(updated_at), 0) u, coalesce(sum(active_version), 0) v, coalesce(sum(enabled), 0) e from rules`;

interface LoadRow {
  id: string; account_id: string; name: string; priority: number; trigger_type: TriggerType; trigger_channels: string | null;
  trigger_key: string | null; active_version: number; graph: string;
}

export const byPriorityThenId = (a: RuleCandidate, b: RuleCandidate) => a.priority - b.priority || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

function mergeSorted(a: RuleCandidate[], b: RuleCandidate[]): RuleCandidate[] {
  const out: RuleCandidate[] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) out.push(byPriorityThenId(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

const EMPTY: RuleCandidate[] = [];

export class CandidateIndex {
  private accounts = new Map<string, Map<TriggerType, Bucket>>();
  private byRule = new Map<string, RuleCandidate>();
  private signature: string | null = null;

  constructor(private readonly db: Db) {}

  /** Forgets the loaded rules: the next refresh() reloads them. */
  invalidate() {
    this.signature = null;
  }

  /** Reloads when the rules changed since the last load; returns whether it reloaded. */
  refresh(): boolean {
    const s = this.db.$client.prepare(SIGNATURE).get() as { n: number; u: number; v: number; e: number };
    const signature = `${s.n}:${s.u}:${s.v}:${s.e}`;
    if (signature === this.signature) return false;
    this.load(signature);
    return true;
  }

  get size() {
    return this.byRule.size;
  }

  private load(signature: string) {
    const rows = this.db.$client.prepare(LOAD).all() as LoadRow[];
    const accounts = new Map<string, Map<TriggerType, Bucket>>();
    const byRule = new Map<string, RuleCandidate>();
    for (const row of rows) {
      let graph: RuleGraph;
      let channels: string[] | null;
      try {
        graph = JSON.parse(row.graph) as RuleGraph;
        const parsed = row.trigger_channels ? (JSON.parse(row.trigger_channels) as unknown) : null;
        channels = Array.isArray(parsed) && parsed.length ? parsed.map(String) : null;
      } catch {
        continue; // an unreadable version cannot run; the rules API never stores one
      }
      const candidate: RuleCandidate = {
        ruleId: row.id, accountId: row.account_id, name: row.name, priority: row.priority, version: row.active_version,
        triggerType: row.trigger_type, channels, key: row.trigger_key, graph,
      };
      byRule.set(candidate.ruleId, candidate);
      let types = accounts.get(candidate.accountId);
      if (!types) accounts.set(candidate.accountId, (types = new Map()));
      let bucket = types.get(candidate.triggerType);
      if (!bucket) types.set(candidate.triggerType, (bucket = { any: [], byChannel: new Map(), byKey: new Map(), merged: new Map() }));
      if (candidate.triggerType === 'api.event') {
        const key = candidate.key ?? '';
        bucket.byKey.set(key, [...(bucket.byKey.get(key) ?? []), candidate]);
      } else if (channels) {
        for (const channelId of channels) bucket.byChannel.set(channelId, [...(bucket.byChannel.get(channelId) ?? []), candidate]);
      } else {
        bucket.any.push(candidate);
      }
    }
    for (const types of accounts.values()) {
      for (const bucket of types.values()) {
        bucket.any.sort(byPriorityThenId);
        for (const list of bucket.byChannel.values()) list.sort(byPriorityThenId);
        for (const list of bucket.byKey.values()) list.sort(byPriorityThenId);
      }
    }
    this.accounts = accounts;
    this.byRule = byRule;
    this.signature = signature;
  }

  /** The rule, when it is live (published, enabled, not deleted). */
  rule(ruleId: string): RuleCandidate | undefined {
    return this.byRule.get(ruleId);
  }

  /** The live rules whose trigger type, channel filter (and API key) fit the event, by priority then id. */
  candidates(event: RuleEvent): RuleCandidate[] {
    if (event.type === 'schedule') {
      // A schedule belongs to one rule: its event names it.
      const rule = event.ruleId ? this.byRule.get(event.ruleId) : undefined;
      return rule && rule.accountId === event.accountId && rule.triggerType === 'schedule' ? [rule] : EMPTY;
    }
    const bucket = this.accounts.get(event.accountId)?.get(event.type);
    if (!bucket) return EMPTY;
    if (event.type === 'api.event') return bucket.byKey.get(event.key ?? '') ?? EMPTY;
    const channelId = event.channel?.id ?? event.case?.channelId;
    if (!channelId || bucket.byChannel.size === 0) return bucket.any;
    let merged = bucket.merged.get(channelId);
    if (!merged) {
      const own = bucket.byChannel.get(channelId);
      merged = own ? mergeSorted(bucket.any, own) : bucket.any;
      bucket.merged.set(channelId, merged);
    }
    return merged;
  }
}
