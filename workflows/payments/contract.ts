// The payment workflow's contract with its callers (API, rule action, Stripe webhook) and its
// activities. One workflow per payment request; its id derives from the payment id, so the webhook
// and the API find it without a lookup.
import type { PaymentStatus } from './machine';

export const paymentWorkflowId = (paymentId: string) => `payment-${paymentId}`;

export interface PaymentWorkflowInput {
  paymentId: string;
  accountId: string;
  caseId: string;
  amount: number;
  /** ms since epoch: the link expires then (the workflow's timer). */
  expiresAt: number;
  /** How long a paid payment stays refundable through the workflow (default 180 days). */
  refundWindowMs?: number;
}

/** What the Stripe webhook tells the workflow (checkout.session.* events, already verified). */
export interface StripeCheckoutSignal {
  eventId: string;
  type: 'checkout.session.completed' | 'checkout.session.async_payment_succeeded' | 'checkout.session.async_payment_failed' | 'checkout.session.expired';
  sessionId: string;
  /** checkout.session.completed: `paid`, `unpaid` (a delayed method is still processing) or `no_payment_required`. */
  paymentStatus?: string | null;
  paymentIntentId?: string | null;
  /** Stripe's `created` of the event, ms. */
  at: number;
}

export interface RefundRequest {
  /** The refund's id: the Stripe idempotency key, so a retried request refunds once. */
  refundId: string;
  amount: number;
  reason?: string;
  by?: string;
}

export interface CancelRequest {
  by?: string;
}

export interface PaymentView {
  status: PaymentStatus;
  amount: number;
  refundedAmount: number;
}

/** A change the workflow made that the activities mirror to the database and report on the case. */
export interface PaymentChange {
  from: PaymentStatus;
  to: PaymentStatus;
  /** The event that caused it, for the payment timeline: a Stripe event id, `timer`, `api`, … */
  cause: string;
  refundedAmount: number;
  failureReason?: string | null;
  paymentIntentId?: string | null;
  /** The refund that caused a refunded / partially_refunded change. */
  refund?: { refundId: string; amount: number };
  by?: string;
}

export interface PaymentActivities {
  createCheckoutSession(paymentId: string): Promise<{ sessionId: string; url: string }>;
  sendPaymentLink(paymentId: string): Promise<{ messageId: string }>;
  /** Closes the session at Stripe; `completed` when the customer had already paid (nothing to expire). */
  expireCheckoutSession(paymentId: string): Promise<{ expired: boolean; completed: boolean }>;
  createRefund(paymentId: string, refund: RefundRequest): Promise<{ stripeRefundId: string; status: string }>;
  /** Mirrors a change and reports it: payment row and timeline, case timeline, message, tags / status, rule event. */
  recordPaymentChange(paymentId: string, change: PaymentChange): Promise<void>;
  /** A Stripe event the machine did not apply (duplicate, late, out of order): kept on the payment's timeline. */
  notePaymentEvent(paymentId: string, note: { type: string; detail: Record<string, unknown> }): Promise<void>;
}
