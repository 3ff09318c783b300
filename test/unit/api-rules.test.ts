import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../engine/accounts/bootstrap';
import { recordRuleEvent } from '../../engine/rules/events/record-event';
import type { RuleEvent } from '../../model/rules/event';
import { testApp } from '../support/test-app';

// A rule as people draw it: a message containing "reembolso" gets a tag and a quick-reply answer.
const refundGraph = (tag = 'refund') => ({
  nodes: [
    { id: 'trigger', kind: 'trigger', trigger: 'message.created', position: { x: 0, y: 0 }, config: { direction: 'in' } },
    { id: 'mentions', kind: 'condition', position: { x: 0, y: 120 }, all: [{ field: 'message.text', op: 'contains', value: 'reembolso' }] },
    { id: 'tag', kind: 'action', position: { x: 0, y: 240 }, action: 'add_tag', input: { tag } },
    { id: 'reply', kind: 'action', position: { x: 0, y: 360 }, action: 'send_message',
      input: { text: 'Hola {{contact.name}}, ¿es sobre un pedido?', quickReplies: [{ title: 'Sí' }, { title: 'No' }] } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'mentions' },
    { id: 'e2', source: 'mentions', target: 'tag' },
    { id: 'e3', source: 'tag', target: 'reply' },
  ],
});

/** A graph with problems on two nodes: an unknown action and an empty tag. */
const brokenGraph = () => ({
  nodes: [
    { id: 'trigger', kind: 'trigger', trigger: 'message.created', position: { x: 0, y: 0 }, config: {} },
    { id: 'tag', kind: 'action', position: { x: 0, y: 100 }, action: 'add_tag', input: { tag: '' } },
    { id: 'mystery', kind: 'action', position: { x: 0, y: 200 }, action: 'teleport_customer', input: {} },
  ],
  edges: [{ id: 'e1', source: 'trigger', target: 'tag' }, { id: 'e2', source: 'tag', target: 'mystery' }],
});

function messageEvent(accountId: string, text: string, over: Partial<RuleEvent> = {}): Omit<RuleEvent, 'id'> {
  const now = Date.now();
  return {
    type: 'message.created', accountId, occurredAt: now - 60_000,
    channel: { id: 'ch_wa', type: 'whatsapp', name: 'WhatsApp' },
    case: {
      id: 'case_1', status: 'open', priority: 0, tags: [], skillId: null, assigneeId: null, customFields: {}, channelId: 'ch_wa',
      contactId: 'ct_1', threadId: 't1', createdAt: now - 120_000, statusUpdatedAt: now - 120_000, lastInboundAt: now - 60_000, lastOutboundAt: null,
    },
    contact: { id: 'ct_1', name: 'Ana', email: null, phone: '+34600000000', customFields: {} },
    message: { id: 'msg_1', direction: 'in', authorType: 'customer', text, tags: [] },
    ...over,
  };
}

