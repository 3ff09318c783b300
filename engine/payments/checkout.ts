// The Stripe side of a payment request: create its Checkout Session (idempotency key = the
// payment's id), expire it, refund it (idempotency key = the refund's id). Each call is safe to
// retry: Stripe answers a repeated idempotency key with the first answer.
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from '../db/open-database';
import { paymentRefunds, payments } from '../db/schema-payments';
import type { SecretBox } from '../security/secret-box';
import { getStripeConnection } from './stripe-connection-store';
import { stripeClient, stripeErrorMessage } from './stripe-client';
import { getPaymentRow, type PaymentRow } from './payment-store';

/** Stripe's bounds for a session's expires_at, measured from when the session is created. */
const STRIPE_MIN_EXPIRY_MS = 30 * 60_000;
const STRIPE_MAX_EXPIRY_MS = 24 * 60 * 60_000;
/** Room for the request to reach Stripe (and for a retry) after the row was created. */
const SLACK_MS = 5 * 60_000;

export class PaymentSetupError extends Error {
  constructor(message: string, readonly retryable = false) { super(message); this.name = 'PaymentSetupError'; }
}

interface Deps { db: Db; box: SecretBox }

function clientFor(deps: Deps, row: PaymentRow) {
  const connection = getStripeConnection(deps.db, deps.box, row.accountId);
  if (!connection) throw new PaymentSetupError('Stripe is not connected for this account (Settings → Payments).');
  return { stripe: stripeClient({ secretKey: connection.secretKey, apiBaseUrl: connection.apiBaseUrl }), connection };
}

function requireRow(deps: Deps, paymentId: string): PaymentRow {
  const row = getPaymentRow(deps.db, paymentId);
  if (!row) throw new PaymentSetupError(`Payment ${paymentId} does not exist.`);
  return row;
}

/**
 * The session's expires_at (seconds). Stripe wants 30 min – 24 h from creation; the link's own end
 * (which the workflow's timer enforces by expiring the session) may be earlier under a test minimum.
 * Derived from the row, not the clock, so a retry sends the same parameters with the same key.
 */
export function sessionExpiresAt(row: Pick<PaymentRow, 'createdAt' | 'expiresAt'>): number {
  const ms = Math.min(Math.max(row.expiresAt, row.createdAt + STRIPE_MIN_EXPIRY_MS + SLACK_MS), row.createdAt + STRIPE_MAX_EXPIRY_MS);
  return Math.floor(ms / 1000);
}

export function checkoutSessionParams(row: PaymentRow, successUrl: string | null): Stripe.Checkout.SessionCreateParams {
  const metadata = { accountId: row.accountId, caseId: row.caseId, paymentId: row.id };
  const lineItems = row.lineItems?.length
    ? row.lineItems.map((item) => ({ quantity: item.quantity, price_data: { currency: row.currency, unit_amount: item.unitAmount, product_data: { name: item.name } } }))
    : [{ quantity: 1, price_data: { currency: row.currency, unit_amount: row.amount, product_data: { name: row.description } } }];
  return {
    mode: 'payment',
    client_reference_id: row.caseId,
    metadata,
    // The PaymentIntent (and so refunds and the Dashboard) carries the same ties to Parley.
    payment_intent_data: { metadata, description: row.description },
    line_items: lineItems,
    expires_at: sessionExpiresAt(row),
    ...(successUrl ? { success_url: successUrl } : {}),
  };
}

export async function createCheckoutSession(deps: Deps, paymentId: string): Promise<{ sessionId: string; url: string }> {
  const row = requireRow(deps, paymentId);
  if (row.stripeSessionId && row.checkoutUrl) return { sessionId: row.stripeSessionId, url: row.checkoutUrl };
  const { stripe, connection } = clientFor(deps, row);
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.create(checkoutSessionParams(row, connection.successUrl), { idempotencyKey: row.id });
  } catch (err) {
    throw new PaymentSetupError(stripeErrorMessage(err), isRetryable(err));
  }
  if (!session.url) throw new PaymentSetupError('Stripe created the session without a checkout URL.');
  deps.db.update(payments).set({ stripeSessionId: session.id, checkoutUrl: session.url, updatedAt: Date.now() }).where(eq(payments.id, paymentId)).run();
  return { sessionId: session.id, url: session.url };
}

/** Expires the session at Stripe. `completed`: the customer already paid, there is nothing to expire. */
export async function expireCheckoutSession(deps: Deps, paymentId: string): Promise<{ expired: boolean; completed: boolean }> {
  const row = requireRow(deps, paymentId);
  if (!row.stripeSessionId) return { expired: false, completed: false };
  const { stripe } = clientFor(deps, row);
  try {
    const session = await stripe.checkout.sessions.expire(row.stripeSessionId);
    return { expired: true, completed: session.status === 'complete' };
  } catch (err) {
    if (isRetryable(err)) throw new PaymentSetupError(stripeErrorMessage(err), true);
    // Stripe refuses to expire a session that is not open: find out whether it was paid.
    const session = await stripe.checkout.sessions.retrieve(row.stripeSessionId).catch(() => null);
    return { expired: session?.status === 'expired', completed: session?.status === 'complete' };
  }
}

export async function createRefund(deps: Deps, paymentId: string, refund: { refundId: string; amount: number; reason?: string; by?: string }) {
  const row = requireRow(deps, paymentId);
  if (!row.paymentIntentId) throw new PaymentSetupError('Stripe has not told Parley which PaymentIntent paid this request, so it cannot be refunded here (use the Stripe Dashboard).');
  const now = Date.now();
  deps.db.insert(paymentRefunds).values({
    id: refund.refundId, accountId: row.accountId, paymentId, amount: refund.amount, reason: refund.reason ?? null,
    status: 'pending', requestedBy: refund.by ?? null, createdAt: now,
  }).onConflictDoNothing().run();
  const { stripe } = clientFor(deps, row);
  try {
    const made = await stripe.refunds.create({
      payment_intent: row.paymentIntentId, amount: refund.amount,
      metadata: { accountId: row.accountId, caseId: row.caseId, paymentId, refundId: refund.refundId },
    }, { idempotencyKey: refund.refundId });
    deps.db.update(paymentRefunds).set({ stripeRefundId: made.id, status: made.status === 'failed' ? 'failed' : 'succeeded' }).where(eq(paymentRefunds.id, refund.refundId)).run();
    return { stripeRefundId: made.id, status: made.status ?? 'pending' };
  } catch (err) {
    if (isRetryable(err)) throw new PaymentSetupError(stripeErrorMessage(err), true);
    deps.db.update(paymentRefunds).set({ status: 'failed' }).where(eq(paymentRefunds.id, refund.refundId)).run();
    throw new PaymentSetupError(stripeErrorMessage(err));
  }
}

/** Network trouble, rate limits and Stripe's own 5xx are worth another try; refusals are not. */
function isRetryable(err: unknown): boolean {
  const e = err as { type?: string; statusCode?: number };
  return e?.type === 'StripeConnectionError' || e?.type === 'StripeRateLimitError' || e?.type === 'StripeAPIError' || (e?.statusCode ?? 0) >= 500;
}
