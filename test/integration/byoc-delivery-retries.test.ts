// Outbound delivery when the middleware fails: transient errors are retried with backoff by the
// workflow's activity retry policy, with the same idempotency key; permanent errors fail the message.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 4).toString('base64');

describe('BYOC outbound delivery', () => {
  let h: Harness;
  const middlewares: ByocMiddleware[] = [];
  beforeAll(async () => { h = await startHarness({ temporalAddress: inject('temporalAddress') }); });
  afterAll(async () => {
    await h?.stop();
    await Promise.all(middlewares.map((m) => m.close()));
  });

  async function caseOn(mw: ByocMiddleware) {
    const channel = await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: mw.url, secret: SECRET } } })).json();
    const body = { type: 'message', externalMessageId: `in-${channel.id}`, externalConversationId: 'conv', sender: { externalId: 'cust' }, text: 'hi', timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    return (await res.json()).caseIds[0] as string;
  }

  it('retries 503s with the same idempotency key until the middleware accepts', async () => {
    const mw = await startByocMiddleware({ secret: SECRET, failFirst: 2, failStatus: 503 });
    middlewares.push(mw);
    const caseId = await caseOn(mw);
    const { id } = await (await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { text: 'try me' } })).json();
    const requests = await mw.waitFor(3, 30_000);
    expect(requests.map((r) => r.headers['idempotency-key'])).toEqual([id, id, id]);
    expect(requests.every((r) => r.verified)).toBe(true);
    const message = await eventually(async () => {
      const c = await (await h.api(`/api/v1/cases/${caseId}`)).json();
      const m = c.messages.find((x: { id: string }) => x.id === id);
      return m.deliveryStatus === 'sent' ? m : null;
    }, 30_000);
    expect(message.providerMessageId).toBeTruthy();
  });

  it('fails the message at once on a permanent error (400) and says why', async () => {
    const mw = await startByocMiddleware({ secret: SECRET, respondWith: { status: 400, json: { error: 'unknown conversation' } } });
    middlewares.push(mw);
    const caseId = await caseOn(mw);
    const { id } = await (await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { text: 'nope' } })).json();
    const message = await eventually(async () => {
      const c = await (await h.api(`/api/v1/cases/${caseId}`)).json();
      const m = c.messages.find((x: { id: string }) => x.id === id);
      return m.deliveryStatus === 'failed' ? m : null;
    });
    expect(message.deliveryError).toMatch(/400|unknown conversation/);
    expect(mw.received).toHaveLength(1);
  });
});
