// Candidate selection (account → trigger type → channel, priority order), the pure pre-check, loop
// bounds recorded as stopped runs, and the dispatcher's once-only start of rule runs.
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../connectors/connector';
import { accounts, channels } from '../../engine/db/schema';
import { ingestEvents } from '../../engine/ingest/ingest-events';
import { CandidateIndex } from '../../engine/rules/dispatch/candidate-index';
import { LOOP_LIMITS, loopStopReason } from '../../engine/rules/dispatch/loop-bounds';
import { RuleDispatcher } from '../../engine/rules/dispatch/rule-dispatcher';
import { recordRuleEvent } from '../../engine/rules/events/record-event';
import type { RuleEvent } from '../../model/rules/event';
import type { RuleRunInput } from '../../workflows/rules/contract';
import { chain, insertPublishedRule } from '../support/rule-fixtures';
import { tempDb } from '../support/temp-db';

const tagAction = (tag: string) => ({ kind: 'action', action: 'add_tag', input: { tag } });

const event = (over: Partial<RuleEvent>): RuleEvent => ({ id: 'evt_1', type: 'message.created', accountId: 'acct_1', occurredAt: 1, ...over });

/** Stands in for Temporal's client: records started workflows, refuses duplicates like REJECT_DUPLICATE. */
function fakeTemporal() {
  const started: { workflowId: string; input: RuleRunInput; reusePolicy: string }[] = [];
  let down = false;
  const client = {
    workflow: {
      async start(type: string, opts: { workflowId: string; args: [RuleRunInput]; workflowIdReusePolicy: string }) {
        if (down) throw new Error('14 UNAVAILABLE: tcp connect error');
        expect(type).toBe('ruleRunWorkflow');
        if (started.some((s) => s.workflowId === opts.workflowId)) throw new WorkflowExecutionAlreadyStartedError('already started', opts.workflowId, type);
        started.push({ workflowId: opts.workflowId, input: opts.args[0], reusePolicy: opts.workflowIdReusePolicy });
      },
    },
  } as unknown as Client;
  return { client, started, setDown: (v: boolean) => { down = v; } };
}

describe('candidate index', () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => {
    t = tempDb();
    const now = Date.now();
    t.db.insert(accounts).values({ id: 'acct_2', name: 'Other', createdAt: now }).run();
    t.db.insert(channels).values({ id: 'ch_2', accountId: 'acct_1', type: 'byoc', name: 'Second', config: {}, createdAt: now, updatedAt: now }).run();
  });
  afterEach(() => t.close());

  it('selects by account, trigger type and channel, in priority then id order', () => {
    const any = insertPublishedRule(t.db, { accountId: 'acct_1', name: 'any channel', priority: 50, graph: chain({ trigger: 'message.created' }, tagAction('a')) });
    const onlyCh2 = insertPublishedRule(t.db, { accountId: 'acct_1', name: 'ch_2 only', priority: 10, graph: chain({ trigger: 'message.created', config: { channelIds: ['ch_2'] } }, tagAction('b')) });
    const late = insertPublishedRule(t.db, { accountId: 'acct_1', name: 'late', priority: 200, graph: chain({ trigger: 'message.created' }, tagAction('c')) });
    insertPublishedRule(t.db, { accountId: 'acct_1', name: 'disabled', enabled: false, graph: chain({ trigger: 'message.created' }, tagAction('d')) });
    insertPublishedRule(t.db, { accountId: 'acct_2', name: 'other account', graph: chain({ trigger: 'message.created' }, tagAction('e')) });
    const created = insertPublishedRule(t.db, { accountId: 'acct_1', name: 'case created', graph: chain({ trigger: 'case.created' }, tagAction('f')) });
    const api = insertPublishedRule(t.db, { accountId: 'acct_1', name: 'api', graph: chain({ trigger: 'api.event', config: { key: 'order.paid' } }, { kind: 'action', action: 'call_url', input: { url: 'https://x.test' } }) });
    const index = new CandidateIndex(t.db);
    index.refresh();

    const names = (e: RuleEvent) => index.candidates(e).map((c) => c.ruleId);
    expect(names(event({ channel: { id: 'ch_1', type: 'byoc', name: 'BYOC' } }))).toEqual([any.id, late.id]);
    expect(names(event({ channel: { id: 'ch_2', type: 'byoc', name: 'Second' } }))).toEqual([onlyCh2.id, any.id, late.id]);
    expect(names(event({ type: 'case.created', channel: { id: 'ch_1', type: 'byoc', name: 'BYOC' } }))).toEqual([created.id]);
    expect(names(event({ type: 'case.status_changed' }))).toEqual([]);
    expect(names(event({ accountId: 'acct_3' }))).toEqual([]);
    expect(names(event({ type: 'api.event', key: 'order.paid' }))).toEqual([api.id]);
    expect(names(event({ type: 'api.event', key: 'other' }))).toEqual([]);
    expect(index.candidates(event({}))[0]).toMatchObject({ name: 'any channel', version: 1, graph: { nodes: expect.any(Array) } });
  });

  it('a schedule event selects only the rule it belongs to', () => {
    const a = insertPublishedRule(t.db, { accountId: 'acct_1', name: 'a', graph: chain({ trigger: 'schedule', config: { cron: '0 9 * * *' } }, { kind: 'action', action: 'call_url', input: { url: 'https://x.test' } }) });
    insertPublishedRule(t.db, { accountId: 'acct_1', name: 'b', graph: chain({ trigger: 'schedule', config: { cron: '0 10 * * *' } }, { kind: 'action', action: 'call_url', input: { url: 'https://x.test' } }) });
    const index = new CandidateIndex(t.db);
    index.refresh();
    expect(index.candidates(event({ type: 'schedule', ruleId: a.id })).map((c) => c.ruleId)).toEqual([a.id]);
    expect(index.candidates(event({ type: 'schedule', accountId: 'acct_2', ruleId: a.id }))).toEqual([]);
  });

  it('reloads only when the rules changed', () => {
    const index = new CandidateIndex(t.db);
    expect(index.refresh()).toBe(true);
    expect(index.refresh()).toBe(false);
    const rule = insertPublishedRule(t.db, { accountId: 'acct_1', name: 'new', graph: chain({ trigger: 'message.created' }, tagAction('a')) });
    expect(index.refresh()).toBe(true);
    expect(index.size).toBe(1);
    t.db.$client.prepare('update rules set enabled = 0, updated_at = updated_at + 1 where id = ?').run(rule.id);
    expect(index.refresh()).toBe(true);
    expect(index.size).toBe(0);
  });
});

