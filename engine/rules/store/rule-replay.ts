// Replay: the draft and the active version dry-run over the account's recorded events of the last
// N days, side by side: how often each would have fired, which actions it would have taken, and
// the events on which they differ. Nothing is executed and nothing is written.
import type { Db } from '../../db/open-database';
import type { CustomStepCatalogue } from '../../../model/rules/catalogue';
import type { DryRunResult } from '../../../model/rules/dry-run';
import type { RuleGraph, TriggerNode } from '../../../model/rules/graph';
import { stableStringify } from '../../../model/rules/stable-json';
import { evaluate, runnableGraph } from './rule-dry-run';
import { eventsForReplay, summarizeEvent } from './rule-events-queries';
import { getRuleRow } from './rule-store';
import { activeVersionRow } from './rule-versions';
import { getRuleSettings } from './settings-store';

const DAY_MS = 24 * 3_600_000;
/** How many differing events the answer lists. */
export const REPLAY_CHANGED_LIMIT = 50;

interface Tally { fired: number; failed: number; actions: Record<string, number> }

const triggerOf = (graph: RuleGraph) => graph.nodes.find((n): n is TriggerNode => n.kind === 'trigger');

const outcomeOf = (r: DryRunResult) => ({
  outcome: r.outcome,
  actions: r.actions.map((a) => ({ nodeId: a.nodeId, name: a.name, input: a.input })),
});

function count(tally: Tally, r: DryRunResult) {
  if (r.outcome === 'failed') tally.failed++;
  if (r.actions.length) tally.fired++;
  for (const a of r.actions) tally.actions[a.name] = (tally.actions[a.name] ?? 0) + 1;
}

export function replayRule(db: Db, accountId: string, ruleId: string, opts: { days: number; limit: number }, steps: CustomStepCatalogue, now = Date.now()) {
  const rule = getRuleRow(db, accountId, ruleId);
  const draft = runnableGraph(rule.draft, steps, 'The draft');
  const active = activeVersionRow(db, rule);
  const published = active ? (active.graph as RuleGraph) : null;
  // Events either graph reacts to: the draft may have changed the trigger type.
  const types = [...new Set([draft, published].flatMap((g) => (g && triggerOf(g) ? [triggerOf(g)!.trigger] : [])))];
  const since = now - opts.days * DAY_MS;
  const events = eventsForReplay(db, accountId, types, since, opts.limit);
  const settings = getRuleSettings(db, accountId);

  const draftTally: Tally = { fired: 0, failed: 0, actions: {} };
  const publishedTally: Tally = { fired: 0, failed: 0, actions: {} };
  const changed = [];
  let changedCount = 0;
  for (const event of events) {
    const d = evaluate(draft, event, db, steps, settings);
    const p = published ? evaluate(published, event, db, steps, settings) : null;
    count(draftTally, d);
    if (p) count(publishedTally, p);
    const dOut = outcomeOf(d);
    const pOut = p ? outcomeOf(p) : null;
    // Never published: every event the draft acts on is a difference.
    const differs = pOut ? stableStringify(dOut) !== stableStringify(pOut) : d.actions.length > 0;
    if (!differs) continue;
    changedCount++;
    if (changed.length < REPLAY_CHANGED_LIMIT) {
      changed.push({ eventId: event.id, occurredAt: new Date(event.occurredAt).toISOString(), summary: summarizeEvent(event), draft: dOut, published: pOut });
    }
  }
  return {
    days: opts.days,
    since: new Date(since).toISOString(),
    events: events.length,
    draft: draftTally,
    published: active ? { version: active.version, ...publishedTally } : null,
    changedCount,
    changed,
  };
}
