// Payment workflows survive their worker: Parley stops while two requests wait (one for Stripe's
// event, one on its expiry timer), a new Parley starts on the same data directory and task queue,
// and both end there — the link sent once, the outcome reported once.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { startStripeMock, type StripeMock } from '../fakes/stripe-mock';
import { checkoutEvent, stripeWebhookSender } from '../fakes/stripe-webhook-sender';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const BYOC_SECRET = 'whsec_' + Buffer.alloc(32, 22).toString('base64');
const WEBHOOK_SECRET = 'whsec_restarttest';

describe('payments across a worker restart', () => {
  const running: Harness[] = [];
  let mw: ByocMiddleware;
  let stripe: StripeMock;
  let dataDir: string | undefined;
  afterAll(async () => {
    delete process.env.PARLEY_PAYMENTS_MIN_EXPIRY_MINUTES;
    for (const h of running) await h.stop({ keepData: true }).catch(() => {});
    await mw?.close();
    await stripe?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a request paid after the restart and one that expires on its timer after it, each reported once', async () => {
    stripe = await startStripeMock();
    mw = await startByocMiddleware({ secret: BYOC_SECRET });
    process.env.PARLEY_PAYMENTS_MIN_EXPIRY_MINUTES = '0.05';
    const taskQueue = `payments-restart-${randomUUID()}`;
    const first = await startHarness({ temporalAddress: inject('temporalAddress'), taskQueue });
    running.push(first);
    dataDir = first.dataDir;
    const accountId = first.parley.credentials!.accountId;
    expect((await first.api('/api/v1/settings/stripe', { method: 'PUT', json: { secretKey: 'sk_test_restart', webhookSecret: WEBHOOK_SECRET, apiBaseUrl: stripe.url } })).status).toBe(200);
    const channelId = (await (await first.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: mw.url, secret: BYOC_SECRET } } })).json()).id;
    const newCase = async (conversation: string) => {
      const body = { type: 'message', externalMessageId: `in-${conversation}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}` }, text: 'pay?', timestamp: Date.now() };
      return (await (await fetch(`${first.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(BYOC_SECRET, body), body: JSON.stringify(body) })).json()).caseIds[0] as string;
    };
    const request = async (caseId: string, expiresInMinutes: number) =>
      (await (await first.api(`/api/v1/cases/${caseId}/payments`, { method: 'POST', json: { amount: 900, currency: 'gbp', description: 'Repair', expiresInMinutes } })).json()).id as string;
    const statusOf = async (h: Harness, id: string) => (await (await h.api(`/api/v1/payments/${id}`)).json()).status as string;

    const toPay = await request(await newCase('r-pay'), 60);
    const toExpire = await request(await newCase('r-exp'), 0.15);
    await eventually(async () => (await statusOf(first, toPay)) === 'awaiting_payment' && (await statusOf(first, toExpire)) === 'awaiting_payment', 30_000, 100);
    const session = (await (await first.api(`/api/v1/payments/${toPay}`)).json()).stripeSessionId as string;
    await first.stop({ keepData: true });
    running.splice(running.indexOf(first), 1);

    const second = await startHarness({ temporalAddress: inject('temporalAddress'), taskQueue, dataDir });
    running.push(second);
    const sender = stripeWebhookSender(`${second.parley.url}/webhooks/stripe/${accountId}`, WEBHOOK_SECRET);
    const res = await sender.send(checkoutEvent({ type: 'checkout.session.completed', sessionId: session, metadata: { accountId, paymentId: toPay } }));
    expect((await res.json()).outcome).toBe('signalled');
    await eventually(async () => (await statusOf(second, toPay)) === 'paid', 45_000, 200);
    await eventually(async () => (await statusOf(second, toExpire)) === 'expired', 45_000, 200);

    const texts = (conversation: string) => mw.received.filter((r) => r.body?.externalConversationId === conversation).map((r) => r.body.text as string);
    await eventually(() => texts('r-pay').length === 2 && texts('r-exp').length === 2, 20_000, 100);
    await new Promise((r) => setTimeout(r, 1000));
    expect(texts('r-pay')).toEqual([expect.stringMatching(/^Payment request: Repair — £9.00/), 'Payment received: £9.00 for Repair. Thank you!']);
    expect(texts('r-exp')).toEqual([expect.stringMatching(/^Payment request: Repair — £9.00/), expect.stringMatching(/^The payment link for £9.00 \(Repair\) has expired/)]);
    const changes = (id: string) => (second.parley.db.$client.prepare('select to_value from payment_events where payment_id = ? and type = \'status_changed\' order by id').all(id) as { to_value: string }[]).map((r) => r.to_value);
    expect(changes(toPay)).toEqual(['requested', 'awaiting_payment', 'paid']);
    expect(changes(toExpire)).toEqual(['requested', 'awaiting_payment', 'expired']);
  });
});