describe('rules API', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => { t = testApp({ bodyLimitBytes: 1024 * 1024 }); });
  afterEach(() => t.close());

  const create = async (body: Record<string, unknown> = {}) => {
    const res = await t.request('/api/v1/rules', { method: 'POST', json: { name: 'Refunds', ...body } });
    expect(res.status).toBe(201);
    return res.json();
  };
  const saveDraft = (id: string, graph: unknown) => t.request(`/api/v1/rules/${id}/draft`, { method: 'PUT', json: { graph } });
  const publish = (id: string, note?: string) => t.request(`/api/v1/rules/${id}/publish`, { method: 'POST', json: note ? { note } : {} });

  it('creates a rule with a one-trigger draft, lists it by folder and priority, filters, renames and deletes it', async () => {
    const rule = await create({ folder: 'Billing', priority: 20 });
    expect(rule).toMatchObject({ name: 'Refunds', folder: 'Billing', priority: 20, enabled: true, activeVersion: null, triggerType: 'message.created', hasUnpublishedChanges: true });
    expect(rule.draft).toEqual({ nodes: [{ id: 'trigger', kind: 'trigger', trigger: 'message.created', position: { x: 0, y: 0 }, config: {} }], edges: [] });
    await create({ name: 'Welcome', folder: 'Billing', priority: 10 });
    await create({ name: 'Surveys', folder: '' });
    const list = (await (await t.request('/api/v1/rules')).json()).items;
    expect(list.map((r: { name: string }) => r.name)).toEqual(['Surveys', 'Welcome', 'Refunds']);
    expect(list[2].runs).toEqual({ lastRunAt: null, lastStatus: null, lastWeek: {} });
    expect((await (await t.request('/api/v1/rules?folder=Billing')).json()).items).toHaveLength(2);
    expect((await (await t.request('/api/v1/rules?q=fun')).json()).items.map((r: { name: string }) => r.name)).toEqual(['Refunds']);

    const patched = await t.request(`/api/v1/rules/${rule.id}`, { method: 'PATCH', json: { name: 'Refund requests', enabled: false } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: 'Refund requests', enabled: false });
    expect((await (await t.request('/api/v1/rules?enabled=false')).json()).items.map((r: { id: string }) => r.id)).toEqual([rule.id]);

    expect((await t.request(`/api/v1/rules/${rule.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.request(`/api/v1/rules/${rule.id}`)).status).toBe(404);
    expect((await (await t.request('/api/v1/rules')).json()).items).toHaveLength(2);
    const missing = await t.request('/api/v1/rules/rule_nope', { method: 'PATCH', json: { name: 'x' } });
    expect(missing.status).toBe(404);
    expect((await missing.json()).code).toBe('rule_not_found');
  });

  it('saves an invalid draft as it is and returns its issues, each on its node', async () => {
    const rule = await create();
    const res = await saveDraft(rule.id, brokenGraph());
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rule.draft).toEqual(brokenGraph());
    const nodes = body.issues.map((i: { nodeId: string }) => i.nodeId);
    expect(nodes).toEqual(expect.arrayContaining(['tag', 'mystery']));
    for (const issue of body.issues) {
      if (issue.nodeId) expect(issue.path.startsWith(`nodes.${issue.nodeId}`)).toBe(true);
      expect(issue.message.length).toBeGreaterThan(5);
    }
    // Reading it back gives exactly what was saved.
    expect((await (await t.request(`/api/v1/rules/${rule.id}`)).json()).draft).toEqual(brokenGraph());
    // A draft that is not a JSON object is refused.
    expect((await saveDraft(rule.id, [1, 2])).status).toBe(400);
  });

  it('refuses a draft over 200 nodes or over 512 KB and keeps the previous one', async () => {
    const rule = await create();
    await saveDraft(rule.id, refundGraph());
    const many = { nodes: Array.from({ length: 201 }, (_, i) => ({ id: `n${i}`, kind: 'action', action: 'add_tag', input: { tag: 'x' } })), edges: [] };
    const tooMany = await saveDraft(rule.id, many);
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({ code: 'graph_too_large' });
    const big = { ...refundGraph(), notes: 'x'.repeat(600 * 1024) };
    const tooBig = await saveDraft(rule.id, big);
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).code).toBe('draft_too_large');
    expect((await (await t.request(`/api/v1/rules/${rule.id}`)).json()).draft).toEqual(refundGraph());
  });

  it('validates a graph without saving it', async () => {
    const ok = await (await t.request('/api/v1/rules/validate', { method: 'POST', json: { graph: refundGraph() } })).json();
    expect(ok).toEqual({ ok: true, issues: [] });
    const bad = await (await t.request('/api/v1/rules/validate', { method: 'POST', json: { graph: brokenGraph() } })).json();
    expect(bad.ok).toBe(false);
    expect(bad.issues.some((i: { nodeId: string }) => i.nodeId === 'mystery')).toBe(true);
  });

  it('refuses to publish an invalid draft with 422 naming each node, and publishes nothing', async () => {
    const rule = await create();
    await saveDraft(rule.id, brokenGraph());
    const res = await publish(rule.id);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json();
    expect(problem.code).toBe('invalid_rule');
    expect(problem.errors.map((e: { nodeId: string }) => e.nodeId)).toEqual(expect.arrayContaining(['tag', 'mystery']));
    const tagIssue = problem.errors.find((e: { nodeId: string }) => e.nodeId === 'tag');
    expect(tagIssue.path).toMatch(/^nodes\.tag\./);
    expect(t.count('rule_versions')).toBe(0);
    expect((await (await t.request(`/api/v1/rules/${rule.id}`)).json()).activeVersion).toBeNull();
  });

  it('publishes v1 then v2 (v1 archived), rolls back to v1 as v3, and diffs versions', async () => {
    const rule = await create();
    await saveDraft(rule.id, refundGraph('refund'));
    const v1 = await publish(rule.id, 'first');
    expect(v1.status).toBe(201);
    expect(await v1.json()).toMatchObject({ rule: { activeVersion: 1, triggerType: 'message.created', hasUnpublishedChanges: false }, version: { version: 1, status: 'published', note: 'first' } });

    await saveDraft(rule.id, refundGraph('reembolso'));
    expect((await (await t.request(`/api/v1/rules/${rule.id}`)).json()).hasUnpublishedChanges).toBe(true);
    expect((await publish(rule.id, 'second')).status).toBe(201);
    const versions = (await (await t.request(`/api/v1/rules/${rule.id}/versions`)).json()).items;
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, 'published'], [1, 'archived']]);
    const got = await (await t.request(`/api/v1/rules/${rule.id}/versions/2`)).json();
    expect(got.graph.nodes.find((n: { id: string }) => n.id === 'tag').input.tag).toBe('reembolso');

    const diff = await (await t.request(`/api/v1/rules/${rule.id}/diff?from=1&to=2`)).json();
    expect(diff.from).toBe('1');
    expect(JSON.stringify(diff.diff)).toContain('tag');
    expect(diff.json.from).toContain('"refund"');
    expect(diff.json.to).toContain('"reembolso"');
    expect(diff.json.from.endsWith('\n')).toBe(true);
    const same = await (await t.request(`/api/v1/rules/${rule.id}/diff?from=2&to=draft`)).json();
    expect(same.json.from).toBe(same.json.to);
    expect((await t.request(`/api/v1/rules/${rule.id}/diff?from=9&to=draft`)).status).toBe(404);
    expect((await t.request(`/api/v1/rules/${rule.id}/diff?from=latest&to=draft`)).status).toBe(400);

    const rolled = await t.request(`/api/v1/rules/${rule.id}/rollback`, { method: 'POST', json: { version: 1 } });
    expect(rolled.status).toBe(201);
    expect(await rolled.json()).toMatchObject({ rule: { activeVersion: 3, hasUnpublishedChanges: false }, version: { version: 3, status: 'published', rolledBackFrom: 1 } });
    const v3 = await (await t.request(`/api/v1/rules/${rule.id}/versions/3`)).json();
    const v1Graph = (await (await t.request(`/api/v1/rules/${rule.id}/versions/1`)).json()).graph;
    expect(v3.graph).toEqual(v1Graph);
    expect((await (await t.request(`/api/v1/rules/${rule.id}`)).json()).draft).toEqual(v1Graph);
    const statuses = (await (await t.request(`/api/v1/rules/${rule.id}/versions`)).json()).items.map((v: { status: string }) => v.status);
    expect(statuses).toEqual(['published', 'archived', 'archived']);
    expect((await t.request(`/api/v1/rules/${rule.id}/rollback`, { method: 'POST', json: { version: 7 } })).status).toBe(404);
  });

  it('indexes an API-event trigger\'s key and a channel filter on publish', async () => {
    const rule = await create();
    const graph = {
      nodes: [
        { id: 'trigger', kind: 'trigger', trigger: 'api.event', config: { key: 'order.paid' } },
        { id: 'mail', kind: 'action', action: 'call_url', input: { url: 'https://example.com/hook' } },
      ],
      edges: [{ id: 'e1', source: 'trigger', target: 'mail' }],
    };
    await saveDraft(rule.id, graph);
    expect((await publish(rule.id)).status).toBe(201);
    const row = t.db.$client.prepare('select trigger_type, trigger_key, trigger_channels from rules where id = ?').get(rule.id);
    expect(row).toEqual({ trigger_type: 'api.event', trigger_key: 'order.paid', trigger_channels: null });
    const withChannels = refundGraph();
    (withChannels.nodes[0] as { config: Record<string, unknown> }).config = { channelIds: ['ch_a', 'ch_b'] };
    await saveDraft(rule.id, withChannels);
    await publish(rule.id);
    const again = t.db.$client.prepare('select trigger_type, trigger_key, trigger_channels from rules where id = ?').get(rule.id);
    expect(again).toEqual({ trigger_type: 'message.created', trigger_key: null, trigger_channels: '["ch_a","ch_b"]' });
  });

  it('exports with stable bytes and imports into another account as an unpublished draft, warning about unknown channels', async () => {
    const rule = await create({ description: 'Tags refund requests', folder: 'Billing' });
    const graph = refundGraph();
    (graph.nodes[0] as { config: Record<string, unknown> }).config = { channelIds: ['ch_only_here'], direction: 'in' };
    await saveDraft(rule.id, graph);
    await publish(rule.id);
    const first = await t.request(`/api/v1/rules/${rule.id}/export?version=1`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/json');
    expect(first.headers.get('content-disposition')).toMatch(/attachment; filename="refunds-v1\.parley-rule\.json"/);
    const text = await first.text();
    const second = await (await t.request(`/api/v1/rules/${rule.id}/export?version=1`)).text();
    expect(second).toBe(text);
    // Keys are sorted at every level.
    const doc = JSON.parse(text);
    const keysSorted = (v: unknown): boolean => Array.isArray(v) ? v.every(keysSorted)
      : v && typeof v === 'object' ? Object.keys(v).join() === Object.keys(v).sort().join() && Object.values(v).every(keysSorted) : true;
    expect(keysSorted(doc)).toBe(true);
    const draftExport = await t.request(`/api/v1/rules/${rule.id}/export`);
    expect(draftExport.headers.get('content-disposition')).toMatch(/refunds-draft\.parley-rule\.json/);

    t.db.$client.prepare("insert into accounts (id, name, created_at) values ('acct_other', 'Other', 0)").run();
    const otherKey = createApiKey(t.db, 'acct_other', 'admin');
    const imported = await t.request('/api/v1/rules/import', { method: 'POST', key: otherKey, json: doc });
    expect(imported.status).toBe(201);
    const body = await imported.json();
    expect(body.rule).toMatchObject({ name: 'Refunds', description: 'Tags refund requests', folder: 'Billing', activeVersion: null });
    expect(body.rule.draft).toEqual((await (await t.request(`/api/v1/rules/${rule.id}/versions/1`)).json()).graph);
    expect(body.warnings).toEqual([expect.objectContaining({ nodeId: 'trigger', path: 'nodes.trigger.config.channelIds.0', message: expect.stringContaining('ch_only_here') })]);
    expect((await (await t.request('/api/v1/rules', { key: otherKey })).json()).items).toHaveLength(1);
    // The import is the other account's: this account still has one rule.
    expect((await (await t.request('/api/v1/rules')).json()).items).toHaveLength(1);
    // Re-exporting the imported draft gives the same graph, byte for byte.
    const reexport = await (await t.request(`/api/v1/rules/${body.rule.id}/export`, { key: otherKey })).json();
    expect(reexport.graph).toEqual(doc.graph);

    const junk = await t.request('/api/v1/rules/import', { method: 'POST', json: { hello: 'world' } });
    expect(junk.status).toBe(422);
    expect((await junk.json()).code).toBe('invalid_rule_document');
  });

  it('dry-runs a recorded event: the path, the resolved action inputs, and nothing written', async () => {
    const rule = await create();
    await saveDraft(rule.id, refundGraph());
    const eventId = recordRuleEvent(t.db, messageEvent(t.accountId, 'Quiero un reembolso, por favor'));
    const other = recordRuleEvent(t.db, messageEvent(t.accountId, 'Hola, ¿dónde está mi pedido?'));
    const before = ['rule_events', 'rule_runs', 'rule_versions', 'cases', 'messages'].map((x) => t.count(x));

    const res = await t.request(`/api/v1/rules/${rule.id}/dry-run`, { method: 'POST', json: { eventId } });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result.outcome).toBe('completed');
    expect(result.path.map((p: { nodeId: string }) => p.nodeId)).toEqual(['trigger', 'mentions', 'tag', 'reply']);
    expect(result.actions).toEqual([
      expect.objectContaining({ nodeId: 'tag', name: 'add_tag', input: expect.objectContaining({ tag: 'refund' }) }),
      expect.objectContaining({ nodeId: 'reply', name: 'send_message', input: expect.objectContaining({ text: 'Hola Ana, ¿es sobre un pedido?' }) }),
    ]);
    expect(result.event.id).toBe(eventId);

    const miss = await (await t.request(`/api/v1/rules/${rule.id}/dry-run`, { method: 'POST', json: { eventId: other } })).json();
    expect(miss.outcome).toBe('no_match');
    expect(miss.actions).toEqual([]);
    expect(miss.path.find((p: { nodeId: string }) => p.nodeId === 'mentions').outcome).toBe('failed');

    // A pasted event, and a graph override (the editor's unsaved canvas).
    const pasted = await (await t.request(`/api/v1/rules/${rule.id}/dry-run`, { method: 'POST', json: {
      event: { type: 'message.created', message: { id: 'm', text: 'un reembolso' }, contact: { id: 'c', name: 'Luis' }, case: { id: 'case_x' }, channel: { id: 'ch', type: 'sms' } },
      graph: refundGraph('devolución'),
    } })).json();
    expect(pasted.actions.map((a: { input: Record<string, unknown> }) => a.input.tag ?? a.input.text)).toEqual(['devolución', 'Hola Luis, ¿es sobre un pedido?']);

    expect(['rule_events', 'rule_runs', 'rule_versions', 'cases', 'messages'].map((x) => t.count(x))).toEqual(before);
    const unknown = await t.request(`/api/v1/rules/${rule.id}/dry-run`, { method: 'POST', json: { eventId: 'evt_nope' } });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).code).toBe('rule_event_not_found');
    expect((await t.request(`/api/v1/rules/${rule.id}/dry-run`, { method: 'POST', json: {} })).status).toBe(400);
    await saveDraft(rule.id, brokenGraph());
    const invalid = await t.request(`/api/v1/rules/${rule.id}/dry-run`, { method: 'POST', json: { eventId } });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).code).toBe('invalid_rule');
  });

  it('lists recorded events with one-line summaries and reads one', async () => {
    const id = recordRuleEvent(t.db, messageEvent(t.accountId, 'Quiero un reembolso'));
    recordRuleEvent(t.db, { type: 'api.event', accountId: t.accountId, occurredAt: Date.now(), key: 'order.paid', payload: { orderId: 'A-1' } });
    recordRuleEvent(t.db, { ...messageEvent(t.accountId, 'old'), occurredAt: Date.now() - 10 * 86_400_000 });
    const items = (await (await t.request('/api/v1/rule-events?days=7')).json()).items;
    expect(items).toHaveLength(2);
    expect(items.find((e: { id: string }) => e.id === id).summary).toBe('message.created · whatsapp · from the customer · "Quiero un reembolso"');
    const onlyMessages = (await (await t.request('/api/v1/rule-events?type=message.created&days=30')).json()).items;
    expect(onlyMessages).toHaveLength(2);
    const one = await (await t.request(`/api/v1/rule-events/${id}`)).json();
    expect(one).toMatchObject({ id, type: 'message.created', message: { text: 'Quiero un reembolso' } });
    expect((await t.request('/api/v1/rule-events/evt_nope')).status).toBe(404);
  });

  it('replays the draft over recorded events next to the published version', async () => {
    const rule = await create();
    await saveDraft(rule.id, refundGraph('refund'));
    // Before publishing: the draft alone.
    recordRuleEvent(t.db, messageEvent(t.accountId, 'quiero un reembolso'));
    recordRuleEvent(t.db, messageEvent(t.accountId, 'otro reembolso más'));
    recordRuleEvent(t.db, messageEvent(t.accountId, 'gracias'));
    recordRuleEvent(t.db, { ...messageEvent(t.accountId, 'reembolso de hace un mes'), occurredAt: Date.now() - 20 * 86_400_000 });
    recordRuleEvent(t.db, { type: 'case.created', accountId: t.accountId, occurredAt: Date.now() });
    const alone = await (await t.request(`/api/v1/rules/${rule.id}/replay`, { method: 'POST', json: { days: 7 } })).json();
    expect(alone).toMatchObject({ events: 3, draft: { fired: 2, actions: { add_tag: 2, send_message: 2 } }, published: null, changedCount: 2 });

    await publish(rule.id);
    // The draft now answers "gracias" too, and tags differently.
    const wider = refundGraph('devolución');
    (wider.nodes[1] as { all: unknown[] }).all = [{ field: 'message.text', op: 'matches', value: 'reembolso|gracias' }];
    await saveDraft(rule.id, wider);
    const res = await t.request(`/api/v1/rules/${rule.id}/replay`, { method: 'POST', json: { days: 30, limit: 5000 } });
    expect(res.status).toBe(200);
    const replay = await res.json();
    expect(replay.events).toBe(4);
    expect(replay.draft).toEqual({ fired: 4, failed: 0, actions: { add_tag: 4, send_message: 4 } });
    expect(replay.published).toEqual({ version: 1, fired: 3, failed: 0, actions: { add_tag: 3, send_message: 3 } });
    // Every event differs: another tag where both fire, and "gracias" only in the draft.
    expect(replay.changedCount).toBe(4);
    const gracias = replay.changed.find((c: { summary: string }) => c.summary.includes('gracias'));
    expect(gracias.draft.actions.map((a: { name: string }) => a.name)).toEqual(['add_tag', 'send_message']);
    expect(gracias.published).toEqual({ outcome: 'no_match', actions: [] });
    const both = replay.changed.find((c: { summary: string }) => c.summary.includes('quiero'));
    expect([both.draft.actions[0].input.tag, both.published.actions[0].input.tag]).toEqual(['devolución', 'refund']);
    const limited = await (await t.request(`/api/v1/rules/${rule.id}/replay`, { method: 'POST', json: { days: 30, limit: 2 } })).json();
    expect(limited.events).toBe(2);
    expect((await t.request(`/api/v1/rules/${rule.id}/replay`, { method: 'POST', json: { days: 31 } })).status).toBe(400);
    expect((await t.request(`/api/v1/rules/${rule.id}/replay`, { method: 'POST', json: { limit: 5001 } })).status).toBe(400);
  });

  it('lists a rule\'s runs newest first with a cursor and reads one run with its event', async () => {
    const rule = await create();
    const eventId = recordRuleEvent(t.db, messageEvent(t.accountId, 'quiero un reembolso'));
    const insert = t.db.$client.prepare(`insert into rule_runs (id, account_id, rule_id, version, event_id, case_id, status, path, steps, started_at, finished_at)
      values (?, ?, ?, 1, ?, 'case_1', ?, ?, ?, ?, ?)`);
    const now = Date.now();
    insert.run('run_a', t.accountId, rule.id, eventId, 'completed', JSON.stringify([{ nodeId: 'trigger', outcome: 'matched' }]), JSON.stringify([{ nodeId: 'tag', name: 'add_tag', input: { tag: 'refund' } }]), now - 3000, now - 2900);
    insert.run('run_b', t.accountId, rule.id, eventId, 'failed', '[]', '[]', now - 2000, now - 1000);
    insert.run('run_c', t.accountId, rule.id, eventId, 'no_match', '[]', '[]', now - 1000, now - 990);
    const page1 = await (await t.request(`/api/v1/rules/${rule.id}/runs?limit=2`)).json();
    expect(page1.items.map((r: { id: string }) => r.id)).toEqual(['run_c', 'run_b']);
    const page2 = await (await t.request(`/api/v1/rules/${rule.id}/runs?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2).toMatchObject({ items: [{ id: 'run_a', durationMs: 100 }], nextCursor: null });
    expect((await (await t.request(`/api/v1/rules/${rule.id}/runs?status=failed`)).json()).items.map((r: { id: string }) => r.id)).toEqual(['run_b']);
    const run = await (await t.request('/api/v1/rule-runs/run_a')).json();
    expect(run).toMatchObject({ id: 'run_a', rule: { id: rule.id, name: 'Refunds', version: 1 }, event: { id: eventId }, steps: [{ nodeId: 'tag' }] });
    expect(run.eventSummary).toContain('quiero un reembolso');
    expect((await (await t.request('/api/v1/rule-runs?caseId=case_1')).json()).items).toHaveLength(3);
    const listed = (await (await t.request('/api/v1/rules')).json()).items[0];
    expect(listed.runs).toMatchObject({ lastStatus: 'no_match', lastWeek: { completed: 1, failed: 1, no_match: 1 } });
    expect((await t.request('/api/v1/rule-runs/run_nope')).status).toBe(404);
  });

  it('serves the catalogue: triggers, built-in actions with input JSON Schemas, custom steps, fields and operators', async () => {
    const steps = [{ id: 'shop.lookup-order', kind: 'step' as const, title: 'Look up order', description: 'd', group: 'Shop', inputSchema: { type: 'object' }, outputSchema: null, outputs: [], retry: { maximumAttempts: 3, initialInterval: '1s' } }];
    t.close();
    t = testApp({ steps: { get: (id) => steps.find((s) => s.id === id), list: () => steps } });
    const cat = await (await t.request('/api/v1/rules/catalogue')).json();
    expect(cat.triggers.map((x: { type: string }) => x.type)).toContain('api.event');
    const addTag = cat.actions.find((a: { id: string }) => a.id === 'add_tag');
    expect(addTag.inputSchema.properties.tag).toBeDefined();
    // Fields with defaults are optional in the form.
    expect(addTag.inputSchema.required ?? []).not.toContain('target');
    expect(cat.steps).toEqual(steps);
    expect(cat.fields.some((f: { id: string }) => f.id === 'message.text')).toBe(true);
    expect(cat.operators).toContain('contains');
  });

  it('enforces roles: agents get 403 everywhere, supervisors read, dry-run and replay but cannot change anything', async () => {
    const rule = await create();
    await saveDraft(rule.id, refundGraph());
    await publish(rule.id);
    const eventId = recordRuleEvent(t.db, messageEvent(t.accountId, 'reembolso'));
    const reads: [string, RequestInit & { json?: unknown }][] = [
      ['/api/v1/rules', {}], [`/api/v1/rules/${rule.id}`, {}], [`/api/v1/rules/${rule.id}/versions`, {}], [`/api/v1/rules/${rule.id}/versions/1`, {}],
      [`/api/v1/rules/${rule.id}/diff?from=1&to=draft`, {}], [`/api/v1/rules/${rule.id}/runs`, {}], ['/api/v1/rule-events', {}], [`/api/v1/rule-events/${eventId}`, {}],
      [`/api/v1/rules/${rule.id}/export`, {}], ['/api/v1/rules/catalogue', {}], ['/api/v1/settings/automation', {}],
      [`/api/v1/rules/${rule.id}/dry-run`, { method: 'POST', json: { eventId } }], [`/api/v1/rules/${rule.id}/replay`, { method: 'POST', json: {} }],
      ['/api/v1/rules/validate', { method: 'POST', json: { graph: refundGraph() } }],
    ];
    const writes: [string, RequestInit & { json?: unknown }][] = [
      ['/api/v1/rules', { method: 'POST', json: { name: 'x' } }], [`/api/v1/rules/${rule.id}`, { method: 'PATCH', json: { name: 'x' } }],
      [`/api/v1/rules/${rule.id}/draft`, { method: 'PUT', json: { graph: refundGraph() } }], [`/api/v1/rules/${rule.id}/publish`, { method: 'POST', json: {} }],
      [`/api/v1/rules/${rule.id}/rollback`, { method: 'POST', json: { version: 1 } }], ['/api/v1/rules/import', { method: 'POST', json: { x: 1 } }],
      [`/api/v1/rules/${rule.id}`, { method: 'DELETE' }], ['/api/v1/settings/automation', { method: 'PUT', json: { allowPrivateUrls: true } }],
    ];
    for (const [path, init] of [...reads, ...writes]) {
      const res = await t.request(path, { ...init, key: t.agentKey });
      expect(res.status, `agent ${init.method ?? 'GET'} ${path}`).toBe(403);
    }
    for (const [path, init] of reads) {
      expect((await t.request(path, { ...init, key: t.supervisorKey })).status, `supervisor ${init.method ?? 'GET'} ${path}`).toBe(200);
    }
    for (const [path, init] of writes) {
      expect((await t.request(path, { ...init, key: t.supervisorKey })).status, `supervisor ${init.method ?? 'GET'} ${path}`).toBe(403);
    }
    expect(t.count('rule_versions')).toBe(1);
    expect((await t.request(`/api/v1/rules/${rule.id}`)).status).toBe(200);
    expect((await t.request('/api/v1/rules/events/order.paid', { method: 'POST', json: {}, key: t.agentKey })).status).toBe(403);
  });

  it('tells the rule hooks after publish, disable, enable, rollback and delete; a failing hook is a 503 and the change stays', async () => {
    const calls: string[] = [];
    let fail = false;
    t.close();
    t = testApp({ ruleHooks: {
      published: async (_a, id) => { calls.push(`published ${id}`); if (fail) throw new Error('Temporal is unreachable'); },
      unpublished: async (_a, id) => { calls.push(`unpublished ${id}`); },
    } });
    const rule = await create();
    await saveDraft(rule.id, refundGraph());
    await t.request(`/api/v1/rules/${rule.id}`, { method: 'PATCH', json: { name: 'never published: no hook' } });
    expect(calls).toEqual([]);
    await publish(rule.id);
    await t.request(`/api/v1/rules/${rule.id}`, { method: 'PATCH', json: { enabled: false } });
    await t.request(`/api/v1/rules/${rule.id}`, { method: 'PATCH', json: { priority: 5 } });
    await t.request(`/api/v1/rules/${rule.id}`, { method: 'PATCH', json: { enabled: true } });
    await t.request(`/api/v1/rules/${rule.id}/rollback`, { method: 'POST', json: { version: 1 } });
    expect(calls).toEqual([`published ${rule.id}`, `unpublished ${rule.id}`, `published ${rule.id}`, `published ${rule.id}`]);
    fail = true;
    const res = await publish(rule.id);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'rule_sync_failed', detail: expect.stringContaining('Temporal is unreachable') });
    expect((await (await t.request(`/api/v1/rules/${rule.id}`)).json()).activeVersion).toBe(3);
    await t.request(`/api/v1/rules/${rule.id}`, { method: 'DELETE' });
    expect(calls.at(-1)).toBe(`unpublished ${rule.id}`);
  });

  it('lists the rules paths in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/v1/rules', '/api/v1/rules/{id}', '/api/v1/rules/{id}/draft', '/api/v1/rules/validate', '/api/v1/rules/{id}/publish',
      '/api/v1/rules/{id}/versions', '/api/v1/rules/{id}/versions/{version}', '/api/v1/rules/{id}/diff', '/api/v1/rules/{id}/rollback',
      '/api/v1/rules/{id}/export', '/api/v1/rules/import', '/api/v1/rules/{id}/dry-run', '/api/v1/rules/{id}/replay',
      '/api/v1/rules/{id}/runs', '/api/v1/rule-runs/{id}', '/api/v1/rule-events', '/api/v1/rule-events/{id}', '/api/v1/rules/events/{key}',
      '/api/v1/rules/catalogue', '/api/v1/settings/automation',
    ]));
  });
});
