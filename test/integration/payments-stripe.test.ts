// Stripe payments end to end: a real Parley (dev server, SQLite file, HTTP), the `stripe` SDK
// pointed at stripe-mock (Stripe's own OpenAPI-validated stand-in: it proves the request shapes),
// a BYOC stand-in that receives the link, and a local webhook sender that signs events with the
// SDK's generateTestHeaderString. stripe-mock keeps no state, so Stripe's side of the story (paid,
// failed, expired) is told by the signed events, as Stripe would.
//
// Expiry without waiting 30 minutes: PARLEY_PAYMENTS_MIN_EXPIRY_MINUTES lowers the shortest link
// (here 0.05 min = 3 s). The workflow's own timer fires at that deadline and expires the Stripe
// session explicitly; the session was still created with Stripe's 30-minute minimum.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { startStripeMock, type StripeMock } from '../fakes/stripe-mock';
import { checkoutEvent, stripeWebhookSender, type CheckoutEventFacts, type StripeWebhookSender } from '../fakes/stripe-webhook-sender';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { chain, insertPublishedRule } from '../support/rule-fixtures';

const BYOC_SECRET = 'whsec_' + Buffer.alloc(32, 21).toString('base64');
const STRIPE_KEY = 'sk_test_parley123';
const STRIPE_WEBHOOK_SECRET = 'whsec_test_parleysecret';

interface Payment {
  id: string; caseId: string; status: string; amount: number; currency: string; amountFormatted: string; stripeSessionId: string | null;
  checkoutUrl: string | null; paymentIntentId: string | null; refundedAmount: number; refundableAmount: number; failureReason: string | null;
  timeline: { type: string; from: string | null; to: string | null; detail: Record<string, unknown> | null }[];
  refunds: { amount: number; status: string; stripeRefundId: string | null }[];
}

