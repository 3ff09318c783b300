// The payment workflow against Temporal's time-skipping test server, with fake activities that
// record when they ran (in workflow time): a link nobody pays expires on the workflow's own timer
// at its real expiry (24 h here) and the session is closed at Stripe then; a paid request stays
// open for refunds for its refund window, then its workflow ends — a day and months skipped in seconds.
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping';
import { paymentWorkflowId, type PaymentActivities } from '../../workflows/payments/contract';
import { stripeCheckoutSignal } from '../../workflows/payments/messages';
import { paymentWorkflow } from '../../workflows/payments/workflow';

const workflowsPath = fileURLToPath(new URL('../../workflows/payments/index.ts', import.meta.url));
const taskQueue = `payment-expiry-test-${Date.now()}`;
const HOUR = 3_600_000;

const calls: { paymentId: string; name: string; at: number; arg?: unknown }[] = [];
const scheduledAt = () => Context.current().info.scheduledTimestampMs;
const record = (paymentId: string, name: string, arg?: unknown) => calls.push({ paymentId, name, at: scheduledAt(), arg });

const activities: PaymentActivities = {
  async createCheckoutSession(paymentId) { record(paymentId, 'createCheckoutSession'); return { sessionId: `cs_${paymentId}`, url: 'https://checkout.stripe.test/s' }; },
  async sendPaymentLink(paymentId) { record(paymentId, 'sendPaymentLink'); return { messageId: `msg_${paymentId}` }; },
  async expireCheckoutSession(paymentId) { record(paymentId, 'expireCheckoutSession'); return { expired: true, completed: false }; },
  async createRefund(paymentId) { record(paymentId, 'createRefund'); return { stripeRefundId: 're_1', status: 'succeeded' }; },
  async recordPaymentChange(paymentId, change) { record(paymentId, `change:${change.to}`, change); },
  async notePaymentEvent(paymentId, note) { record(paymentId, `note:${note.type}`); },
};

let ts: TimeSkipping;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  ts = await startTimeSkipping({ workflowsPath, taskQueue, activities });
  env = ts.env;
}, 120_000);

afterAll(async () => {
  await ts?.stop();
});

describe('payment expiry and refund window on durable timers', () => {
  it('an unpaid link expires at its expiry time: the session is closed at Stripe and the case told', async () => {
    const paymentId = `pay_exp_${Date.now()}`;
    const now = await env.currentTimeMs();
    const expiresAt = now + 24 * HOUR;
    const handle = await env.client.workflow.start(paymentWorkflow, {
      workflowId: paymentWorkflowId(paymentId), taskQueue, args: [{ paymentId, accountId: 'acct_1', caseId: 'case_1', amount: 1250, expiresAt }],
    });
    expect((await handle.result()).status).toBe('expired');
    const mine = calls.filter((c) => c.paymentId === paymentId);
    expect(mine.map((c) => c.name)).toEqual(['createCheckoutSession', 'sendPaymentLink', 'change:awaiting_payment', 'expireCheckoutSession', 'change:expired']);
    const expired = mine.find((c) => c.name === 'expireCheckoutSession')!;
    // Closed when the link ran out (workflow time), not before.
    expect(expired.at).toBeGreaterThanOrEqual(expiresAt - 1_000);
    expect(expired.at).toBeLessThan(expiresAt + 60_000);
  });

  it('a paid request stays refundable for its window, then its workflow ends', async () => {
    const paymentId = `pay_paid_${Date.now()}`;
    const now = await env.currentTimeMs();
    const refundWindowMs = 180 * 24 * HOUR;
    const handle = await env.client.workflow.start(paymentWorkflow, {
      workflowId: paymentWorkflowId(paymentId), taskQueue, args: [{ paymentId, accountId: 'acct_1', caseId: 'case_1', amount: 900, expiresAt: now + HOUR, refundWindowMs }],
    });
    for (let i = 0; i < 200 && !calls.some((c) => c.paymentId === paymentId && c.name === 'change:awaiting_payment'); i++) await new Promise((r) => setTimeout(r, 50));
    await handle.signal(stripeCheckoutSignal, { eventId: 'evt_paid', type: 'checkout.session.completed', sessionId: `cs_${paymentId}`, paymentStatus: 'paid', paymentIntentId: 'pi_1', at: now });
    expect((await handle.result()).status).toBe('paid');
    const mine = calls.filter((c) => c.paymentId === paymentId);
    expect(mine.map((c) => c.name)).toEqual(['createCheckoutSession', 'sendPaymentLink', 'change:awaiting_payment', 'change:paid']);
    // The workflow ran on until the refund window closed.
    const ended = (await handle.describe()).closeTime!.getTime();
    const paidAt = mine.find((c) => c.name === 'change:paid')!.at;
    expect(ended - paidAt).toBeGreaterThanOrEqual(refundWindowMs - 60_000);
  });
});
