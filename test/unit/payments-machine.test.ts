// The payment machine's transitions, evaluated purely: the happy path, delayed payment methods,
// expiry by webhook or timer, cancellation, refunds, and events that arrive twice, late or out of
// order (which must leave the state as it is).
import { describe, expect, it } from 'vitest';
import {
  applyPaymentEvent,
  createPaymentSnapshot,
  paymentStatusOf,
  refundRefusal,
  type PaymentEvent,
  type PaymentSnapshot,
} from '../../workflows/payments/machine';

const EXPIRES = 1_000_000;
const S = 'cs_test_1';

function run(...events: PaymentEvent[]): PaymentSnapshot {
  return events.reduce(applyPaymentEvent, createPaymentSnapshot({ amount: 1250, expiresAt: EXPIRES }));
}
const created: PaymentEvent = { type: 'SESSION_CREATED', sessionId: S };
const completed = (paymentStatus = 'paid', sessionId = S): PaymentEvent => ({ type: 'CHECKOUT_COMPLETED', sessionId, paymentStatus, paymentIntentId: 'pi_1' });
const expired: PaymentEvent = { type: 'SESSION_EXPIRED', sessionId: S };

describe('payment machine', () => {
  it('starts creating and waits for payment once the Checkout Session exists', () => {
    expect(paymentStatusOf(run())).toBe('creating');
    const s = run(created);
    expect(paymentStatusOf(s)).toBe('awaiting_payment');
    expect(s.context.sessionId).toBe(S);
  });

  it('a completed, paid checkout is paid and keeps the payment intent', () => {
    const s = run(created, completed());
    expect(paymentStatusOf(s)).toBe('paid');
    expect(s.context.paymentIntentId).toBe('pi_1');
    expect(paymentStatusOf(run(created, completed('no_payment_required')))).toBe('paid');
  });

  it('a delayed payment method goes through processing to paid or failed', () => {
    expect(paymentStatusOf(run(created, completed('unpaid')))).toBe('processing');
    expect(paymentStatusOf(run(created, completed('unpaid'), { type: 'ASYNC_SUCCEEDED', sessionId: S, paymentIntentId: 'pi_1' }))).toBe('paid');
    const failed = run(created, completed('unpaid'), { type: 'ASYNC_FAILED', sessionId: S });
    expect(paymentStatusOf(failed)).toBe('failed');
    expect(failed.context.failureReason).toMatch(/declined or failed/);
  });

  it('expires by Stripe\'s event or by its own timer, but not before the deadline', () => {
    expect(paymentStatusOf(run(created, expired))).toBe('expired');
    expect(paymentStatusOf(run(created, { type: 'TIMER_EXPIRED', at: EXPIRES }))).toBe('expired');
    expect(paymentStatusOf(run(created, { type: 'TIMER_EXPIRED', at: EXPIRES - 1 }))).toBe('awaiting_payment');
  });

  it('ignores events that do not apply: a late expired after paid, a duplicate completed, another session', () => {
    // Out of order: `expired` delivered after `completed` changes nothing.
    const paid = run(created, completed());
    expect(applyPaymentEvent(paid, expired)).toBe(paid);
    expect(applyPaymentEvent(paid, { type: 'TIMER_EXPIRED', at: EXPIRES + 1 })).toBe(paid);
    // Duplicate delivery of the same event.
    expect(applyPaymentEvent(paid, completed())).toBe(paid);
    // A completed for another (older) session does not pay this request.
    const waiting = run(created);
    expect(paymentStatusOf(applyPaymentEvent(waiting, completed('paid', 'cs_other')))).toBe('awaiting_payment');
    // `completed` after `expired` cannot revive an expired request.
    const gone = run(created, expired);
    expect(paymentStatusOf(applyPaymentEvent(gone, completed()))).toBe('expired');
    // async_payment_succeeded first, then the (late) completed(unpaid): stays paid.
    const early = run(created, { type: 'ASYNC_SUCCEEDED', sessionId: S, paymentIntentId: 'pi_1' });
    expect(paymentStatusOf(applyPaymentEvent(early, completed('unpaid')))).toBe('paid');
  });

  it('cancels only before payment; failures while creating or sending keep their reason', () => {
    expect(paymentStatusOf(run({ type: 'CANCEL' }))).toBe('cancelled');
    expect(paymentStatusOf(run(created, { type: 'CANCEL' }))).toBe('cancelled');
    expect(paymentStatusOf(run(created, completed(), { type: 'CANCEL' }))).toBe('paid');
    const failed = run({ type: 'CREATE_FAILED', reason: 'Invalid API key' });
    expect([paymentStatusOf(failed), failed.context.failureReason]).toEqual(['failed', 'Invalid API key']);
    expect(paymentStatusOf(run({ type: 'LINK_FAILED', reason: 'reply window closed' }))).toBe('failed');
  });

  it('refunds partially, then fully; never more than what is left', () => {
    const paid = run(created, completed());
    expect(refundRefusal(paid, 2000)).toMatch(/At most 1250/);
    expect(refundRefusal(paid, 0)).toMatch(/positive integer/);
    expect(refundRefusal(paid, 1.5)).toMatch(/positive integer/);
    const part = applyPaymentEvent(paid, { type: 'REFUNDED', amount: 500 });
    expect([paymentStatusOf(part), part.context.refundedAmount]).toEqual(['partially_refunded', 500]);
    expect(refundRefusal(part, 751)).toMatch(/At most 750/);
    // An over-refund event is not applied.
    expect(applyPaymentEvent(part, { type: 'REFUNDED', amount: 751 })).toBe(part);
    const all = applyPaymentEvent(part, { type: 'REFUNDED', amount: 750 });
    expect([paymentStatusOf(all), all.context.refundedAmount]).toEqual(['refunded', 1250]);
    expect(refundRefusal(all, 1)).toMatch(/Only a paid payment/);
    expect(refundRefusal(run(created), 100)).toMatch(/awaiting payment/);
  });
});
