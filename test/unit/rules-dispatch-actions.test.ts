// The built-in actions a rule run executes, against a real SQLite file (no Temporal): what they
// change, the audit entry naming the rule and run, idempotence under retries, refusals.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../connectors/connector';
import { ChannelStore } from '../../engine/channels/channel-store';
import { caseEvents, cases, channels, contactIdentities, contacts, messages } from '../../engine/db/schema';
import { ingestEvents } from '../../engine/ingest/ingest-events';
import { readCaseContext, readMessageSnapshot } from '../../engine/rules/events/snapshots';
import type { RuleEvent } from '../../model/rules/event';
import { createSecretBox } from '../../engine/security/secret-box';
import { defineStep } from '../../engine/steps/define-step';
import { createStepRegistry } from '../../engine/steps/step-registry';
import { maskCardNumbers } from '../../model/privacy/card-numbers';
import { createBuiltInActions } from '../../workflows/rules/actions/built-in-actions';
import type { RuleActionDeps } from '../../workflows/rules/actions/rule-action-deps';
import { createRuleRunActivities } from '../../workflows/rules/activities/rule-run-activities';
import type { ActionRunInfo } from '../../workflows/rules/contract';
import { tempDb } from '../support/temp-db';

describe('rule actions', () => {
  let t: ReturnType<typeof tempDb>;
  let deps: RuleActionDeps;
  let clock: number;
  beforeEach(() => {
    t = tempDb();
    clock = Date.now();
    const box = createSecretBox(randomBytes(32));
    const noTemporal = new Proxy({}, { get() { throw new Error('no Temporal here'); } }) as Client;
    deps = { db: t.db, channels: new ChannelStore(t.db, box, 'https://parley.test'), client: noTemporal, taskQueue: 'q', autoCloseAfterMs: 1000, box, now: () => clock };
  });
  afterEach(() => t.close());

  const customerWrites = (text: string, id = `m${Math.random()}`) => ingestEvents(t.db, { id: t.channelId, accountId: t.accountId, type: 'byoc' }, [{
    kind: 'message', eventId: id, providerMessageId: id, threadId: 'th', sender: { externalId: 'c1', name: 'Ana Pérez' }, text, attachments: [], occurredAt: Date.now(),
  } as InboundEvent], clock - 10); // received just before the rule's action runs (its clock)

  /** The run info of a rule run for the event about the latest inbound message. */
  const runFor = (caseId: string, messageId: string, nodeId = 'n1'): ActionRunInfo => {
    const ctx = readCaseContext(t.db, caseId)!;
    const event: RuleEvent = {
      id: 'evt_1', type: 'message.created', accountId: t.accountId, occurredAt: Date.now(), case: ctx.case, contact: ctx.contact!, channel: ctx.channel!,
      message: readMessageSnapshot(t.db, messageId)!.message, origin: { ruleIds: ['rule_up'], depth: 1 },
    };
    return { runId: 'rule-run-rule_r-evt_1', accountId: t.accountId, ruleId: 'rule_r', ruleName: 'Refunds', version: 3, nodeId, event };
  };
  const detail = { ruleId: 'rule_r', ruleName: 'Refunds', version: 3, runId: 'rule-run-rule_r-evt_1' };
  const audit = (type: string) => t.db.select().from(caseEvents).all().filter((e) => e.type === type);
  const ruleEventsOf = (type: string) => (t.db.$client.prepare('select payload from rule_events where type = ?').all(type) as { payload: string }[]).map((r) => JSON.parse(r.payload) as RuleEvent);

  it('send_message queues quick replies as a system message from the rule, once per run and node', async () => {
    const { caseIds: [caseId], messageIds: [messageId] } = customerWrites('Quiero un reembolso');
    const actions = createBuiltInActions(deps);
    const run = runFor(caseId, messageId);
    const out = await actions.send_message({ text: 'Hola {{contact.name}}', quickReplies: [{ title: 'Sí' }, { title: 'No' }] }, run) as { messageId: string; refused: boolean };
    expect(out.refused).toBe(false);
    const sent = t.db.select().from(messages).where(eq(messages.id, out.messageId)).get()!;
    expect(sent).toMatchObject({ direction: 'out', authorType: 'system', authorId: 'rule_r', deliveryStatus: 'queued' });
    expect(sent.content).toEqual({ content: { type: 'quickReplies', text: 'Hola {{contact.name}}', replies: [{ id: 'q1', title: 'Sí', payload: 'Sí' }, { id: 'q2', title: 'No', payload: 'No' }] } });
    expect(sent.fallbackText).toContain('1. Sí');
    expect(sent.id > messageId).toBe(true); // the thread shows it after the message it answers
    expect(audit('rule_action')).toMatchObject([{ actor: 'rule:rule_r', to: out.messageId, detail: { ...detail, nodeId: 'n1', action: 'send_message', messageId: out.messageId } }]);
    // Its message.created carries the rule chain one longer (loop bounds).
    expect(ruleEventsOf('message.created').at(-1)).toMatchObject({ message: { id: out.messageId, direction: 'out' }, origin: { ruleIds: ['rule_up', 'rule_r'], depth: 2 } });

    // A retried activity (same first scheduling time) finds its message and sends nothing more.
    expect(await actions.send_message({ text: 'Hola' }, run)).toEqual({ messageId: out.messageId, refused: false });
    expect(t.db.select().from(messages).where(eq(messages.direction, 'out')).all()).toHaveLength(1);
    expect(t.db.$client.prepare('select count(*) n from dispatch_queue where kind = ?').get('agentReply')).toEqual({ n: 1 });
  });

  it('send_message outside the channel reply window is refused, not failed, and the refusal is on the timeline', async () => {
    t.db.update(channels).set({ config: { replyWindowHours: 1 } }).run();
    const { caseIds: [caseId], messageIds: [messageId] } = customerWrites('hola');
    t.db.update(messages).set({ occurredAt: Date.now() - 3 * 3_600_000 }).where(eq(messages.id, messageId)).run();
    const out = await createBuiltInActions(deps).send_message({ text: 'late' }, runFor(caseId, messageId)) as { refused: boolean; reason: string };
    expect(out).toMatchObject({ refused: true, messageId: null, reason: expect.stringMatching(/reply window closed/) });
    expect(t.db.select().from(messages).where(eq(messages.direction, 'out')).all()).toHaveLength(0);
    expect(audit('rule_action')).toMatchObject([{ detail: { action: 'send_message', refused: out.reason } }]);
  });

  it('send_survey marks the question, and the customer\'s rating lands on the case', async () => {
    const { caseIds: [caseId], messageIds: [messageId] } = customerWrites('gracias');
    const out = await createBuiltInActions(deps).send_survey({ question: 'How did we do?' }, runFor(caseId, messageId)) as { messageId: string };
    expect(t.db.select().from(messages).where(eq(messages.id, out.messageId)).get()!.content).toMatchObject({ survey: true, content: { type: 'quickReplies' } });
    customerWrites('5');
    expect(t.db.select().from(cases).get()!.customFields).toEqual({ satisfaction: 5 });
  });

  it('add_tag on the case is idempotent and audited with the rule; on the message it tags the message', async () => {
    const { caseIds: [caseId], messageIds: [messageId] } = customerWrites('reembolso');
    const actions = createBuiltInActions(deps);
    const run = runFor(caseId, messageId);
    await actions.add_tag({ tag: 'refund', target: 'case' }, run);
    await actions.add_tag({ tag: 'refund', target: 'case' }, run);
    expect(t.db.select().from(cases).get()!.tags).toEqual(['refund']);
    expect(audit('tags_changed')).toMatchObject([{ from: '', to: 'refund', actor: 'rule:rule_r', detail: { ...detail, action: 'add_tag' } }]);

    await actions.add_tag({ tag: 'money', target: 'message' }, run);
    await actions.add_tag({ tag: 'money', target: 'message' }, run);
    expect(t.db.select().from(messages).where(eq(messages.id, messageId)).get()!.tags).toEqual(['money']);
    expect(audit('message_tagged')).toMatchObject([{ to: 'money', detail: { messageId, action: 'add_tag' } }]);
    await actions.remove_tag({ tag: 'money', target: 'message' }, run);
    expect(t.db.select().from(messages).where(eq(messages.id, messageId)).get()!.tags).toEqual([]);
  });

  it('fields, priority, skill and agent; an unknown agent is refused without retries', async () => {
    const { caseIds: [caseId], messageIds: [messageId] } = customerWrites('hola');
    const actions = createBuiltInActions(deps);
    const run = runFor(caseId, messageId);
    await actions.set_case_field({ key: 'plan', value: 'gold' }, run);
    await actions.set_contact_field({ key: 'tier', value: 'vip' }, run);
    await actions.change_priority({ priority: 80 }, run);
    await actions.assign_skill({ skillId: 'billing' }, run);
    expect(t.db.select().from(cases).get()).toMatchObject({ customFields: { plan: 'gold' }, priority: 80, skillId: 'billing' });
    expect(t.db.select().from(contacts).get()!.customFields).toEqual({ tier: 'vip' });
    expect(audit('field_changed').map((e) => e.detail?.field)).toEqual(['case.customFields.plan', 'contact.customFields.tier']);
    expect(ruleEventsOf('case.skill_changed')).toMatchObject([{ change: { to: 'billing' }, origin: { ruleIds: ['rule_up', 'rule_r'], depth: 2 } }]);
    const refused = await actions.assign_agent({ userId: 'usr_nobody' }, run).catch((e) => e);
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect(refused).toMatchObject({ nonRetryable: true, message: expect.stringMatching(/No user with id usr_nobody/) });
  });

  it('mask_card_numbers masks Luhn-valid numbers everywhere the text was kept, search index included', async () => {
    const text = 'My card is 4111 1111 1111 1111 and my order 1234567890123 thanks';
    const { caseIds: [caseId], messageIds: [messageId] } = customerWrites(text);
    const search = (q: string) => t.db.$client.prepare('select count(*) n from messages_fts where messages_fts match ?').get(q) as { n: number };
    expect(search('4111').n).toBe(1);
    const out = await createBuiltInActions(deps).mask_card_numbers({}, runFor(caseId, messageId));
    expect(out).toEqual({ masked: 1 });
    const masked = 'My card is •••• •••• •••• 1111 and my order 1234567890123 thanks';
    const row = t.db.select().from(messages).where(eq(messages.id, messageId)).get()!;
    expect(row.fallbackText).toBe(masked);
    expect(JSON.stringify(row.content)).not.toContain('4111');
    expect(t.db.select().from(cases).get()!.preview).toBe(masked);
    expect(search('4111').n).toBe(0);
    expect(search('order').n).toBe(1);
    const corpus = t.db.$client.prepare('select payload from rule_events where message_id = ?').all(messageId) as { payload: string }[];
    expect(corpus.length).toBeGreaterThan(0);
    expect(corpus.every((r) => !r.payload.includes('4111 1111'))).toBe(true);
    expect(audit('message_masked')).toMatchObject([{ to: '1', detail: { messageId, action: 'mask_card_numbers' } }]);
    // Again: nothing left to mask, nothing recorded.
    expect(await createBuiltInActions(deps).mask_card_numbers({}, runFor(caseId, messageId))).toEqual({ masked: 0 });
    expect(audit('message_masked')).toHaveLength(1);
  });

  it('card numbers: 13–19 digits, spaces or dashes, Luhn-checked', () => {
    expect(maskCardNumbers('5500-0000-0000-0004').text).toBe('•••• •••• •••• 0004');
    expect(maskCardNumbers('4111111111111112').masked).toBe(0); // fails Luhn
    expect(maskCardNumbers('call 4111111111111111, or 378282246310005').masked).toBe(2);
    expect(maskCardNumbers('phone 600 123 456').masked).toBe(0);
  });

  it('redact_message deletes the content and, when asked, the author name', async () => {
    const { caseIds: [caseId], messageIds: [messageId] } = customerWrites('my address is Calle Mayor 1');
    const out = await createBuiltInActions(deps).redact_message({ authorName: true }, runFor(caseId, messageId));
    expect(out).toEqual({ redacted: true });
    expect(t.db.select().from(messages).where(eq(messages.id, messageId)).get()).toMatchObject({ fallbackText: '[deleted]', content: { content: { type: 'text', text: '[deleted]' } } });
    expect(t.db.select().from(contacts).get()!.name).toBeNull();
    expect(t.db.select().from(contactIdentities).get()!.name).toBeNull();
    expect(t.db.select().from(cases).get()!.preview).toBe('[deleted]');
    const corpus = (t.db.$client.prepare('select payload from rule_events where case_id = ?').all(caseId) as { payload: string }[]).map((r) => r.payload).join('\n');
    expect(corpus).not.toContain('Calle Mayor');
    expect(corpus).not.toContain('Ana Pérez');
    expect(audit('message_redacted')).toMatchObject([{ actor: 'rule:rule_r', detail: { messageId, authorName: true } }]);
  });

  it('runRuleAction: input checked against the action schema; failures say how many attempts were made; custom steps run through the registry', async () => {
    const { caseIds: [caseId], messageIds: [messageId] } = customerWrites('hola');
    const echo = defineStep({
      id: 'test.echo', title: 'Echo', description: 'Echoes', input: z.object({ word: z.string() }), output: z.object({ said: z.string() }),
      run: async ({ word }) => ({ said: word.toUpperCase() }),
    });
    const activities = createRuleRunActivities({ ...deps, steps: createStepRegistry([echo]) });
    const run = runFor(caseId, messageId);
    const bad = await activities.runRuleAction('action', 'change_priority', { priority: 'high' }, run).catch((e) => e);
    expect(bad).toBeInstanceOf(ApplicationFailure);
    expect(bad).toMatchObject({ nonRetryable: true, message: expect.stringMatching(/Change priority: the input is not valid/), details: [{ attempt: 1 }] });
    expect(await activities.runRuleAction('step', 'test.echo', { word: 'hi' }, run)).toEqual({ said: 'HI' });
    const unknown = await activities.runRuleAction('action', 'launch_rocket', {}, run).catch((e) => e);
    expect(unknown).toMatchObject({ nonRetryable: true, type: 'UnknownAction' });
  });

  it('recordRuleRun writes progress and the final status; a late progress write does not reopen a finished run', async () => {
    t.db.$client.prepare(`insert into rule_runs (id, account_id, rule_id, version, event_id, status, started_at) values ('run_1', ?, 'rule_r', 1, 'evt_1', 'running', 1)`).run(t.accountId);
    const activities = createRuleRunActivities(deps);
    const path = [{ nodeId: 'trigger', outcome: 'matched' }];
    await activities.recordRuleRun('run_1', { status: 'running', path, steps: [] });
    await activities.recordRuleRun('run_1', { status: 'completed', path, steps: [], finished: true });
    await activities.recordRuleRun('run_1', { status: 'running', path: [], steps: [] });
    const row = t.db.$client.prepare('select status, path, finished_at from rule_runs where id = ?').get('run_1') as { status: string; path: string; finished_at: number };
    expect(row.status).toBe('completed');
    expect(JSON.parse(row.path)).toEqual(path);
    expect(row.finished_at).toBeGreaterThan(0);
  });
});
