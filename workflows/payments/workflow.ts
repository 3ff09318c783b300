// One durable workflow per payment request: create the Stripe Checkout Session, send its link into
// the case, then wait for Stripe's webhook (a signal) or the link's own expiry timer; report the
// outcome on the case; take refunds (an Update) while the payment is refundable. Every state change
// goes through the pure payment machine, so duplicate and out-of-order Stripe events change nothing.
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { createLock } from '../case/lock';
import type { PaymentActivities, PaymentChange, PaymentView, PaymentWorkflowInput, StripeCheckoutSignal } from './contract';
import {
  applyPaymentEvent,
  CANCELLABLE_STATUSES,
  createPaymentSnapshot,
  FINAL_PAYMENT_STATUSES,
  paymentStatusOf,
  refundRefusal,
  type PaymentEvent,
} from './machine';
import { cancelUpdate, paymentStateQuery, refundUpdate, stripeCheckoutSignal } from './messages';

/** Paid payments stay refundable through the workflow this long (Stripe refunds card payments for ~180 days). */
export const DEFAULT_REFUND_WINDOW_MS = 180 * 24 * 60 * 60 * 1000;

// Database writes retry until they land: the mirror must end up matching the workflow.
const { recordPaymentChange, notePaymentEvent } = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Calls to Stripe: a few tries (the SDK sends the same idempotency key), then the failure is the outcome.
const { createCheckoutSession, expireCheckoutSession, createRefund, sendPaymentLink } = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '45 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '20 seconds', maximumAttempts: 5 },
});

export const PAYMENT_REFUSED = 'PaymentRefused';

const messageOf = (err: unknown): string => {
  const e = err as { cause?: { message?: string }; message?: string };
  return e?.cause?.message ?? e?.message ?? String(err);
};

function toMachineEvent(signal: StripeCheckoutSignal): PaymentEvent {
  switch (signal.type) {
    case 'checkout.session.completed':
      return { type: 'CHECKOUT_COMPLETED', sessionId: signal.sessionId, paymentStatus: signal.paymentStatus ?? null, paymentIntentId: signal.paymentIntentId ?? null };
    case 'checkout.session.async_payment_succeeded':
      return { type: 'ASYNC_SUCCEEDED', sessionId: signal.sessionId, paymentIntentId: signal.paymentIntentId ?? null };
    case 'checkout.session.async_payment_failed':
      return { type: 'ASYNC_FAILED', sessionId: signal.sessionId };
    case 'checkout.session.expired':
      return { type: 'SESSION_EXPIRED', sessionId: signal.sessionId };
  }
}

