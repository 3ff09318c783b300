import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordRuleEvent } from '../../engine/rules/events/record-event';
import { NO_CUSTOM_STEPS } from '../../model/rules/catalogue';
import { RuleGraphSchema } from '../../model/rules/graph';
import { recordApiEvent } from '../../engine/rules/store/api-events';
import { summarizeEvent } from '../../engine/rules/store/rule-events-queries';
import { REPLAY_CHANGED_LIMIT, replayRule } from '../../engine/rules/store/rule-replay';
import { createRule, getRule, listRules, saveDraft } from '../../engine/rules/store/rule-store';
import { listVersions, publishRule, triggerIndex } from '../../engine/rules/store/rule-versions';
import { getIntegrationSettings } from '../../engine/rules/store/settings-store';
import { createSecretBox } from '../../engine/security/secret-box';
import { tempDb } from '../support/temp-db';

const tagGraph = (text: string) => ({
  nodes: [
    { id: 'trigger', kind: 'trigger', trigger: 'message.created', config: {} },
    { id: 'c', kind: 'condition', all: [{ field: 'message.text', op: 'contains', value: text }] },
    { id: 'tag', kind: 'action', action: 'add_tag', input: { tag: text } },
  ],
  edges: [{ id: 'e1', source: 'trigger', target: 'c' }, { id: 'e2', source: 'c', target: 'tag' }],
});

