// The payments console in headless Chromium against a real Parley and stripe-mock (reached through
// PARLEY_STRIPE_API_URL, as a deployment would point at a proxy): an admin connects Stripe in
// Settings (a rejected key shows Stripe's reason), then on Payments opens a paid request's drawer,
// reads its timeline and refunds part of it.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { startStripeMock, type StripeMock } from '../fakes/stripe-mock';
import { checkoutEvent, stripeWebhookSender } from '../fakes/stripe-webhook-sender';
import { startConsole, type ConsoleSession } from '../support/console-session';
import { eventually } from '../support/parley-harness';

const BYOC_SECRET = 'whsec_' + Buffer.alloc(32, 23).toString('base64');
const WEBHOOK_SECRET = 'whsec_consoletest';

describe('payments console', () => {
  let mw: ByocMiddleware;
  let stripe: StripeMock;
  let ui: ConsoleSession;

  beforeAll(async () => {
    stripe = await startStripeMock();
    process.env.PARLEY_STRIPE_API_URL = stripe.url;
    mw = await startByocMiddleware({ secret: BYOC_SECRET });
    ui = await startConsole({ viewport: { width: 1440, height: 900 } });
  }, 180_000);
  afterAll(async () => {
    delete process.env.PARLEY_STRIPE_API_URL;
    await ui?.stop();
    await mw?.close();
    await stripe?.stop();
  });

  it('an admin connects Stripe in Settings, then refunds part of a paid request from the Payments page', async () => {
    const { h, page, errors } = ui;
    await page.goto(`${h.parley.url}/settings`);
    const section = page.locator('[data-testid=stripe-settings]');
    await section.waitFor();
    await section.locator('#stripe-key').fill('sk_live_rejected');
    await section.locator('#stripe-whsec').fill(WEBHOOK_SECRET);
    await section.locator('button:has-text("Connect Stripe")').click();
    await expect.poll(() => section.innerText()).toMatch(/Stripe rejected the secret key/);
    await section.locator('#stripe-key').fill('sk_test_console');
    await section.locator('button:has-text("Connect Stripe")').click();
    await expect.poll(() => section.innerText()).toMatch(/Connected to acct_\w+ with sk_test_…sole/);
    expect(await section.innerText()).toContain(`/webhooks/stripe/${h.parley.credentials!.accountId}`);
    await page.screenshot({ path: join(tmpdir(), 'parley-payments-settings.png'), fullPage: true });

    // A paid request, made through the API and Stripe's (signed) event.
    const channel = await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'Chat', config: { outboundUrl: mw.url, secret: BYOC_SECRET } } })).json();
    const body = { type: 'message', externalMessageId: 'in-1', externalConversationId: 'c1', sender: { externalId: 'cust-1', name: 'Ana' }, text: 'hi', timestamp: Date.now() };
    const { caseIds: [caseId] } = await (await fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers: signByocRequest(BYOC_SECRET, body), body: JSON.stringify(body) })).json();
    const created = await (await h.api(`/api/v1/cases/${caseId}/payments`, { method: 'POST', json: { amount: 4999, currency: 'usd', description: 'Blue jacket' } })).json();
    const payment = await eventually(async () => { const p = await (await h.api(`/api/v1/payments/${created.id}`)).json(); return p.status === 'awaiting_payment' ? p : null; }, 30_000, 100);
    const sender = stripeWebhookSender(`${h.parley.url}/webhooks/stripe/${h.parley.credentials!.accountId}`, WEBHOOK_SECRET);
    await sender.send(checkoutEvent({ type: 'checkout.session.completed', sessionId: payment.stripeSessionId, metadata: { paymentId: payment.id, caseId, accountId: h.parley.credentials!.accountId }, paymentIntentId: 'pi_console' }));
    await eventually(async () => (await (await h.api(`/api/v1/payments/${created.id}`)).json()).status === 'paid', 30_000, 100);

    await page.goto(`${h.parley.url}/payments`);
    const row = page.locator(`tr[data-payment="${payment.id}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Blue jacket[\s\S]*\$49\.99[\s\S]*Paid/);
    await row.click();
    const drawer = page.locator('aside[aria-label=Payment]');
    await expect.poll(() => drawer.locator('[data-testid=payment-timeline]').innerText()).toMatch(/Awaiting payment → Paid \(Stripe event evt_/);
    await drawer.locator('#refund-amount').fill('10');
    await drawer.locator('#refund-reason').fill('late delivery');
    await drawer.locator('button:has-text("Refund $10.00")').click();
    await expect.poll(() => drawer.innerText()).toMatch(/Partly refunded/);
    expect(await drawer.innerText()).toMatch(/\$10\.00 · succeeded · late delivery/);
    await page.screenshot({ path: join(tmpdir(), 'parley-payments-drawer.png') });
    expect((await (await h.api(`/api/v1/payments/${created.id}`)).json()).refundedAmount).toBe(1000);
    expect(errors.filter((e) => !/422|Unprocessable/.test(e))).toEqual([]);
  });
});