describe('loop bounds', () => {
  const rule = { ruleId: 'rule_a', name: 'Auto-reply' };
  it('stops a rule that triggered itself twice, a chain too deep, and too many runs for a case', () => {
    expect(loopStopReason({}, rule, () => 0)).toBeNull();
    expect(loopStopReason({ origin: { ruleIds: ['rule_a'], depth: 1 } }, rule, () => 0)).toBeNull();
    expect(loopStopReason({ origin: { ruleIds: ['rule_a', 'rule_a'], depth: 2 } }, rule, () => 0))
      .toBe('Stopped a loop: rule Auto-reply (rule_a) was triggered by its own action 2 times (depth 2).');
    expect(loopStopReason({ origin: { ruleIds: ['r1', 'r2', 'r3', 'r4', 'r5'], depth: LOOP_LIMITS.maxDepth } }, rule, () => 0)).toMatch(/chain of 5 rule actions/);
    expect(loopStopReason({}, rule, () => LOOP_LIMITS.maxRunsPerCase)).toMatch(/already started 20 runs for this case in the last 60 s/);
  });
});

describe('rule dispatcher', () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => { t = tempDb(); });
  afterEach(() => t.close());
  const inbound = (id: string, text: string): InboundEvent => ({
    kind: 'message', eventId: id, providerMessageId: id, threadId: 'th', sender: { externalId: 'c1' }, text, attachments: [], occurredAt: Date.now(),
  });
  const runs = () => t.db.$client.prepare('select id, rule_id, status, error, event_id, case_id, version from rule_runs order by started_at, id').all() as
    { id: string; rule_id: string; status: string; error: string | null; event_id: string; case_id: string | null; version: number }[];
  const pending = () => (t.db.$client.prepare('select count(*) n from rule_events where available_at is not null').get() as { n: number }).n;

  it('starts one run per matching rule (the pre-check skips the rest) and never twice for the same event', async () => {
    const refunds = insertPublishedRule(t.db, {
      accountId: t.accountId, name: 'Refunds',
      graph: chain({ trigger: 'message.created' }, { kind: 'condition', all: [{ field: 'message.text', op: 'contains', value: 'reembolso' }] }, tagAction('refund')),
    });
    insertPublishedRule(t.db, { accountId: t.accountId, name: 'Outbound only', graph: chain({ trigger: 'message.created', config: { direction: 'out' } }, tagAction('x')) });
    const temporal = fakeTemporal();
    const dispatcher = new RuleDispatcher({ db: t.db, client: temporal.client, taskQueue: 'q' });
    const { caseIds: [caseId] } = ingestEvents(t.db, { id: t.channelId, accountId: t.accountId, type: 'byoc' }, [inbound('m1', 'Quiero un reembolso'), inbound('m2', 'gracias')]);

    expect(await dispatcher.relayBatch()).toEqual({ relayed: 3, failed: false });
    expect(pending()).toBe(0);
    expect(temporal.started).toHaveLength(1);
    const [start] = temporal.started;
    const [run] = runs();
    expect(start.workflowId).toBe(run.id);
    expect(start.reusePolicy).toBe('REJECT_DUPLICATE');
    expect(run).toMatchObject({ id: `rule-run-${refunds.id}-${run.event_id}`, rule_id: refunds.id, status: 'running', case_id: caseId, version: 1 });
    expect(start.input).toMatchObject({ runId: run.id, rule: { id: refunds.id, name: 'Refunds', version: 1 }, event: { id: run.event_id, message: { text: 'Quiero un reembolso' } } });

    // The same event relayed again (another dispatcher, a lease that expired): nothing new starts.
    t.db.$client.prepare('update rule_events set available_at = 0').run();
    expect(await dispatcher.relayBatch()).toEqual({ relayed: 3, failed: false });
    expect(temporal.started).toHaveLength(1);
    expect(runs()).toHaveLength(1);
  });

  it('records a loop as a stopped run instead of starting it', async () => {
    const rule = insertPublishedRule(t.db, { accountId: t.accountId, name: 'Echo', graph: chain({ trigger: 'message.created', config: { direction: 'any' } }, { kind: 'action', action: 'send_message', input: { text: 'echo' } }) });
    const { caseIds: [caseId] } = ingestEvents(t.db, { id: t.channelId, accountId: t.accountId, type: 'byoc' }, [inbound('m1', 'hi')]);
    const snapshot = (JSON.parse((t.db.$client.prepare(`select payload from rule_events where type = 'message.created'`).get() as { payload: string }).payload)) as RuleEvent;
    const looped = recordRuleEvent(t.db, { ...snapshot, id: undefined, origin: { ruleIds: [rule.id, rule.id], depth: 2 } } as never);
    const temporal = fakeTemporal();
    await new RuleDispatcher({ db: t.db, client: temporal.client, taskQueue: 'q' }).relayBatch();
    expect(temporal.started.map((s) => s.input.event.id)).toEqual([snapshot.id]);
    const stopped = runs().find((r) => r.event_id === looped)!;
    expect(stopped).toMatchObject({ status: 'stopped', case_id: caseId });
    expect(stopped.error).toBe(`Stopped a loop: rule Echo (${rule.id}) was triggered by its own action 2 times (depth 2).`);
  });

  it('stops the 21st run of one rule for one case within a minute', async () => {
    insertPublishedRule(t.db, { accountId: t.accountId, name: 'Busy', graph: chain({ trigger: 'message.created' }, tagAction('busy')) });
    ingestEvents(t.db, { id: t.channelId, accountId: t.accountId, type: 'byoc' }, Array.from({ length: 21 }, (_, i) => inbound(`m${i}`, `hello ${i}`)));
    const temporal = fakeTemporal();
    await new RuleDispatcher({ db: t.db, client: temporal.client, taskQueue: 'q' }).relayBatch();
    expect(temporal.started).toHaveLength(20);
    const statuses = runs().map((r) => r.status);
    expect(statuses.filter((s) => s === 'running')).toHaveLength(20);
    expect(runs().filter((r) => r.status === 'stopped').map((r) => r.error)).toEqual([expect.stringMatching(/already started 20 runs for this case/)]);
  });

  it('keeps events through a Temporal outage and starts their runs once it is back', async () => {
    insertPublishedRule(t.db, { accountId: t.accountId, name: 'Tagger', graph: chain({ trigger: 'message.created' }, tagAction('t')) });
    ingestEvents(t.db, { id: t.channelId, accountId: t.accountId, type: 'byoc' }, [inbound('m1', 'hi')]);
    const temporal = fakeTemporal();
    temporal.setDown(true);
    const dispatcher = new RuleDispatcher({ db: t.db, client: temporal.client, taskQueue: 'q' });
    // case.created starts nothing and is relayed; message.created waits.
    expect(await dispatcher.relayBatch()).toEqual({ relayed: 1, failed: true });
    const waiting = t.db.$client.prepare('select attempts, last_error from rule_events where available_at is not null').all() as { attempts: number; last_error: string }[];
    expect(waiting).toMatchObject([{ attempts: 1, last_error: expect.stringContaining('UNAVAILABLE') }]);
    expect(runs()).toMatchObject([{ status: 'running' }]);

    temporal.setDown(false);
    t.db.$client.prepare('update rule_events set available_at = 0 where available_at is not null').run();
    expect(await dispatcher.relayBatch()).toEqual({ relayed: 1, failed: false });
    expect(temporal.started).toHaveLength(1);
    expect(runs()).toHaveLength(1);
  });

  it('prunes relayed events past the retention, keeping recent and pending ones', () => {
    const old = recordRuleEvent(t.db, { type: 'api.event', accountId: t.accountId, occurredAt: Date.now() - 31 * 86_400_000, key: 'k' });
    const recent = recordRuleEvent(t.db, { type: 'api.event', accountId: t.accountId, occurredAt: Date.now(), key: 'k' });
    const oldPending = recordRuleEvent(t.db, { type: 'api.event', accountId: t.accountId, occurredAt: Date.now() - 40 * 86_400_000, key: 'k' });
    t.db.$client.prepare('update rule_events set available_at = null where id in (?, ?)').run(old, recent);
    new RuleDispatcher({ db: t.db, client: fakeTemporal().client, taskQueue: 'q' }).pruneOccasionally();
    const left = (t.db.$client.prepare('select id from rule_events order by id').all() as { id: string }[]).map((r) => r.id).sort();
    expect(left).toEqual([recent, oldPending].sort());
  });
});
