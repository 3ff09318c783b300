// The payments API without Temporal: documented routes, roles, the Stripe webhook's refusals
// before anything is written (no connection, no / bad / stale signature), events Parley did not
// start, and bad payment requests refused before a workflow would start.
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stripeConnections } from '../../engine/db/schema-payments';
import { testApp } from '../support/test-app';

const SECRET = 'whsec_unit';
type App = ReturnType<typeof testApp>;

describe('payments API', () => {
  let t: App;
  beforeEach(() => { t = testApp(); });
  afterEach(() => t.close());

  /** A stored connection, as PUT /settings/stripe would leave it (that route asks Stripe first). */
  const connect = () => {
    const now = Date.now();
    t.db.insert(stripeConnections).values({ accountId: t.accountId, secrets: t.box.seal({ secretKey: 'sk_test_unit', webhookSecret: SECRET }), createdAt: now, updatedAt: now }).run();
  };
  const post = (body: string, signature?: string) =>
    t.app.request(`/webhooks/stripe/${t.accountId}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) } });
  const event = (paymentId: string) => JSON.stringify({ id: 'evt_1', object: 'event', type: 'checkout.session.completed', created: 1, data: { object: { id: 'cs_1', object: 'checkout.session', metadata: { paymentId }, payment_status: 'paid' } } });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/v1/settings/stripe', '/api/v1/cases/{id}/payments', '/api/v1/payments', '/api/v1/payments/{id}',
      '/api/v1/payments/{id}/refunds', '/api/v1/payments/{id}/cancel', '/webhooks/stripe/{accountId}',
    ]));
  });

  it('keeps the Stripe connection to admins and never returns its secrets', async () => {
    expect((await t.request('/api/v1/settings/stripe', { key: t.supervisorKey })).status).toBe(403);
    expect((await (await t.request('/api/v1/settings/stripe')).json())).toMatchObject({ connected: false, webhookUrl: `https://parley.example.com/webhooks/stripe/${t.accountId}` });
    connect();
    const view = await (await t.request('/api/v1/settings/stripe')).json();
    expect(view).toMatchObject({ connected: true, secretKeyHint: 'sk_test_…unit', webhookSecretSet: true });
    expect(JSON.stringify(view)).not.toMatch(/sk_test_unit|whsec_unit/);
    const first = await t.request('/api/v1/settings/stripe', { method: 'PUT', json: { secretKey: 'nope' } });
    expect(first.status).toBe(400);
    expect((await first.json()).errors[0].path).toBe('secretKey');
    expect((await t.request('/api/v1/settings/stripe', { method: 'DELETE' })).status).toBe(204);
    expect((await t.request('/api/v1/settings/stripe', { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses webhooks it cannot verify, before writing anything', async () => {
    expect((await post(event('pay_1'), 't=1,v1=x')).status).toBe(404); // no connection for this account
    connect();
    const body = event('pay_1');
    expect((await post(body)).status).toBe(400);
    const wrong = await post(body, Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_other' }));
    expect([wrong.status, (await wrong.json()).code]).toEqual([400, 'invalid_signature']);
    const stale = await post(body, Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 301 }));
    expect(stale.status).toBe(400);
    expect(t.count('stripe_events')).toBe(0);
  });

  it('acknowledges verified events it does not act on: other types, sessions Parley did not create', async () => {
    connect();
    const other = JSON.stringify({ id: 'evt_2', object: 'event', type: 'customer.created', created: 1, data: { object: { id: 'cus_1' } } });
    const res = await post(other, Stripe.webhooks.generateTestHeaderString({ payload: other, secret: SECRET }));
    expect([res.status, (await res.json()).outcome]).toEqual([200, 'ignored']);
    const foreign = event('pay_not_ours');
    const res2 = await post(foreign, Stripe.webhooks.generateTestHeaderString({ payload: foreign, secret: SECRET }));
    expect(await res2.json()).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/not created by Parley/) });
    expect(t.count('stripe_events')).toBe(0);
  });

  it('refuses a payment request in a case that does not exist, or with bad fields, before starting anything', async () => {
    connect();
    expect((await t.request('/api/v1/cases/case_nope/payments', { method: 'POST', json: { amount: 1250, currency: 'eur', description: 'x' } })).status).toBe(404);
    const bad = await t.request('/api/v1/cases/case_nope/payments', { method: 'POST', json: { amount: 0.5, currency: 'eur', description: 'x' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ path: 'amount', message: expect.stringMatching(/integer in the smallest currency unit \(send 50 for 0.5 EUR\)/) }]);
    expect(t.count('payments')).toBe(0);
    expect((await t.request('/api/v1/payments/pay_nope')).status).toBe(404);
  });
});
