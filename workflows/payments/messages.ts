// The payment workflow's signal, updates and query, shared by the workflow and its callers
// (the Stripe webhook, the payments API).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CancelRequest, PaymentView, RefundRequest, StripeCheckoutSignal } from './contract';

/** A verified Stripe checkout.session.* event for this payment; deduplicated by event id inside too. */
export const stripeCheckoutSignal = defineSignal<[StripeCheckoutSignal]>('stripeCheckout');
/** Refunds part or all of a paid payment; the validator refuses what the state does not allow. */
export const refundUpdate = defineUpdate<{ refundId: string; stripeRefundId: string; status: string; view: PaymentView }, [RefundRequest]>('refund');
/** Cancels a request not paid yet (the Checkout Session is expired at Stripe first). */
export const cancelUpdate = defineUpdate<PaymentView, [CancelRequest]>('cancel');
export const paymentStateQuery = defineQuery<PaymentView>('paymentState');