describe('rules store', () => {
  let t: ReturnType<typeof tempDb>;
  beforeEach(() => { t = tempDb(); });
  afterEach(() => t.close());

  const message = (text: string, at = Date.now() - 1000) => recordRuleEvent(t.db, {
    type: 'message.created', accountId: t.accountId, occurredAt: at,
    channel: { id: 'ch_1', type: 'byoc', name: 'BYOC' },
    case: {
      id: 'case_1', status: 'open', priority: 0, tags: [], skillId: null, assigneeId: null, customFields: {}, channelId: 'ch_1',
      contactId: 'ct_1', threadId: 't', createdAt: at, statusUpdatedAt: at, lastInboundAt: at, lastOutboundAt: null,
    },
    message: { id: `m_${Math.random()}`, direction: 'in', authorType: 'customer', text, tags: [] },
  });

  it('numbers versions one after another and keeps exactly one published', () => {
    const rule = createRule(t.db, t.accountId, { name: 'Tags', draft: tagGraph('refund') });
    for (let i = 0; i < 5; i++) publishRule(t.db, t.accountId, rule.id, { steps: NO_CUSTOM_STEPS, by: 'usr_1' });
    const versions = listVersions(t.db, t.accountId, rule.id);
    expect(versions.map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
    expect(versions.filter((v) => v.status === 'published')).toHaveLength(1);
    expect(versions[0]).toMatchObject({ publishedBy: 'usr_1', status: 'published' });
    expect(getRule(t.db, t.accountId, rule.id)).toMatchObject({ activeVersion: 5, hasUnpublishedChanges: false });
  });

  it('tells unpublished changes from a moved node or a default made explicit', () => {
    const rule = createRule(t.db, t.accountId, { name: 'Tags', draft: tagGraph('refund') });
    publishRule(t.db, t.accountId, rule.id, { steps: NO_CUSTOM_STEPS });
    // The same graph with its defaults spelled out is not a change.
    saveDraft(t.db, t.accountId, rule.id, RuleGraphSchema.parse(tagGraph('refund')), NO_CUSTOM_STEPS);
    expect(listRules(t.db, t.accountId)[0].hasUnpublishedChanges).toBe(false);
    const moved = tagGraph('refund');
    (moved.nodes[2] as Record<string, unknown>).position = { x: 40, y: 300 };
    saveDraft(t.db, t.accountId, rule.id, moved, NO_CUSTOM_STEPS);
    expect(listRules(t.db, t.accountId)[0].hasUnpublishedChanges).toBe(true);
  });

  it('indexes the trigger: type, a channel filter (empty means all) and an API key', () => {
    const graph = (config: Record<string, unknown>, trigger = 'message.created') => RuleGraphSchema.parse({ nodes: [{ id: 't', kind: 'trigger', trigger, config }], edges: [] });
    expect(triggerIndex(graph({ channelIds: ['ch_1'] }))).toEqual({ triggerType: 'message.created', triggerChannels: ['ch_1'], triggerKey: null });
    expect(triggerIndex(graph({ channelIds: [] }))).toEqual({ triggerType: 'message.created', triggerChannels: null, triggerKey: null });
    expect(triggerIndex(graph({ key: 'order.paid' }, 'api.event'))).toEqual({ triggerType: 'api.event', triggerChannels: null, triggerKey: 'order.paid' });
  });

  it('lists at most 50 differing events in a replay but counts them all', () => {
    const rule = createRule(t.db, t.accountId, { name: 'Tags', draft: tagGraph('refund') });
    for (let i = 0; i < REPLAY_CHANGED_LIMIT + 10; i++) message(`refund ${i}`);
    message('nothing to see');
    const replay = replayRule(t.db, t.accountId, rule.id, { days: 7, limit: 5000 }, NO_CUSTOM_STEPS);
    expect(replay.events).toBe(REPLAY_CHANGED_LIMIT + 11);
    expect(replay.draft.fired).toBe(REPLAY_CHANGED_LIMIT + 10);
    expect(replay.changedCount).toBe(REPLAY_CHANGED_LIMIT + 10);
    expect(replay.changed).toHaveLength(REPLAY_CHANGED_LIMIT);
    // Oldest first, so the list reads as a timeline.
    expect(replay.changed[0].summary).toContain('"refund 0"');
    // An event without a case fails the tag action: counted as failed, not fired.
    recordRuleEvent(t.db, { type: 'message.created', accountId: t.accountId, occurredAt: Date.now(),
      message: { id: 'm_nocase', direction: 'in', authorType: 'customer', text: 'refund', tags: [] } });
    const again = replayRule(t.db, t.accountId, rule.id, { days: 7, limit: 5000 }, NO_CUSTOM_STEPS);
    expect(again.draft).toMatchObject({ fired: REPLAY_CHANGED_LIMIT + 10, failed: 1 });
  });

  it('summarises events in one line for a picker', () => {
    const base = { id: 'e', accountId: 'a', occurredAt: 0 };
    expect(summarizeEvent({ ...base, type: 'message.created', channel: { id: 'c', type: 'whatsapp', name: 'W' },
      message: { id: 'm', direction: 'in', authorType: 'customer', text: 'Quiero   un\nreembolso', tags: [] } })).toBe('message.created · whatsapp · from the customer · "Quiero un reembolso"');
    expect(summarizeEvent({ ...base, type: 'case.status_changed', change: { from: 'open', to: 'resolved' } })).toBe('case.status_changed · open → resolved');
    expect(summarizeEvent({ ...base, type: 'api.event', key: 'order.paid', payload: { id: 1 } })).toBe('api.event · order.paid · {"id":1}');
    const long = summarizeEvent({ ...base, type: 'message.created', message: { id: 'm', direction: 'in', authorType: 'customer', text: 'x'.repeat(500), tags: [] } });
    expect(long.length).toBeLessThan(120); // one line: the text is cut
  });

  it('records an API event only when a live rule listens, with a stable id per Idempotency-Key', () => {
    expect(() => recordApiEvent(t.db, t.accountId, 'order.paid', {})).toThrow(/No published, enabled rule/);
    const rule = createRule(t.db, t.accountId, { name: 'Paid', draft: {
      nodes: [{ id: 't', kind: 'trigger', trigger: 'api.event', config: { key: 'order.paid' } }, { id: 'u', kind: 'action', action: 'call_url', input: { url: 'https://example.com' } }],
      edges: [{ id: 'e', source: 't', target: 'u' }],
    } });
    publishRule(t.db, t.accountId, rule.id, { steps: NO_CUSTOM_STEPS });
    const a = recordApiEvent(t.db, t.accountId, 'order.paid', { n: 1 }, 'k1');
    const b = recordApiEvent(t.db, t.accountId, 'order.paid', { n: 1 }, 'k1');
    expect(a).toMatchObject({ rules: 1, duplicate: false });
    expect(b).toEqual({ ...a, duplicate: true });
    expect(a.eventId).toMatch(/^evt_api_[0-9a-f]{32}$/);
  });

  it('gives the worker a signing secret even before anyone opened the settings', () => {
    const box = createSecretBox(randomBytes(32));
    const first = getIntegrationSettings(t.db, box, t.accountId);
    expect(first).toMatchObject({ smtp: null, allowPrivateUrls: false, urlSigningSecret: expect.stringMatching(/^whsec_/) });
    expect(getIntegrationSettings(t.db, box, t.accountId).urlSigningSecret).toBe(first.urlSigningSecret);
  });
});
