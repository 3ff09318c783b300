// The payments flow's activities (registered on the case worker, workflows/worker.ts). Failures a
// retry cannot fix (Stripe refused the request, the channel refused the link) are non-retryable:
// the workflow turns them into the payment's outcome.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { createCheckoutSession, createRefund, expireCheckoutSession, PaymentSetupError } from '../../engine/payments/checkout';
import { notePaymentEvent, recordPaymentChange, sendPaymentLink, type PaymentOutcomeDeps } from '../../engine/payments/payment-outcome';
import type { FlowActivityDeps } from '../flow-activity-deps';
import { commandDeps } from '../rules/actions/rule-action-deps';
import type { PaymentActivities } from './contract';

/** A refusal stops retries at once; transient trouble is retried by the activity's policy. */
async function refusalsFinal<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PaymentSetupError && !err.retryable) throw ApplicationFailure.nonRetryable(err.message, 'PaymentSetupRefused');
    throw err;
  }
}

export function createPaymentsActivities(deps: FlowActivityDeps): PaymentActivities {
  const outcomeDeps = (): PaymentOutcomeDeps => ({
    db: deps.db, channels: deps.channels, commands: commandDeps(deps),
    scheduledAt: Context.current().info.scheduledTimestampMs,
  });
  return {
    createCheckoutSession: (paymentId) => refusalsFinal(() => createCheckoutSession(deps, paymentId)),
    sendPaymentLink: (paymentId) => refusalsFinal(() => sendPaymentLink(outcomeDeps(), paymentId)),
    expireCheckoutSession: (paymentId) => refusalsFinal(() => expireCheckoutSession(deps, paymentId)),
    createRefund: (paymentId, refund) => refusalsFinal(() => createRefund(deps, paymentId, refund)),
    recordPaymentChange: (paymentId, change) => recordPaymentChange(outcomeDeps(), paymentId, change),
    notePaymentEvent: async (paymentId, note) => notePaymentEvent(deps.db, paymentId, note),
  };
}
