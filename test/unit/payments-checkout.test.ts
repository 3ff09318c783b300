// The pure parts of a payment request's Stripe side and its message: the Checkout Session
// parameters (line items, metadata tying it to the case, expiry within Stripe's bounds and stable
// across retries) and the link's form per channel (URL button, rich link, plain link).
import { describe, expect, it } from 'vitest';
import { getManifest } from '../../connectors/manifests';
import { checkoutSessionParams, sessionExpiresAt } from '../../engine/payments/checkout';
import { paymentLinkMessage, paymentMessageId, paymentOutcomeText } from '../../engine/payments/payment-messages';
import type { PaymentRow } from '../../engine/payments/payment-store';

const MIN = 60_000;
const created = Date.UTC(2026, 10, 27, 10, 0);
const row = (over: Partial<PaymentRow> = {}): PaymentRow => ({
  id: 'pay_1', accountId: 'acct_1', caseId: 'case_1', status: 'creating', amount: 2250, currency: 'eur', description: 'Order 42',
  lineItems: null, onPaid: null, requestedBy: { type: 'agent', id: 'u1' }, expiresAt: created + 60 * MIN,
  stripeSessionId: null, checkoutUrl: null, paymentIntentId: null, linkMessageId: null, refundedAmount: 0, failureReason: null,
  paidAt: null, createdAt: created, updatedAt: created, ...over,
});

describe('Checkout Session parameters', () => {
  it('tie the session to the case and the payment, one line for the whole amount by default', () => {
    const params = checkoutSessionParams(row(), null);
    expect(params).toMatchObject({
      mode: 'payment', client_reference_id: 'case_1',
      metadata: { accountId: 'acct_1', caseId: 'case_1', paymentId: 'pay_1' },
      payment_intent_data: { metadata: { accountId: 'acct_1', caseId: 'case_1', paymentId: 'pay_1' } },
      line_items: [{ quantity: 1, price_data: { currency: 'eur', unit_amount: 2250, product_data: { name: 'Order 42' } } }],
      expires_at: Math.floor((created + 60 * MIN) / 1000),
    });
    expect(params).not.toHaveProperty('success_url');
    expect(checkoutSessionParams(row(), 'https://shop.example/thanks').success_url).toBe('https://shop.example/thanks');
  });

  it('itemise line items', () => {
    const items = [{ name: 'Shirt', unitAmount: 1000, quantity: 2 }, { name: 'Shipping', unitAmount: 250, quantity: 1 }];
    expect(checkoutSessionParams(row({ lineItems: items }), null).line_items).toEqual([
      { quantity: 2, price_data: { currency: 'eur', unit_amount: 1000, product_data: { name: 'Shirt' } } },
      { quantity: 1, price_data: { currency: 'eur', unit_amount: 250, product_data: { name: 'Shipping' } } },
    ]);
  });

  it('keep expires_at within Stripe\'s 30 min – 24 h from creation, from the row (so a retry sends the same)', () => {
    // A test's 3-second link: Stripe still gets its minimum (plus room for the request); the workflow's timer expires it.
    expect(sessionExpiresAt(row({ expiresAt: created + 3_000 }))).toBe(Math.floor((created + 35 * MIN) / 1000));
    expect(sessionExpiresAt(row({ expiresAt: created + 25 * 60 * MIN }))).toBe(Math.floor((created + 24 * 60 * MIN) / 1000));
    expect(sessionExpiresAt(row())).toBe(sessionExpiresAt(row()));
  });
});

describe('payment link message', () => {
  const facts = { amount: 1250, currency: 'eur', description: 'Order 42', url: 'https://checkout.stripe.com/c/pay/cs_test_1', expiresAt: created + 60 * MIN };
  const caps = (type: string) => getManifest(type)!.capabilities.richContent;

  it('is a URL button where the channel has buttons, with the link in the text too', () => {
    const reply = paymentLinkMessage(facts, caps('byoc'));
    expect(reply.content.content).toMatchObject({ type: 'buttons', buttons: [{ title: 'Pay €12.50', action: { type: 'url', url: facts.url } }] });
    expect(reply.text).toContain(facts.url);
    expect(reply.text).toContain('until 2026-11-27 11:00 UTC');
  });

  it('is a plain link on a text-only channel', () => {
    const reply = paymentLinkMessage(facts, caps('sms'));
    expect(reply.content.content).toMatchObject({ type: 'text' });
    expect(reply.text).toMatch(/Payment request: Order 42 — €12.50\..*\nhttps:\/\/checkout\.stripe\.com/s);
  });

  it('is a rich link where the channel has rich links but no buttons', () => {
    const reply = paymentLinkMessage(facts, [{ type: 'richLink', level: 'native' }]);
    expect(reply.content.content).toMatchObject({ type: 'richLink', url: facts.url, title: 'Pay €12.50: Order 42' });
  });

  it('outcome texts and stable message ids', () => {
    expect(paymentOutcomeText('paid', facts)).toBe('Payment received: €12.50 for Order 42. Thank you!');
    expect(paymentOutcomeText('refund', { ...facts, refundAmount: 500 })).toMatch(/refund of €5.00/);
    expect(paymentMessageId('pay_1', 'link', created)).toBe(paymentMessageId('pay_1', 'link', created));
    expect(paymentMessageId('pay_1', 'link', created)).not.toBe(paymentMessageId('pay_1', 'paid:', created));
    expect(paymentMessageId('pay_1', 'link', created)).toMatch(/^msg_[0-9a-z]{9}zzz[0-9a-f]{12}$/);
  });
});
