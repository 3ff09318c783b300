// Relays recorded rule events to rule runs (modelled on the case dispatcher): pending rows are
// claimed with a lease so several API processes can share one database; for each event the
// matching rules (candidate index + pure pre-check) each get one rule run — a rule_runs row and a
// Temporal workflow whose id derives from the rule and the event, so a redelivered event never
// runs a rule twice. A Temporal outage delays runs but loses nothing: the event backs off and is
// relayed again. Relayed events stay in the table for a while: the corpus dry-runs and replays read.
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Db } from '../../db/open-database';
import type { RetrySpec } from '../../../model/rules/actions';
import type { CustomStepCatalogue } from '../../../model/rules/catalogue';
import type { AccountRuleSettings, RuleEvent } from '../../../model/rules/event';
import type { RuleGraph } from '../../../model/rules/graph';
import { getRuleSettings } from '../store/settings-store';
import { ruleRunId, type RuleRunInput } from '../../../workflows/rules/contract';
import type { ruleRunWorkflow } from '../../../workflows/rules/rule-run-workflow';
import { CandidateIndex, type RuleCandidate } from './candidate-index';
import { LOOP_LIMITS, loopStopReason } from './loop-bounds';
import { RelayLoop } from '../../ingest/relay-loop';
import { selectMatchingRules } from './select-rules';

export interface RuleDispatcherOptions {
  db: Db;
  client: Client;
  taskQueue: string;
  /** Custom steps: their retry policies travel in the run's input. */
  steps?: CustomStepCatalogue;
  index?: CandidateIndex;
  batchSize?: number;
  leaseMs?: number;
  pollMs?: number;
  concurrency?: number;
  /** How long relayed events are kept for dry-runs and replays. */
  retentionMs?: number;
  log?: (msg: string) => void;
}

interface EventRow { id: string; account_id: string; payload: string; attempts: number }

const DAY_MS = 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
const backoffMs = (attempts: number) => Math.min(30_000, 250 * 2 ** Math.min(attempts, 7));

export class RuleDispatcher {
  readonly index: CandidateIndex;
  private readonly loop: RelayLoop;
  private lastError = '';
  private lastPrune = 0;
  private settings = new Map<string, AccountRuleSettings>();
  private settingsSignature = '';

  constructor(private readonly opts: RuleDispatcherOptions) {
    this.index = opts.index ?? new CandidateIndex(opts.db);
    this.loop = new RelayLoop({
      pollMs: opts.pollMs ?? 500,
      pass: async () => {
        const result = await this.relayBatch();
        this.pruneOccasionally();
        return result;
      },
      onError: (err) => { this.lastError = err.message; },
      onOutage: () => {
        const { n } = opts.db.$client.prepare('select count(*) n from rule_events where available_at is not null').get() as { n: number };
        opts.log?.(`rule dispatcher: cannot start rule runs (${this.lastError}); ${n} event(s) are stored and wait, retrying with backoff.`);
      },
      onRecovered: () => opts.log?.('rule dispatcher: Temporal is reachable again; starting the waiting rule runs.'),
    });
  }

  start() {
    this.loop.start();
  }

  /** Called after an event was recorded so it goes out at once instead of at the next poll. */
  wake() {
    this.loop.wake();
  }

  stop() {
    return this.loop.stop();
  }

