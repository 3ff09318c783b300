// The events rules react to are recorded in the transaction that causes them, with snapshots of
// the case, contact, channel and message as they were then (what a dry-run or replay later sees).
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../connectors/connector';
import { queueReply, updateRouting } from '../../engine/cases/case-commands';
import { getCaseRow } from '../../engine/cases/case-queries';
import { ChannelStore } from '../../engine/channels/channel-store';
import { caseEvents, cases, users } from '../../engine/db/schema';
import { ingestEvents } from '../../engine/ingest/ingest-events';
import { recordRuleEvent } from '../../engine/rules/events/record-event';
import type { RuleEvent } from '../../model/rules/event';
import { createSecretBox } from '../../engine/security/secret-box';
import { createCaseActivities } from '../../workflows/activities/case-activities';
import type { CaseState } from '../../workflows/case/contract';
import { tempDb } from '../support/temp-db';

const message = (id: string, over: Partial<Extract<InboundEvent, { kind: 'message' }>> = {}): InboundEvent => ({
  kind: 'message', eventId: `byoc:${id}`, providerMessageId: id, threadId: 'thread-1',
  sender: { externalId: 'cust-1', name: 'Ana' }, text: `hello ${id}`, attachments: [], occurredAt: 1_700_000_000_000, ...over,
});

