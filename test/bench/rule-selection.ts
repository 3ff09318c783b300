// Benchmark row: candidate selection + evaluation per event, with 10,000 published rules across
// 50 accounts in a real SQLite file (created through the rules store: create, save draft, publish).
// Measures exactly what the rule dispatcher does per event before starting any workflow: the
// indexed candidate lookup and the pure interpreter's pre-check of each candidate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../engine/db/open-database';
import { accounts } from '../../engine/db/schema';
import { CandidateIndex } from '../../engine/rules/dispatch/candidate-index';
import { selectMatchingRules } from '../../engine/rules/dispatch/select-rules';
import type { RuleEvent } from '../../model/rules/event';
import type { RuleGraph } from '../../model/rules/graph';
import { NO_CUSTOM_STEPS } from '../../model/rules/catalogue';
import { createRule, saveDraft } from '../../engine/rules/store/rule-store';
import { publishRule } from '../../engine/rules/store/rule-versions';

export interface SelectionResult { rules: number; accounts: number; events: number; p50us: number; p99us: number; maxUs: number; meanCandidates: number; meanMatched: number; loadMs: number }

const WORDS = ['reembolso', 'refund', 'factura', 'invoice', 'envío', 'delivery', 'cancel', 'baja', 'password', 'precio'];

/** A deterministic pseudo-random generator, so every run builds the same rules and events. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function graphFor(i: number, channelIds: string[], rand: () => number): RuleGraph {
  const word = WORDS[i % WORDS.length];
  const kind = i % 4;
  const trigger = kind === 3
    ? { id: 'trigger', kind: 'trigger' as const, trigger: 'case.status_changed' as const, position: { x: 0, y: 0 }, config: { to: ['resolved'] } }
    : { id: 'trigger', kind: 'trigger' as const, trigger: 'message.created' as const, position: { x: 0, y: 0 },
      config: { direction: 'in', ...(rand() < 0.5 ? { channelIds: [channelIds[Math.floor(rand() * channelIds.length)]] } : {}) } };
  return {
    nodes: [
      trigger,
      { id: 'cond', kind: 'condition', position: { x: 0, y: 100 }, all: [
        ...(kind === 3 ? [] : [{ field: 'message.text', op: 'contains' as const, value: [word, WORDS[(i + 3) % WORDS.length]] }]),
        { field: 'case.priority', op: 'less', value: 50 },
      ] },
      { id: 'branch', kind: 'branch', position: { x: 0, y: 200 }, all: [{ field: 'case.tags', op: 'not_contains', value: 'vip' }] },
      { id: 'tag', kind: 'action', action: 'add_tag', position: { x: 0, y: 300 }, input: { tag: `t-${word}` } },
      { id: 'reply', kind: 'action', action: 'send_message', position: { x: 200, y: 300 }, input: { text: 'Hola {{contact.name}}, we got your message about ' + word } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'cond' },
      { id: 'e2', source: 'cond', target: 'branch' },
      { id: 'e3', source: 'branch', sourceHandle: 'true', target: 'tag' },
      { id: 'e4', source: 'branch', sourceHandle: 'false', target: 'reply' },
    ],
  };
}

export function benchRuleSelection(opts: { accounts?: number; rulesPerAccount?: number; events?: number } = {}): SelectionResult {
  const nAccounts = opts.accounts ?? 50, perAccount = opts.rulesPerAccount ?? 200, nEvents = opts.events ?? 20_000;
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-rules-'));
  const db = openDatabase(join(dir, 'parley.sqlite'));
  try {
    const rand = rng(42);
    const accountIds = Array.from({ length: nAccounts }, (_, a) => `acc_bench_${a}`);
    const channelsOf = (a: number) => Array.from({ length: 5 }, (_, c) => `ch_${a}_${c}`);
    const now = Date.now();
    db.transaction((tx) => {
      for (const id of accountIds) tx.insert(accounts).values({ id, name: id, createdAt: now }).run();
    });
    db.transaction(() => {
      accountIds.forEach((accountId, a) => {
        for (let r = 0; r < perAccount; r++) {
          const rule = createRule(db, accountId, { name: `Rule ${a}-${r}`, priority: r });
          saveDraft(db, accountId, rule.id, graphFor(r, channelsOf(a), rand), NO_CUSTOM_STEPS);
          publishRule(db, accountId, rule.id, { steps: NO_CUSTOM_STEPS, note: 'bench' });
        }
      });
    });
    const index = new CandidateIndex(db);
    const t0 = performance.now();
    index.refresh();
    const loadMs = performance.now() - t0;

    const events: RuleEvent[] = Array.from({ length: nEvents }, (_, i) => {
      const a = Math.floor(rand() * nAccounts);
      const channelId = channelsOf(a)[Math.floor(rand() * 5)];
      const text = `Hola, ${rand() < 0.3 ? WORDS[Math.floor(rand() * WORDS.length)] : 'consulta general'} del pedido ${i}`;
      return {
        id: `evt_${i}`, type: 'message.created', accountId: accountIds[a], occurredAt: now,
        channel: { id: channelId, type: 'byoc', name: 'Bench' },
        case: { id: `case_${i}`, status: 'open', priority: 10, tags: rand() < 0.1 ? ['vip'] : [], skillId: null, assigneeId: null, customFields: {},
          channelId, contactId: `ct_${i}`, threadId: 't', createdAt: now, statusUpdatedAt: now, lastInboundAt: now, lastOutboundAt: null },
        contact: { id: `ct_${i}`, name: 'Ana', email: null, phone: null, customFields: {} },
        message: { id: `msg_${i}`, direction: 'in', authorType: 'customer', text, tags: [] },
      };
    });
    const account = { businessHours: null };
    // Warm-up (JIT, merged channel lists).
    for (let i = 0; i < 2000; i++) selectMatchingRules(index, events[i], account);
    const times: number[] = [];
    let candidates = 0, matched = 0;
    for (const event of events) {
      const s = performance.now();
      const selected = selectMatchingRules(index, event, account);
      times.push((performance.now() - s) * 1000);
      matched += selected.length;
      candidates += index.candidates(event).length;
    }
    times.sort((x, y) => x - y);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
    return {
      rules: index.size, accounts: nAccounts, events: nEvents, p50us: pct(50), p99us: pct(99), maxUs: times[times.length - 1],
      meanCandidates: candidates / nEvents, meanMatched: matched / nEvents, loadMs,
    };
  } finally {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && process.argv[1].endsWith('rule-selection.ts')) {
  console.log(benchRuleSelection());
}
