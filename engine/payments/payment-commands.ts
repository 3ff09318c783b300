// Requesting, refunding and cancelling a payment: the row is written here, the rest happens in the
// payment workflow (started here, with an id derived from the payment id) and its Updates.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { caseEvents } from '../db/schema';
import { payments } from '../db/schema-payments';
import { getCaseRow } from '../cases/case-queries';
import { ParleyError } from '../errors';
import { newId } from '../ids';
import type { SecretBox } from '../security/secret-box';
import type { PaymentRequest } from '../../model/payments/payment-request';
import { refundIssues } from '../../model/payments/payment-request';
import { paymentWorkflowId, type PaymentWorkflowInput } from '../../workflows/payments/contract';
import { cancelUpdate, refundUpdate } from '../../workflows/payments/messages';
import { addPaymentEvent, getPaymentRow, paymentView, requirePayment, type PaymentRow } from './payment-store';
import { requireStripeConnection } from './stripe-connection-store';

export interface PaymentCommandDeps {
  db: Db;
  box: SecretBox;
  client: Client;
  /** The case task queue: payment workflows run beside the case workflows. */
  taskQueue: string;
}

export interface RequestedBy {
  type: 'agent' | 'rule' | 'api';
  id: string | null;
  /** A rule's run facts and chain (origin), so rules triggered by the outcome stay loop-bounded. */
  detail?: Record<string, unknown>;
}

const TEMPORAL_DEADLINE_MS = 10_000;

function temporalError(err: unknown): ParleyError {
  if (err instanceof ParleyError) return err;
  return new ParleyError(503, 'temporal_unavailable', `The workflow service (Temporal) did not take the request; try again shortly. (${(err as Error).message})`);
}

/**
 * Stores the request and starts its workflow. `paymentId` may be given by the caller (a rule run
 * derives it from the run and node, so a retried action requests once); an existing one is returned.
 */
export async function requestPayment(deps: PaymentCommandDeps, accountId: string, caseId: string, request: PaymentRequest, by: RequestedBy, opts: { paymentId?: string; now?: number } = {}) {
  if (opts.paymentId) {
    const existing = getPaymentRow(deps.db, opts.paymentId);
    if (existing) {
      await startWorkflow(deps, existing);
      return paymentView(existing);
    }
  }
  const theCase = getCaseRow(deps.db, accountId, caseId);
  if (theCase.status === 'closed') {
    throw new ParleyError(409, 'case_closed', 'This case is closed, and a closed case is final: no payment can be requested in it.');
  }
  requireStripeConnection(deps.db, deps.box, accountId);
  const now = opts.now ?? Date.now();
  const row: PaymentRow = {
    id: opts.paymentId ?? newId('pay', now), accountId, caseId, status: 'creating',
    amount: request.amount, currency: request.currency, description: request.description,
    lineItems: request.lineItems, onPaid: request.onPaid, requestedBy: by,
    expiresAt: now + Math.round(request.expiresInMinutes * 60_000),
    stripeSessionId: null, checkoutUrl: null, paymentIntentId: null, linkMessageId: null,
    refundedAmount: 0, failureReason: null, paidAt: null, createdAt: now, updatedAt: now,
  };
  const facts = { paymentId: row.id, amount: row.amount, currency: row.currency, description: row.description };
  deps.db.transaction((tx) => {
    tx.insert(payments).values(row).run();
    addPaymentEvent(tx, row, { type: 'status_changed', from: null, to: 'requested', detail: { ...facts, by } }, now);
    tx.insert(caseEvents).values({
      accountId, caseId, type: 'payment', from: null, to: 'requested',
      actor: by.type === 'rule' ? `rule:${by.id}` : by.id, detail: { ...facts, ...(by.detail ? stripOrigin(by.detail) : {}) }, at: now,
    }).run();
  });
  try {
    await startWorkflow(deps, row);
  } catch (err) {
    // Nothing will create the session: say so on the request rather than leave it "creating".
    deps.db.update(payments).set({ status: 'failed', failureReason: 'The workflow service did not start the request.', updatedAt: Date.now() }).where(eq(payments.id, row.id)).run();
    throw temporalError(err);
  }
  return paymentView(row);
}

const stripOrigin = ({ origin: _origin, ...rest }: Record<string, unknown>) => rest;

async function startWorkflow(deps: PaymentCommandDeps, row: PaymentRow) {
  const input: PaymentWorkflowInput = { paymentId: row.id, accountId: row.accountId, caseId: row.caseId, amount: row.amount, expiresAt: row.expiresAt };
  try {
    await deps.client.connection.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () => deps.client.workflow.start('paymentWorkflow', {
      workflowId: paymentWorkflowId(row.id), taskQueue: deps.taskQueue, args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    }));
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    throw err;
  }
}

/** Runs an Update on the payment's workflow; the workflow's refusals become 409 with its reason. */
async function update<T>(deps: PaymentCommandDeps, row: PaymentRow, run: () => Promise<T>, field?: string): Promise<T> {
  try {
    return await deps.client.connection.withDeadline(Date.now() + 60_000, run);
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const reason = (err.cause as Error | undefined)?.message ?? err.message;
      throw new ParleyError(409, 'payment_refused', reason, field ? [{ path: field, message: reason }] : undefined);
    }
    if (err instanceof WorkflowNotFoundError || /workflow execution already completed/i.test((err as Error).message)) {
      throw new ParleyError(409, 'payment_closed', `Payment ${row.id} is ${row.status.replace('_', ' ')} and takes no more changes.`);
    }
    throw temporalError(err);
  }
}

export async function refundPayment(deps: PaymentCommandDeps, accountId: string, paymentId: string, body: { amount?: number; reason?: string }, by: string) {
  const row = requirePayment(deps.db, accountId, paymentId);
  if (row.status !== 'paid' && row.status !== 'partially_refunded') {
    throw new ParleyError(409, 'payment_not_refundable', `Only a paid payment can be refunded; this one is ${row.status.replace('_', ' ')}.`);
  }
  const remaining = row.amount - row.refundedAmount;
  const amount = body.amount ?? remaining;
  const issues = refundIssues(amount, remaining);
  if (issues.length) throw new ParleyError(400, 'validation_failed', 'The refund is not valid.', issues);
  const refundId = newId('ref');
  const handle = deps.client.workflow.getHandle(paymentWorkflowId(paymentId));
  const result = await update(deps, row, () => handle.executeUpdate(refundUpdate, { args: [{ refundId, amount, reason: body.reason, by }] }), 'amount');
  return { refundId: result.refundId, stripeRefundId: result.stripeRefundId, amount, status: result.status, payment: paymentView(getPaymentRow(deps.db, paymentId)!) };
}

export async function cancelPayment(deps: PaymentCommandDeps, accountId: string, paymentId: string, by: string) {
  const row = requirePayment(deps.db, accountId, paymentId);
  const handle = deps.client.workflow.getHandle(paymentWorkflowId(paymentId));
  await update(deps, row, () => handle.executeUpdate(cancelUpdate, { args: [{ by }] }));
  return paymentView(getPaymentRow(deps.db, paymentId)!);
}