export async function paymentWorkflow(input: PaymentWorkflowInput): Promise<PaymentView> {
  const { paymentId } = input;
  let snapshot = createPaymentSnapshot({ amount: input.amount, expiresAt: input.expiresAt });
  const seenEvents = new Set<string>();
  const inbox: StripeCheckoutSignal[] = [];
  const withLock = createLock();
  let revision = 0;

  const status = () => paymentStatusOf(snapshot);
  const view = (): PaymentView => ({ status: status(), amount: input.amount, refundedAmount: snapshot.context.refundedAmount });
  const isFinal = () => FINAL_PAYMENT_STATUSES.includes(status());

  /** Applies one event; mirrors and reports it when it changed anything. Only under the lock. */
  async function apply(event: PaymentEvent, cause: string, extra: Partial<PaymentChange> = {}): Promise<boolean> {
    const from = status();
    const next = applyPaymentEvent(snapshot, event);
    if (next === snapshot) return false;
    snapshot = next;
    revision++;
    const { refundedAmount, failureReason, paymentIntentId } = snapshot.context;
    await recordPaymentChange(paymentId, { from, to: status(), cause, refundedAmount, failureReason, paymentIntentId, ...extra });
    return true;
  }

  /** Applies the Stripe events received so far, in arrival order. Only under the lock. */
  async function drainInbox() {
    for (let signal = inbox.shift(); signal; signal = inbox.shift()) {
      const applied = await apply(toMachineEvent(signal), signal.eventId);
      if (!applied) {
        // Duplicate, late or out of order: harmless, and visible on the payment's timeline.
        await notePaymentEvent(paymentId, { type: 'stripe_event_ignored', detail: { eventId: signal.eventId, eventType: signal.type, status: status() } });
      }
    }
  }

  setHandler(stripeCheckoutSignal, (signal) => {
    if (seenEvents.has(signal.eventId)) return;
    seenEvents.add(signal.eventId);
    inbox.push(signal);
  });
  setHandler(paymentStateQuery, view);

  const refuse = (reason: string | null) => {
    if (reason) throw ApplicationFailure.nonRetryable(reason, PAYMENT_REFUSED);
  };
  setHandler(refundUpdate, (request) => withLock(async () => {
    await drainInbox();
    refuse(refundRefusal(snapshot, request.amount));
    let result: { stripeRefundId: string; status: string };
    try {
      result = await createRefund(paymentId, request);
    } catch (err) {
      throw ApplicationFailure.nonRetryable(`Stripe did not make the refund: ${messageOf(err)}`, PAYMENT_REFUSED);
    }
    await apply({ type: 'REFUNDED', amount: request.amount }, request.refundId, { refund: { refundId: request.refundId, amount: request.amount }, by: request.by });
    return { refundId: request.refundId, ...result, view: view() };
  }), { validator: (request) => refuse(refundRefusal(snapshot, request.amount)) });

  const cancelRefusal = () => (CANCELLABLE_STATUSES.includes(status()) ? null : `Only a request not paid yet can be cancelled; this one is ${status().replace('_', ' ')}.`);
  setHandler(cancelUpdate, async (request) => {
    // A request being created is cancelled once its session exists (so the session can be closed too).
    await condition(() => status() !== 'creating');
    return withLock(async () => {
      await drainInbox();
      refuse(cancelRefusal());
      const closed = await expireCheckoutSession(paymentId);
      refuse(closed.completed ? 'The customer has already completed the checkout: wait for Stripe to confirm the payment, then refund it if needed.' : null);
      await apply({ type: 'CANCEL' }, 'cancel', { by: request.by });
      return view();
    });
  }, { validator: (_request) => refuse(cancelRefusal()) });

  // 1. The Checkout Session, then its link in the case thread.
  let created: { sessionId: string } | null = null;
  try {
    created = await createCheckoutSession(paymentId);
  } catch (err) {
    await withLock(() => apply({ type: 'CREATE_FAILED', reason: `Stripe did not create the checkout: ${messageOf(err)}` }, 'stripe'));
  }
  if (created) {
    try {
      await sendPaymentLink(paymentId);
      await withLock(() => apply({ type: 'SESSION_CREATED', sessionId: created!.sessionId }, 'link_sent'));
    } catch (err) {
      await withLock(async () => {
        await apply({ type: 'LINK_FAILED', reason: `The payment link could not be sent: ${messageOf(err)}` }, 'link');
        // Nobody can pay a link they never got: close it at Stripe too.
        await expireCheckoutSession(paymentId).catch(() => undefined);
      });
    }
  }

  // 2. Wait for Stripe, the expiry timer, a cancel or refunds.
  const refundUntil = () => Date.now() + (input.refundWindowMs ?? DEFAULT_REFUND_WINDOW_MS);
  let refundDeadline: number | null = null;
  let expiryHandled = false;
  for (;;) {
    await withLock(drainInbox);
    if (isFinal()) break;
    const seen = revision;
    const woken = () => inbox.length > 0 || revision !== seen;
    const state = status();
    if (state === 'awaiting_payment' && !expiryHandled) {
      const remaining = input.expiresAt - Date.now();
      if (remaining > 0 && (await condition(woken, remaining))) continue;
      await withLock(async () => {
        await drainInbox();
        if (status() !== 'awaiting_payment') return;
        // Close the session at Stripe first: if the customer paid at the last moment, Stripe's event decides.
        const closed = await expireCheckoutSession(paymentId);
        if (closed.completed) expiryHandled = true;
        else await apply({ type: 'TIMER_EXPIRED', at: Date.now() }, 'timer');
      });
    } else if (state === 'paid' || state === 'partially_refunded') {
      refundDeadline ??= refundUntil();
      const remaining = refundDeadline - Date.now();
      if (remaining <= 0 || !(await condition(woken, remaining))) break;
    } else {
      // processing (a delayed payment method), or a completed checkout whose event is on its way.
      await condition(woken);
    }
  }
  // A refund or cancel still running finishes before the workflow does.
  await condition(allHandlersFinished);
  return view();
}
