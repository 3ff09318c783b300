// A small local Stripe: builds checkout.session.* events the way Stripe sends them (an Event
// envelope around a Checkout Session) and POSTs them to Parley's webhook, signed with the SDK's
// own generateTestHeaderString — or with a wrong secret / an old timestamp for the negative cases.
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

export type CheckoutEventType =
  | 'checkout.session.completed' | 'checkout.session.async_payment_succeeded' | 'checkout.session.async_payment_failed' | 'checkout.session.expired';

export interface CheckoutEventFacts {
  type: CheckoutEventType;
  sessionId: string;
  metadata: Record<string, string>;
  clientReferenceId?: string;
  paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required';
  paymentIntentId?: string | null;
  amountTotal?: number;
  currency?: string;
  /** Defaults to a fresh evt_… id; reuse one to send a duplicate. */
  eventId?: string;
}

export function checkoutEvent(facts: CheckoutEventFacts) {
  const created = Math.floor(Date.now() / 1000);
  const status = facts.type === 'checkout.session.expired' ? 'expired' : 'complete';
  return {
    id: facts.eventId ?? `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: facts.type,
    data: {
      object: {
        id: facts.sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status,
        client_reference_id: facts.clientReferenceId ?? null,
        metadata: facts.metadata,
        payment_status: facts.paymentStatus ?? (facts.type === 'checkout.session.expired' ? 'unpaid' : 'paid'),
        payment_intent: facts.paymentIntentId === undefined ? `pi_${randomBytes(8).toString('hex')}` : facts.paymentIntentId,
        amount_total: facts.amountTotal ?? null,
        currency: facts.currency ?? null,
        livemode: false,
        created,
      },
    },
  };
}

export interface StripeWebhookSender {
  /** The Stripe-Signature header for `payload` (the SDK's test helper). */
  sign(payload: string, opts?: { secret?: string; timestamp?: number }): string;
  /** Signs `event` with `secret` (or the override) and POSTs it; returns the response. */
  send(event: object, opts?: { secret?: string; timestamp?: number; signature?: string | null; body?: string }): Promise<Response>;
}

export function stripeWebhookSender(url: string, secret: string): StripeWebhookSender {
  const sign = (payload: string, opts: { secret?: string; timestamp?: number } = {}) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? secret, ...(opts.timestamp ? { timestamp: opts.timestamp } : {}) });
  return {
    sign,
    async send(event, opts = {}) {
      const payload = opts.body ?? JSON.stringify(event, null, 2);
      const header = opts.signature !== undefined ? opts.signature : sign(payload, opts);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (header !== null) headers['stripe-signature'] = header;
      return fetch(url, { method: 'POST', headers, body: payload });
    },
  };
}
