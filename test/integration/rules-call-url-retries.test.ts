// "Call a URL" against a receiver that fails: the action is retried per its policy (4 attempts,
// backoff from 1 s), each attempt carries the same Standard Webhooks id so the receiver can
// de-duplicate, and the outcome — the error after the last attempt, or the response once it
// recovers — is recorded on the run. Triggered through the API (POST /rules/events/{key}).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { chain } from '../support/rule-fixtures';

interface Received { webhookId: string; body: unknown }

/** A receiver that answers 503 to the first `failures` requests of each webhook id, then 200 with JSON. */
function flakyReceiver(failures: number) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const webhookId = String(req.headers['webhook-id']);
      received.push({ webhookId, body: JSON.parse(raw) });
      const seen = received.filter((r) => r.webhookId === webhookId).length;
      if (seen <= failures) { res.writeHead(503, { 'content-type': 'text/plain' }); res.end('CRM is down for maintenance'); return; }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ crmId: `crm-${seen}` }));
    });
  });
  return new Promise<{ url: string; received: Received[]; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/orders`, received, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

describe('Call a URL: retried, then recorded on the run', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    // The receivers run on loopback: an admin allows private addresses for this account.
    expect((await h.api('/api/v1/settings/automation', { method: 'PUT', json: { allowPrivateUrls: true } })).status).toBe(200);
  });
  afterAll(async () => { await h?.stop(); });

  async function publishRule(key: string, url: string) {
    const created = await h.api('/api/v1/rules', {
      method: 'POST',
      json: {
        name: `Tell the CRM (${key})`,
        draft: chain({ trigger: 'api.event', config: { key, payloadSchema: { type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } } } },
          { kind: 'action', action: 'call_url', input: { url, body: { order: '{{trigger.payload.orderId}}' } } }),
      },
    });
    expect(created.status).toBe(201);
    const ruleId = (await created.json()).id as string;
    expect((await h.api(`/api/v1/rules/${ruleId}/publish`, { method: 'POST', json: {} })).status).toBe(201);
    return ruleId;
  }

  async function finishedRun(ruleId: string) {
    const { items } = await eventually(async () => {
      const page = await (await h.api(`/api/v1/rules/${ruleId}/runs`)).json();
      return page.items.length && page.items[0].status !== 'running' ? page : null;
    }, 45_000);
    return (await (await h.api(`/api/v1/rule-runs/${items[0].id}`)).json()) as { status: string; error: string | null; steps: { output?: any; error?: string; attempts?: number }[] };
  }

  it('a receiver that keeps failing: 4 attempts with one webhook id, then the run is failed with the reason', async () => {
    const receiver = await flakyReceiver(Infinity);
    try {
      const ruleId = await publishRule('order.paid', receiver.url);
      const sent = await h.api('/api/v1/rules/events/order.paid', { method: 'POST', json: { orderId: 'A-1001' } });
      expect(sent.status).toBe(202);
      const run = await finishedRun(ruleId);
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/503/);
      expect(run.steps[0].error).toMatch(/503/);
      expect(receiver.received).toHaveLength(4);
      expect(new Set(receiver.received.map((r) => r.webhookId)).size).toBe(1);
      expect(receiver.received[0].body).toEqual({ order: 'A-1001' });
    } finally {
      await receiver.close();
    }
  });

  it('a receiver that recovers: the retry succeeds and its JSON response is the action\'s output', async () => {
    const receiver = await flakyReceiver(2);
    try {
      const ruleId = await publishRule('order.shipped', receiver.url);
      expect((await h.api('/api/v1/rules/events/order.shipped', { method: 'POST', json: { orderId: 'A-1002' } })).status).toBe(202);
      const run = await finishedRun(ruleId);
      expect(run.status).toBe('completed');
      expect(run.steps[0].output).toMatchObject({ status: 200, body: { crmId: 'crm-3' } });
      expect(receiver.received).toHaveLength(3);
      expect(new Set(receiver.received.map((r) => r.webhookId)).size).toBe(1);
    } finally {
      await receiver.close();
    }
  });

  it('a payload that does not match the declared schema is refused and runs nothing', async () => {
    const res = await h.api('/api/v1/rules/events/order.paid', { method: 'POST', json: { order: 42 } });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.code).toBe('invalid_payload');
    expect(JSON.stringify(problem.errors)).toContain('orderId');
  });
});
