import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../engine/accounts/bootstrap';
import { testApp } from '../support/test-app';

const PAYLOAD_SCHEMA = {
  type: 'object',
  required: ['orderId', 'amount'],
  properties: { orderId: { type: 'string' }, amount: { type: 'number' } },
};

const apiRuleGraph = (key: string, payloadSchema?: Record<string, unknown>) => ({
  nodes: [
    { id: 'trigger', kind: 'trigger', trigger: 'api.event', config: { key, ...(payloadSchema ? { payloadSchema } : {}) } },
    { id: 'notify', kind: 'action', action: 'call_url', input: { url: 'https://example.com/orders/{{trigger.payload.orderId}}' } },
  ],
  edges: [{ id: 'e1', source: 'trigger', target: 'notify' }],
});

describe('API-triggered rule events', () => {
  let t: ReturnType<typeof testApp>;
  beforeEach(() => { t = testApp(); });
  afterEach(() => t.close());

  const publishRule = async (key: string, payloadSchema?: Record<string, unknown>) => {
    const rule = await (await t.request('/api/v1/rules', { method: 'POST', json: { name: `On ${key}`, draft: apiRuleGraph(key, payloadSchema) } })).json();
    const res = await t.request(`/api/v1/rules/${rule.id}/publish`, { method: 'POST', json: {} });
    expect(res.status).toBe(201);
    return rule.id as string;
  };
  const fire = (key: string, payload: unknown, headers: Record<string, string> = {}, apiKey?: string) =>
    t.request(`/api/v1/rules/events/${key}`, { method: 'POST', json: payload, headers, key: apiKey });
  const events = () => t.db.$client.prepare('select id, type, payload from rule_events').all() as { id: string; type: string; payload: string }[];

  it('records one event for a payload matching the declared schema, and wakes the dispatcher', async () => {
    await publishRule('order.paid', PAYLOAD_SCHEMA);
    const res = await fire('order.paid', { orderId: 'A-1001', amount: 42.5 });
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body).toMatchObject({ rules: 1, duplicate: false });
    const rows = events();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: body.eventId, type: 'api.event' });
    expect(JSON.parse(rows[0].payload)).toMatchObject({ key: 'order.paid', payload: { orderId: 'A-1001', amount: 42.5 }, accountId: t.accountId });
    expect(t.ruleEventWakes).toBe(1);
    // The recorded event is what a dry-run can pick.
    const listed = (await (await t.request('/api/v1/rule-events?type=api.event')).json()).items;
    expect(listed.map((e: { id: string }) => e.id)).toEqual([body.eventId]);
  });

  it('refuses a payload that does not match the schema with 422 and field paths, recording nothing', async () => {
    await publishRule('order.paid', PAYLOAD_SCHEMA);
    const res = await fire('order.paid', { orderId: 1001 });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.code).toBe('invalid_payload');
    const paths = problem.errors.map((e: { path: string }) => e.path).join(' ');
    expect(paths).toContain('orderId');
    expect(paths).toContain('amount');
    expect(events()).toHaveLength(0);
    expect(t.ruleEventWakes).toBe(0);
  });

  it('records one event for the same Idempotency-Key sent twice', async () => {
    await publishRule('order.paid', PAYLOAD_SCHEMA);
    const payload = { orderId: 'A-1', amount: 1 };
    const first = await (await fire('order.paid', payload, { 'Idempotency-Key': 'req-42' })).json();
    const again = await fire('order.paid', payload, { 'Idempotency-Key': 'req-42' });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ eventId: first.eventId, rules: 1, duplicate: true });
    expect(events()).toHaveLength(1);
    const other = await (await fire('order.paid', payload, { 'Idempotency-Key': 'req-43' })).json();
    expect(other.eventId).not.toBe(first.eventId);
    expect(events()).toHaveLength(2);
    // Without the header, each request is a new event.
    await fire('order.paid', payload);
    await fire('order.paid', payload);
    expect(events()).toHaveLength(4);
  });

  it('answers 404 when no live rule listens on the key: unknown, unpublished, disabled or another account\'s', async () => {
    const none = await fire('order.paid', {});
    expect(none.status).toBe(404);
    expect((await none.json()).code).toBe('no_rule_for_event');
    // A draft that was never published does not listen.
    await t.request('/api/v1/rules', { method: 'POST', json: { name: 'Draft only', draft: apiRuleGraph('order.paid') } });
    expect((await fire('order.paid', {})).status).toBe(404);
    const id = await publishRule('order.paid');
    expect((await fire('order.paid', {})).status).toBe(202);
    await t.request(`/api/v1/rules/${id}`, { method: 'PATCH', json: { enabled: false } });
    expect((await fire('order.paid', {})).status).toBe(404);
    await t.request(`/api/v1/rules/${id}`, { method: 'PATCH', json: { enabled: true } });
    t.db.$client.prepare("insert into accounts (id, name, created_at) values ('acct_other', 'Other', 0)").run();
    const otherKey = createApiKey(t.db, 'acct_other', 'admin');
    expect((await fire('order.paid', {}, {}, otherKey)).status).toBe(404);
    expect(events()).toHaveLength(1);
  });

  it('checks the payload against every listening rule, and lets supervisors (not agents) send events', async () => {
    await publishRule('ticket.opened', { type: 'object', required: ['subject'], properties: { subject: { type: 'string' } } });
    await publishRule('ticket.opened', { type: 'object', required: ['priority'], properties: { priority: { type: 'integer' } } });
    const half = await fire('ticket.opened', { subject: 'Broken' });
    expect(half.status).toBe(422);
    expect((await half.json()).errors.map((e: { path: string }) => e.path).join(' ')).toContain('priority');
    const ok = await fire('ticket.opened', { subject: 'Broken', priority: 2 }, {}, t.supervisorKey);
    expect(ok.status).toBe(202);
    expect((await ok.json()).rules).toBe(2);
    expect((await fire('ticket.opened', { subject: 'x', priority: 1 }, {}, t.agentKey)).status).toBe(403);
    expect(events()).toHaveLength(1);
  });

  it('refuses a malformed key and a body that is not a JSON object', async () => {
    await publishRule('order.paid');
    expect((await fire('Order Paid', {})).status).toBe(400);
    expect((await fire('order.paid', [1, 2])).status).toBe(400);
    const junk = await t.request('/api/v1/rules/events/order.paid', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(junk.status).toBe(400);
    expect(events()).toHaveLength(0);
  });
});