  private claim(now: number): EventRow[] {
    const { db, batchSize = 128, leaseMs = 30_000 } = this.opts;
    const client = db.$client;
    const ids = (client.prepare('select id from rule_events where available_at is not null and available_at <= ? order by available_at, id limit ?')
      .all(now, batchSize) as { id: string }[]).map((r) => r.id);
    if (ids.length === 0) return [];
    // The availableAt guard makes the claim atomic against another process claiming the same rows.
    const claim = client.prepare('update rule_events set available_at = ?, attempts = attempts + 1 where id = ? and available_at is not null and available_at <= ? returning id, account_id, payload, attempts');
    const rows: EventRow[] = [];
    client.transaction(() => {
      for (const id of ids) {
        const row = claim.get(now + leaseMs, id, now) as EventRow | undefined;
        if (row) rows.push(row);
      }
    })();
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Relays one batch of pending events. */
  async relayBatch(): Promise<{ relayed: number; failed: boolean }> {
    this.refreshCaches();
    const rows = this.claim(Date.now());
    if (rows.length === 0) return { relayed: 0, failed: false };
    let relayed = 0;
    let failed = false;
    let next = 0;
    const concurrency = Math.min(this.opts.concurrency ?? 16, rows.length);
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < rows.length) {
        const row = rows[next++];
        try {
          await this.relay(row);
          this.opts.db.$client.prepare('update rule_events set available_at = null, last_error = null where id = ?').run(row.id);
          relayed++;
        } catch (err) {
          failed = true;
          const message = (err as Error).message?.slice(0, 500) ?? String(err);
          this.lastError = message;
          this.opts.db.$client.prepare('update rule_events set available_at = ?, last_error = ? where id = ?')
            .run(Date.now() + backoffMs(row.attempts), message, row.id);
        }
      }
    }));
    return { relayed, failed };
  }

  private refreshCaches() {
    this.index.refresh();
    const s = this.opts.db.$client.prepare('select count(*) n, coalesce(max(updated_at), 0) u from account_settings').get() as { n: number; u: number };
    const signature = `${s.n}:${s.u}`;
    if (signature !== this.settingsSignature) {
      this.settings.clear();
      this.settingsSignature = signature;
    }
  }

  private accountSettings(accountId: string): AccountRuleSettings {
    let settings = this.settings.get(accountId);
    if (!settings) this.settings.set(accountId, (settings = getRuleSettings(this.opts.db, accountId)));
    return settings;
  }

  /** Starts the runs one event gives (idempotent: a relayed-again event starts nothing new). */
  async relay(row: EventRow) {
    const event = { ...(JSON.parse(row.payload) as RuleEvent), id: row.id, accountId: row.account_id };
    const matching = selectMatchingRules(this.index, event, this.accountSettings(event.accountId));
    for (const rule of matching) await this.startRun(rule, event);
  }

  private async startRun(rule: RuleCandidate, event: RuleEvent) {
    const { db } = this.opts;
    const runId = ruleRunId(rule.ruleId, event.id);
    const caseId = event.case?.id ?? null;
    const now = Date.now();
    const existing = db.$client.prepare('select status from rule_runs where id = ?').get(runId) as { status: string } | undefined;
    if (existing && existing.status !== 'running') return; // finished or stopped: never again
    if (!existing) {
      const stop = loopStopReason(event, rule, () => (caseId
        ? (db.$client.prepare(`select count(*) n from rule_runs where case_id = ? and rule_id = ? and started_at > ? and status != 'stopped'`)
          .get(caseId, rule.ruleId, now - LOOP_LIMITS.rateWindowMs) as { n: number }).n
        : 0));
      const insert = db.$client.prepare(`insert into rule_runs (id, account_id, rule_id, version, event_id, case_id, status, path, steps, error, started_at, finished_at)
        values (?, ?, ?, ?, ?, ?, ?, '[]', '[]', ?, ?, ?) on conflict (id) do nothing`);
      if (stop) {
        insert.run(runId, event.accountId, rule.ruleId, rule.version, event.id, caseId, 'stopped', stop, now, now);
        this.opts.log?.(`rule dispatcher: ${stop}`);
        return;
      }
      insert.run(runId, event.accountId, rule.ruleId, rule.version, event.id, caseId, 'running', null, now, null);
    }
    const input: RuleRunInput = {
      runId, accountId: event.accountId, rule: { id: rule.ruleId, name: rule.name, version: rule.version },
      graph: rule.graph, event, account: this.accountSettings(event.accountId), stepRetry: this.stepRetries(rule.graph),
    };
    try {
      await this.opts.client.workflow.start<typeof ruleRunWorkflow>('ruleRunWorkflow', {
        workflowId: runId,
        taskQueue: this.opts.taskQueue,
        args: [input],
        // A run id is used once: a redelivered event finds its run (running or finished) and starts nothing.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /** The retry policies of the custom steps a graph uses (built-in actions' are in the workflow's catalogue). */
  private stepRetries(graph: RuleGraph): Record<string, RetrySpec> | undefined {
    const steps = this.opts.steps;
    if (!steps) return undefined;
    const retries: Record<string, RetrySpec> = {};
    for (const node of graph.nodes) {
      if (node.kind !== 'step') continue;
      const retry = steps.get(node.step)?.retry;
      if (retry) retries[node.step] = retry;
    }
    return Object.keys(retries).length ? retries : undefined;
  }

  /** Drops relayed events older than the retention (the dry-run / replay corpus keeps 30 days). */
  pruneOccasionally(now = Date.now()) {
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    const retention = this.opts.retentionMs ?? 30 * DAY_MS;
    this.opts.db.$client.prepare('delete from rule_events where available_at is null and occurred_at < ?').run(now - retention);
  }
}
