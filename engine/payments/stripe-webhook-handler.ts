// Stripe's webhook for one account: the signature (Stripe-Signature over the raw body, checked with
// the SDK's constructEvent and the account's signing secret, 300 s tolerance) is the authentication;
// nothing is written before it verifies. Checkout events are de-duplicated by event id (a unique
// key) and signalled to the payment's workflow, whose machine ignores events that do not apply.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Db } from '../db/open-database';
import { stripeEvents } from '../db/schema-payments';
import { ParleyError } from '../errors';
import type { SecretBox } from '../security/secret-box';
import { paymentWorkflowId, type StripeCheckoutSignal } from '../../workflows/payments/contract';
import { stripeCheckoutSignal } from '../../workflows/payments/messages';
import { addPaymentEvent, getPaymentRow } from './payment-store';
import { getStripeConnection } from './stripe-connection-store';

export interface StripeWebhookDeps {
  db: Db;
  box: SecretBox;
  client: Client;
}

export const HANDLED_EVENT_TYPES: readonly StripeCheckoutSignal['type'][] = [
  'checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed', 'checkout.session.expired',
];

export type WebhookOutcome =
  | { received: true; outcome: 'signalled'; paymentId: string }
  | { received: true; outcome: 'duplicate' | 'ignored'; reason: string; paymentId?: string };

const idOf = (value: unknown): string | null => (typeof value === 'string' ? value : (value as { id?: string } | null)?.id ?? null);

export async function handleStripeWebhook(deps: StripeWebhookDeps, accountId: string, rawBody: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
  const connection = getStripeConnection(deps.db, deps.box, accountId);
  if (!connection) throw new ParleyError(404, 'stripe_not_connected', 'No Stripe connection for this account.');
  if (!signature) throw new ParleyError(400, 'missing_signature', 'The Stripe-Signature header is missing.');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, connection.webhookSecret);
  } catch (err) {
    throw new ParleyError(400, 'invalid_signature', `The Stripe signature does not verify: ${(err as Error).message}`);
  }

  if (!(HANDLED_EVENT_TYPES as readonly string[]).includes(event.type)) {
    return { received: true, outcome: 'ignored', reason: `Parley does not act on ${event.type}.` };
  }
  const session = event.data.object as Stripe.Checkout.Session;
  const paymentId = session.metadata?.paymentId;
  const payment = paymentId ? getPaymentRow(deps.db, paymentId) : undefined;
  if (!payment || payment.accountId !== accountId) {
    // A checkout that Parley did not start (a payment link, another integration): not ours.
    return { received: true, outcome: 'ignored', reason: 'The session was not created by Parley for this account.' };
  }

  const inserted = deps.db.insert(stripeEvents)
    .values({ accountId, eventId: event.id, type: event.type, paymentId: payment.id, receivedAt: Date.now() })
    .onConflictDoNothing().run();
  if (inserted.changes === 0) return { received: true, outcome: 'duplicate', reason: `Event ${event.id} was already received.`, paymentId: payment.id };

  const signal: StripeCheckoutSignal = {
    eventId: event.id, type: event.type as StripeCheckoutSignal['type'], sessionId: session.id,
    paymentStatus: session.payment_status ?? null, paymentIntentId: idOf(session.payment_intent), at: event.created * 1000,
  };
  try {
    await deps.client.connection.withDeadline(Date.now() + 10_000, () => deps.client.workflow.getHandle(paymentWorkflowId(payment.id)).signal(stripeCheckoutSignal, signal));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      // The request already ended (expired, cancelled, refunded): the event changes nothing.
      addPaymentEvent(deps.db, payment, { type: 'stripe_event_ignored', detail: { eventId: event.id, eventType: event.type, status: payment.status, reason: 'the request had already ended' } });
      return { received: true, outcome: 'ignored', reason: 'The payment request has already ended.', paymentId: payment.id };
    }
    // Not signalled: forget the event so Stripe's retry is processed.
    deps.db.delete(stripeEvents).where(and(eq(stripeEvents.accountId, accountId), eq(stripeEvents.eventId, event.id))).run();
    throw new ParleyError(503, 'temporal_unavailable', 'The payment workflow could not be reached; Stripe will retry.');
  }
  return { received: true, outcome: 'signalled', paymentId: payment.id };
}