describe('rule events', () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => { t = tempDb(); });
  afterEach(() => t.close());
  const channel = () => ({ id: t.channelId, accountId: t.accountId, type: 'byoc' });
  const events = (type?: string): (RuleEvent & { availableAt: number | null })[] =>
    (t.db.$client.prepare(`select payload, available_at from rule_events ${type ? 'where type = ?' : ''} order by rowid`).all(...(type ? [type] : [])) as { payload: string; available_at: number | null }[])
      .map((r) => ({ ...(JSON.parse(r.payload) as RuleEvent), availableAt: r.available_at }));
  const commands = () => {
    const channels = new ChannelStore(t.db, createSecretBox(randomBytes(32)), 'https://parley.test');
    const noTemporal = new Proxy({}, { get() { throw new Error('no Temporal here'); } }) as Client;
    return { db: t.db, channels, client: noTemporal, taskQueue: 'q', autoCloseAfterMs: 1000, wakeDispatcher: () => {} };
  };

  it('ingest records case.created and message.created with snapshots, pending for the dispatcher', () => {
    const { caseIds: [caseId], messageIds: [messageId] } = ingestEvents(t.db, channel(), [message('m1', { text: 'Quiero un reembolso' })]);
    const recorded = events();
    expect(recorded.map((e) => e.type)).toEqual(['case.created', 'message.created']);
    for (const e of recorded) {
      expect(e.id).toMatch(/^evt_/);
      expect(e.accountId).toBe(t.accountId);
      expect(e.availableAt).toBeGreaterThan(0);
      expect(e.case).toMatchObject({ id: caseId, status: 'new', tags: [], channelId: t.channelId, customFields: {} });
      expect(e.contact).toMatchObject({ name: 'Ana' });
      expect(e.channel).toEqual({ id: t.channelId, type: 'byoc', name: 'BYOC' });
      expect(e.message).toMatchObject({ id: messageId, direction: 'in', authorType: 'customer', text: 'Quiero un reembolso', tags: [] });
      expect(e.origin).toBeUndefined();
    }
    // A follow-up in the same case is a message, not a new case.
    ingestEvents(t.db, channel(), [message('m2')]);
    expect(events().map((e) => e.type)).toEqual(['case.created', 'message.created', 'message.created']);
    // A provider retry records nothing.
    ingestEvents(t.db, channel(), [message('m2')]);
    expect(events()).toHaveLength(3);
  });

  it('the snapshot is the case as it was when the event happened', () => {
    const { caseIds: [caseId] } = ingestEvents(t.db, channel(), [message('m1')]);
    t.db.update(cases).set({ tags: ['vip'], priority: 7 }).run();
    ingestEvents(t.db, channel(), [message('m2')]);
    const [first, , second] = events();
    expect(first.case).toMatchObject({ id: caseId, tags: [], priority: 0 });
    expect(second.case).toMatchObject({ id: caseId, tags: ['vip'], priority: 7 });
  });

  it('an answer to a question records message.answer_received with the option; a survey answer lands on the case', () => {
    const { caseIds: [caseId] } = ingestEvents(t.db, channel(), [message('m1')]);
    const deps = commands();
    const survey = queueReply(deps, t.accountId, caseId, {
      content: { content: { type: 'quickReplies', text: 'Rate us', replies: [1, 2, 3, 4, 5].map((n) => ({ id: `rating-${n}`, title: String(n), payload: String(n) })) } } as never,
      text: 'Rate us\n\n1. 1\n2. 2\n3. 3\n4. 4\n5. 5',
    }, undefined, { authorType: 'system', authorId: 'rule_x', byHuman: false, contentExtras: { survey: true } });
    ingestEvents(t.db, channel(), [{ kind: 'postback', eventId: 'pb1', providerMessageId: 'pb1', threadId: 'thread-1', sender: { externalId: 'cust-1' }, payload: '4', text: '4', occurredAt: Date.now() } as InboundEvent]);
    const [answered] = events('message.answer_received');
    expect(answered.message?.answer).toMatchObject({ messageId: survey.id, optionId: 'rating-4', payload: '4', title: '4' });
    expect(getCaseRow(t.db, t.accountId, caseId).customFields).toEqual({ satisfaction: 4 });
    const audit = t.db.select().from(caseEvents).all().filter((e) => e.type === 'survey_answered');
    expect(audit).toMatchObject([{ to: '4', actor: 'customer', detail: { surveyMessageId: survey.id } }]);
  });

  it('a failed delivery receipt records message.delivery_failed once', () => {
    const { caseIds: [caseId] } = ingestEvents(t.db, channel(), [message('m1')]);
    const { id } = queueReply(commands(), t.accountId, caseId, { content: { content: { type: 'text', text: 'hi' } } as never, text: 'hi' });
    const receipt = (n: number): InboundEvent => ({ kind: 'receipt', eventId: `r${n}`, messageId: id, status: 'failed', reason: 'blocked', occurredAt: Date.now() } as InboundEvent);
    ingestEvents(t.db, channel(), [receipt(1)]);
    ingestEvents(t.db, channel(), [receipt(2)]);
    const failed = events('message.delivery_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toMatchObject({ id, direction: 'out', deliveryStatus: 'failed', deliveryError: 'blocked' });
  });

  it('an agent reply records message.created (out); a rule-caused one carries its origin', () => {
    const { caseIds: [caseId] } = ingestEvents(t.db, channel(), [message('m1')]);
    queueReply(commands(), t.accountId, caseId, { content: { content: { type: 'text', text: 'hi' } } as never, text: 'hi' }, 'key_1');
    queueReply(commands(), t.accountId, caseId, { content: { content: { type: 'text', text: 'auto' } } as never, text: 'auto' }, undefined,
      { authorType: 'system', authorId: 'rule_a', byHuman: false, origin: { ruleIds: ['rule_a'], depth: 1 } });
    const out = events('message.created').filter((e) => e.message?.direction === 'out');
    expect(out.map((e) => [e.message?.text, e.message?.authorType, e.origin])).toEqual([
      ['hi', 'agent', undefined],
      ['auto', 'system', { ruleIds: ['rule_a'], depth: 1 }],
    ]);
  });

  it('routing changes record case.assignee_changed and case.skill_changed with the change and origin', () => {
    const { caseIds: [caseId] } = ingestEvents(t.db, channel(), [message('m1')]);
    t.db.insert(users).values({ id: 'usr_1', accountId: t.accountId, email: 'a@x.test', name: 'A', passwordHash: 'x', role: 'agent', createdAt: 0 }).run();
    const row = getCaseRow(t.db, t.accountId, caseId);
    updateRouting(t.db, row, { assigneeId: 'usr_1', skillId: 'billing', priority: 5 }, { actorId: 'rule:rule_a', detail: { ruleId: 'rule_a' }, origin: { ruleIds: ['rule_a'], depth: 1 } });
    const [assignee] = events('case.assignee_changed');
    const [skill] = events('case.skill_changed');
    expect(assignee).toMatchObject({ change: { from: null, to: 'usr_1' }, origin: { ruleIds: ['rule_a'], depth: 1 }, case: { assigneeId: 'usr_1', skillId: 'billing' } });
    expect(skill).toMatchObject({ change: { from: null, to: 'billing' } });
    expect(t.db.select().from(caseEvents).all().map((e) => [e.type, e.actor, e.detail])).toEqual([
      ['assignee_changed', 'rule:rule_a', { ruleId: 'rule_a' }],
      ['skill_changed', 'rule:rule_a', { ruleId: 'rule_a' }],
      ['priority_changed', 'rule:rule_a', { ruleId: 'rule_a' }],
    ]);
  });

  it('the workflow mirror records case.status_changed, and case.before_close when resolved; a retry records nothing more', async () => {
    const { caseIds: [caseId] } = ingestEvents(t.db, channel(), [message('m1')]);
    const activities = createCaseActivities({ db: t.db, channels: commands().channels });
    const state = (status: CaseState['status']): CaseState => ({
      status, statusUpdatedAt: Date.now(), statusUpdatedBy: 'rule:rule_a', lastInboundAt: null, lastOutboundAt: null, inboundCount: 1, outboundCount: 0, autoCloseAt: null,
    });
    await activities.mirrorCaseState(caseId, state('open'));
    const cause = { origin: { ruleIds: ['rule_a'], depth: 1 }, detail: { ruleId: 'rule_a', runId: 'run_1' } };
    await activities.mirrorCaseState(caseId, state('resolved'), cause);
    await activities.mirrorCaseState(caseId, state('resolved'), cause);
    expect(events('case.status_changed').map((e) => [e.change, e.origin, e.case?.status])).toEqual([
      [{ from: 'new', to: 'open' }, undefined, 'open'],
      [{ from: 'open', to: 'resolved' }, cause.origin, 'resolved'],
    ]);
    expect(events('case.before_close')).toMatchObject([{ change: { from: 'open', to: 'resolved' }, case: { status: 'resolved' } }]);
    expect(t.db.select().from(caseEvents).all().at(-1)).toMatchObject({ type: 'status_changed', to: 'resolved', actor: 'rule:rule_a', detail: cause.detail });
  });

  it('a delivery the workflow gives up on records message.delivery_failed once', async () => {
    const { caseIds: [caseId] } = ingestEvents(t.db, channel(), [message('m1')]);
    const { id } = queueReply(commands(), t.accountId, caseId, { content: { content: { type: 'text', text: 'hi' } } as never, text: 'hi' });
    const activities = createCaseActivities({ db: t.db, channels: commands().channels });
    await activities.markMessageFailed(id, 'gave up');
    await activities.markMessageFailed(id, 'gave up');
    expect(events('message.delivery_failed').map((e) => e.message?.deliveryError)).toEqual(['gave up']);
  });

  it('recordRuleEvent works inside a drizzle transaction and keeps a given id once', () => {
    const event = { id: 'evt_api_1', type: 'api.event' as const, accountId: t.accountId, occurredAt: 1, key: 'order.paid', payload: { amount: 3 } };
    t.db.transaction((tx) => {
      expect(recordRuleEvent(tx, event)).toBe('evt_api_1');
      expect(recordRuleEvent(tx, { ...event, payload: { amount: 4 } })).toBe('evt_api_1');
    });
    expect(events()).toMatchObject([{ id: 'evt_api_1', key: 'order.paid', payload: { amount: 3 } }]);
  });
});