describe('Stripe payments in a case', () => {
  let h: Harness;
  let mw: ByocMiddleware;
  let stripe: StripeMock;
  let webhook: StripeWebhookSender;
  let accountId: string;
  let channelId: string;
  let n = 0;

  beforeAll(async () => {
    // Fails with the install advice when stripe-mock (Go) is missing: never skipped.
    stripe = await startStripeMock();
    mw = await startByocMiddleware({ secret: BYOC_SECRET });
    process.env.PARLEY_PAYMENTS_MIN_EXPIRY_MINUTES = '0.05';
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    accountId = h.parley.credentials!.accountId;
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'Shop chat', config: { outboundUrl: mw.url, secret: BYOC_SECRET } } });
    channelId = (await res.json()).id;
    webhook = stripeWebhookSender(`${h.parley.url}/webhooks/stripe/${accountId}`, STRIPE_WEBHOOK_SECRET);
  });
  afterAll(async () => {
    delete process.env.PARLEY_PAYMENTS_MIN_EXPIRY_MINUTES;
    await h?.stop();
    await mw?.close();
    await stripe?.stop();
  });

  const connectStripe = () => h.api('/api/v1/settings/stripe', { method: 'PUT', json: { secretKey: STRIPE_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET, apiBaseUrl: stripe.url } });
  const newCase = async () => {
    const conversation = `conv-${++n}`;
    const body = { type: 'message', externalMessageId: `in-${n}`, externalConversationId: conversation, sender: { externalId: `cust-${n}`, name: 'Ana' }, text: 'How do I pay?', timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(BYOC_SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return { caseId: ((await res.json()) as { caseIds: string[] }).caseIds[0], conversation };
  };
  const getPayment = async (id: string): Promise<Payment> => (await h.api(`/api/v1/payments/${id}`)).json();
  const paymentIn = (id: string, status: string) => eventually(async () => { const p = await getPayment(id); return p.status === status ? p : null; }, 30_000, 100);
  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
  const toMiddleware = (conversation: string) => mw.received.filter((r) => r.body?.externalConversationId === conversation);
  const request = async (caseId: string, body: Record<string, unknown>, key?: string) => {
    const res = await h.api(`/api/v1/cases/${caseId}/payments`, { method: 'POST', json: body, ...(key ? { key } : {}) });
    return { status: res.status, body: await res.json() };
  };
  /** Requests a payment and waits until its link is out. */
  const requested = async (body: Record<string, unknown> = {}) => {
    const { caseId, conversation } = await newCase();
    const res = await request(caseId, { amount: 1250, currency: 'eur', description: 'Order 42', ...body }, h.agentKey);
    expect(res.status).toBe(201);
    const payment = await paymentIn(res.body.id, 'awaiting_payment');
    return { caseId, conversation, payment };
  };
  const eventFor = (p: Payment, facts: Partial<CheckoutEventFacts> & Pick<CheckoutEventFacts, 'type'>) =>
    checkoutEvent({ sessionId: p.stripeSessionId!, metadata: { accountId, caseId: p.caseId, paymentId: p.id }, clientReferenceId: p.caseId, ...facts });
  const stripeEventRows = () => (h.parley.db.$client.prepare('select count(*) n from stripe_events').get() as { n: number }).n;

  it('connects Stripe: a key Stripe rejects is 422 and not stored; a good one is checked, sealed and never returned', async () => {
    // Before connecting, a payment request says what is missing.
    const { caseId } = await newCase();
    const early = await request(caseId, { amount: 1250, currency: 'eur', description: 'x' });
    expect([early.status, early.body.code]).toEqual([409, 'stripe_not_connected']);

    const bad = await h.api('/api/v1/settings/stripe', { method: 'PUT', json: { secretKey: 'sk_live_wrong', webhookSecret: STRIPE_WEBHOOK_SECRET, apiBaseUrl: stripe.url } });
    expect(bad.status).toBe(422);
    const problem = await bad.json();
    expect(problem.code).toBe('stripe_key_rejected');
    expect(problem.detail ?? problem.message ?? JSON.stringify(problem)).toMatch(/Stripe rejected the secret key/);
    expect((await (await h.api('/api/v1/settings/stripe')).json()).connected).toBe(false);

    const malformed = await h.api('/api/v1/settings/stripe', { method: 'PUT', json: { secretKey: 'pk_test_123', webhookSecret: 'nope' } });
    expect(malformed.status).toBe(400);

    const ok = await connectStripe();
    expect(ok.status).toBe(200);
    const view = await ok.json();
    expect(view).toMatchObject({
      connected: true, livemode: false, secretKeyHint: 'sk_test_…y123', webhookSecretSet: true, apiBaseUrl: stripe.url,
      stripeAccountId: expect.stringMatching(/^acct_/), webhookUrl: expect.stringMatching(new RegExp(`/webhooks/stripe/${accountId}$`)),
    });
    expect(JSON.stringify(view)).not.toContain(STRIPE_KEY);
    expect(JSON.stringify(view)).not.toContain(STRIPE_WEBHOOK_SECRET);
    // Sealed at rest: the database holds neither secret in clear.
    const row = h.parley.db.$client.prepare('select secrets from stripe_connections where account_id = ?').get(accountId) as { secrets: string };
    expect(row.secrets).toMatch(/^v1\./);
    expect(row.secrets).not.toContain('sk_test');
    // Agents cannot read or change it.
    expect((await h.api('/api/v1/settings/stripe', { key: h.agentKey })).status).toBe(403);
  });

  it('refuses bad amounts and currencies with field issues', async () => {
    const { caseId } = await newCase();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ amount: 12.5, currency: 'eur' }, 'amount', /integer in the smallest currency unit \(send 1250/],
      [{ amount: -100, currency: 'eur' }, 'amount', /greater than 0/],
      [{ amount: 100_000_000, currency: 'eur' }, 'amount', /at most 99999999/],
      [{ amount: 1250, currency: 'EUX' }, 'currency', /not an ISO 4217 currency/],
      [{ amount: 500.5, currency: 'jpy' }, 'amount', /JPY has no minor unit/],
      [{ amount: '1250', currency: 'eur' }, 'amount', /./],
      [{ amount: 1250, currency: 'eur', expiresInMinutes: 60 * 25 }, 'expiresInMinutes', /between/],
    ];
    for (const [body, path, message] of cases) {
      const res = await request(caseId, { description: 'Order', ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors, JSON.stringify(body)).toContainEqual({ path, message: expect.stringMatching(message) });
    }
    expect((await (await h.api(`/api/v1/payments?caseId=${caseId}`)).json()).items).toEqual([]);
  });

  it('a payment completed: link sent as a button, the case tagged and told, a timeline entry, and a payment.succeeded rule runs', async () => {
    const rule = insertPublishedRule(h.parley.db, {
      accountId, name: 'Thank payers',
      graph: chain({ trigger: 'payment.succeeded', config: {} }, { kind: 'action', action: 'add_tag', input: { tag: 'vip-{{trigger.payload.currency}}' } }),
    });
    const { caseId, conversation, payment } = await requested({ onPaid: { tag: 'paid', status: 'resolved' } });

    // Stripe saw a valid Checkout Session request (stripe-mock validates it against Stripe's spec).
    expect(payment.stripeSessionId).toMatch(/^cs_test_/);
    expect(payment.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    // The customer got the link as a URL button, with the URL also in the text.
    const [link] = await eventually(() => (toMiddleware(conversation).length ? toMiddleware(conversation) : null));
    expect(link.verified).toBe(true);
    expect(link.body.content.content).toMatchObject({ type: 'buttons', buttons: [{ title: 'Pay €12.50', action: { type: 'url', url: payment.checkoutUrl } }] });
    expect(link.body.text).toContain(payment.checkoutUrl);

    const res = await webhook.send(eventFor(payment, { type: 'checkout.session.completed', paymentIntentId: 'pi_test_paid1' }));
    expect(res.status).toBe(200);
    expect((await res.json()).outcome).toBe('signalled');
    const paid = await paymentIn(payment.id, 'paid');
    expect(paid.paymentIntentId).toBe('pi_test_paid1');

    // The case: tagged, resolved, told, and the timeline says it in words.
    const theCase = await eventually(async () => { const c = await getCase(caseId); return c.status === 'resolved' && c.tags.includes('vip-eur') ? c : null; }, 30_000, 100);
    expect(theCase.tags).toEqual(expect.arrayContaining(['paid', 'vip-eur']));
    const described = (theCase.events as { description: string }[]).map((e) => e.description);
    expect(described).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Payment of €12.50 requested \(Order 42\)/),
      expect.stringMatching(/^Payment link for €12.50 sent/),
      expect.stringMatching(/^Payment of €12.50 received \(Order 42\)/),
    ]));
    await eventually(() => toMiddleware(conversation).some((r) => /Payment received: €12.50 for Order 42/.test(r.body.text)));
    const runs = await eventually(() => {
      const rows = h.parley.db.$client.prepare('select status from rule_runs where rule_id = ? and case_id = ?').all(rule.id, caseId) as { status: string }[];
      return rows.length && rows.every((r) => r.status !== 'running') ? rows : null;
    }, 30_000, 100);
    expect(runs).toEqual([{ status: 'completed' }]);
  });

  it('a duplicate event is dropped by its id, and an out-of-order expired after completed changes nothing', async () => {
    const { conversation, payment } = await requested();
    const completed = eventFor(payment, { type: 'checkout.session.completed' });
    expect((await (await webhook.send(completed)).json()).outcome).toBe('signalled');
    await paymentIn(payment.id, 'paid');
    const before = stripeEventRows();
    const again = await webhook.send(completed);
    expect([again.status, (await again.json()).outcome]).toEqual([200, 'duplicate']);
    expect(stripeEventRows()).toBe(before);

    // Stripe's later `expired` for the same session (out of order): received, and ignored by the machine.
    const late = await webhook.send(eventFor(payment, { type: 'checkout.session.expired' }));
    expect((await late.json()).outcome).toBe('signalled');
    const p = await eventually(async () => { const x = await getPayment(payment.id); return x.timeline.some((e) => e.type === 'stripe_event_ignored') ? x : null; });
    expect(p.status).toBe('paid');
    expect(p.timeline.filter((e) => e.type === 'status_changed').map((e) => e.to)).toEqual(['requested', 'awaiting_payment', 'paid']);
    // The customer was told once.
    await new Promise((r) => setTimeout(r, 500));
    expect(toMiddleware(conversation).filter((r) => /Payment received/.test(r.body.text))).toHaveLength(1);
  });

  it('a forged, stale, missing or tampered signature is refused with 400 and changes nothing', async () => {
    const { conversation, payment } = await requested();
    const event = eventFor(payment, { type: 'checkout.session.completed' });
    const before = stripeEventRows();
    const forged = await webhook.send(event, { secret: 'whsec_attacker' });
    expect([forged.status, (await forged.json()).code]).toEqual([400, 'invalid_signature']);
    const stale = await webhook.send(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(400);
    const missing = await webhook.send(event, { signature: null });
    expect([missing.status, (await missing.json()).code]).toEqual([400, 'missing_signature']);
    // The original's valid signature over a body changed afterwards.
    const original = JSON.stringify(event);
    const tampered = JSON.stringify({ ...event, data: { object: { ...event.data.object, metadata: { ...event.data.object.metadata, paymentId: 'pay_other' } } } });
    expect((await webhook.send(event, { body: tampered, signature: webhook.sign(original) })).status).toBe(400);

    // No side effect: nothing recorded, the request still waits, nothing more sent to the customer.
    await new Promise((r) => setTimeout(r, 500));
    expect(stripeEventRows()).toBe(before);
    expect((await getPayment(payment.id)).status).toBe('awaiting_payment');
    expect(toMiddleware(conversation)).toHaveLength(1);
    // The same event, properly signed, is accepted.
    expect((await webhook.send(event)).status).toBe(200);
    await paymentIn(payment.id, 'paid');
  });

  it('a delayed payment method that fails after checkout: processing, then failed, the customer told, a payment.failed rule reacts', async () => {
    insertPublishedRule(h.parley.db, {
      accountId, name: 'Failed payments',
      graph: chain({ trigger: 'payment.failed', config: { channelIds: [channelId] } }, { kind: 'action', action: 'add_tag', input: { tag: 'payment-failed' } }),
    });
    const { caseId, conversation, payment } = await requested();
    await webhook.send(eventFor(payment, { type: 'checkout.session.completed', paymentStatus: 'unpaid' }));
    await paymentIn(payment.id, 'processing');
    await webhook.send(eventFor(payment, { type: 'checkout.session.async_payment_failed', paymentStatus: 'unpaid' }));
    const failed = await paymentIn(payment.id, 'failed');
    expect(failed.failureReason).toMatch(/declined or failed/);
    await eventually(() => toMiddleware(conversation).some((r) => /did not go through/.test(r.body.text)));
    await eventually(async () => (await getCase(caseId)).tags.includes('payment-failed'), 30_000, 100);
  });

  it('expires by its own timer (short test minimum): the Stripe session is expired and the case told', async () => {
    const { caseId, conversation, payment } = await requested({ expiresInMinutes: 0.05 });
    const expired = await paymentIn(payment.id, 'expired');
    expect(expired.timeline.find((e) => e.to === 'expired')?.detail).toMatchObject({ cause: 'timer' });
    await eventually(() => toMiddleware(conversation).some((r) => /has expired/.test(r.body.text)));
    const described = ((await getCase(caseId)).events as { description: string }[]).map((e) => e.description);
    expect(described).toContainEqual(expect.stringMatching(/^Payment link for €12.50 expired unpaid/));
    // A completion that arrives after the expiry changes nothing.
    const late = await webhook.send(eventFor(payment, { type: 'checkout.session.completed' }));
    expect(late.status).toBe(200);
    expect((await getPayment(payment.id)).status).toBe('expired');
  });

  it('expires by Stripe\'s checkout.session.expired event and a payment.expired rule reacts', async () => {
    const rule = insertPublishedRule(h.parley.db, {
      accountId, name: 'Chase expired',
      graph: chain({ trigger: 'payment.expired', config: { channelIds: [channelId] } }, { kind: 'action', action: 'add_tag', input: { tag: 'payment-expired' } }),
    });
    const { caseId, payment } = await requested();
    await webhook.send(eventFor(payment, { type: 'checkout.session.expired' }));
    await paymentIn(payment.id, 'expired');
    await eventually(async () => (await getCase(caseId)).tags.includes('payment-expired'), 30_000, 100);
    expect((h.parley.db.$client.prepare('select count(*) n from rule_runs where rule_id = ?').get(rule.id) as { n: number }).n).toBe(1);
  });

  it('refunds in part, then the rest; never more than what is left', async () => {
    const { conversation, payment } = await requested();
    await webhook.send(eventFor(payment, { type: 'checkout.session.completed', paymentIntentId: 'pi_test_refund1' }));
    await paymentIn(payment.id, 'paid');

    // Agents may not refund; too much is a field error.
    expect((await h.api(`/api/v1/payments/${payment.id}/refunds`, { method: 'POST', json: { amount: 500 }, key: h.agentKey })).status).toBe(403);
    const tooMuch = await h.api(`/api/v1/payments/${payment.id}/refunds`, { method: 'POST', json: { amount: 1251 } });
    expect(tooMuch.status).toBe(400);
    expect((await tooMuch.json()).errors).toContainEqual({ path: 'amount', message: 'Must be at most 1250, what is left to refund' });

    const part = await h.api(`/api/v1/payments/${payment.id}/refunds`, { method: 'POST', json: { amount: 500, reason: 'one item missing' } });
    expect(part.status).toBe(201);
    const partBody = await part.json();
    expect(partBody).toMatchObject({ amount: 500, stripeRefundId: expect.stringMatching(/^re_/), payment: { status: 'partially_refunded', refundedAmount: 500, refundableAmount: 750 } });
    await eventually(() => toMiddleware(conversation).some((r) => /refund of €5.00/i.test(r.body.text)));

    const rest = await h.api(`/api/v1/payments/${payment.id}/refunds`, { method: 'POST', json: {} });
    expect(rest.status).toBe(201);
    expect((await rest.json()).payment).toMatchObject({ status: 'refunded', refundedAmount: 1250, refundableAmount: 0 });
    const detail = await getPayment(payment.id);
    expect(detail.refunds.map((r) => [r.amount, r.status])).toEqual([[500, 'succeeded'], [750, 'succeeded']]);
    const after = await h.api(`/api/v1/payments/${payment.id}/refunds`, { method: 'POST', json: { amount: 1 } });
    expect(after.status).toBe(409);
  });

  it('cancels a request not paid yet (an itemised, zero-decimal one); lists payments by status and case', async () => {
    // Line items in JPY (whole yen) pass Stripe's request validation too.
    const { caseId, payment } = await requested({ amount: 3000, currency: 'JPY', lineItems: [{ name: 'Sencha', unitAmount: 1000, quantity: 3 }] });
    expect([payment.amountFormatted, payment.currency]).toEqual(['¥3,000', 'jpy']);
    const res = await h.api(`/api/v1/payments/${payment.id}/cancel`, { method: 'POST', key: h.agentKey });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('cancelled');
    expect((await h.api(`/api/v1/payments/${payment.id}/cancel`, { method: 'POST' })).status).toBe(409);
    const byCase = await (await h.api(`/api/v1/payments?caseId=${caseId}`)).json();
    expect(byCase.items.map((p: Payment) => [p.id, p.status])).toEqual([[payment.id, 'cancelled']]);
    const cancelled = await (await h.api('/api/v1/payments?status=cancelled')).json();
    expect(cancelled.items.map((p: Payment) => p.id)).toContain(payment.id);
    expect((await h.api('/api/v1/payments?status=bogus')).status).toBe(400);
  });

  it('a rule requests a payment with the request_payment action', async () => {
    const rule = insertPublishedRule(h.parley.db, {
      accountId, name: 'Ask for the deposit',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channelId] } },
        { kind: 'condition', all: [{ field: 'message.text', op: 'contains', value: 'deposit' }] },
        { kind: 'action', action: 'request_payment', input: { amount: 5000, currency: 'eur', description: 'Deposit for {{contact.name}}' } }),
    });
    const conversation = `conv-${++n}`;
    const body = { type: 'message', externalMessageId: `in-${n}`, externalConversationId: conversation, sender: { externalId: `cust-${n}`, name: 'Bea' }, text: 'I want to pay the deposit', timestamp: Date.now() };
    await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(BYOC_SECRET, body), body: JSON.stringify(body) });
    const run = await eventually(() => h.parley.db.$client.prepare('select status, steps from rule_runs where rule_id = ? and status != \'running\'').get(rule.id) as { status: string; steps: string } | undefined, 30_000, 100);
    expect(run.status).toBe('completed');
    const paymentId = JSON.parse(run.steps)[0].output.paymentId as string;
    const p = await paymentIn(paymentId, 'awaiting_payment');
    expect([p.amountFormatted, (p as unknown as { description: string }).description]).toEqual(['€50.00', 'Deposit for Bea']);
    await eventually(() => toMiddleware(conversation).some((r) => r.body.content?.content?.type === 'buttons'));
  });
});
