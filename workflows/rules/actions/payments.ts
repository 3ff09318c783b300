// Rule actions of the payments flow (issue #7): `request_payment` starts the payment workflow for
// the run's case. The payment id derives from the run and node, so a retried action requests once.
import { createHash } from 'node:crypto';
import { ParleyError } from '../../../engine/errors';
import { minExpiryMinutes } from '../../../engine/payments/expiry-config';
import { requestPayment } from '../../../engine/payments/payment-commands';
import { childOrigin } from '../../../engine/rules/dispatch/loop-bounds';
import { parsePaymentRequest } from '../../../model/payments/payment-request';
import type { ActionRunInfo } from '../contract';
import type { ActionHandlers } from './action-handler';
import { actionScheduledAt, caseIdOf, refusal, ruleDetail, type RuleActionDeps } from './rule-action-deps';

/** `pay_<time><seq><hash>` like engine/ids, from the action's first scheduling time and run + node. */
export function rulePaymentId(run: Pick<ActionRunInfo, 'runId' | 'nodeId'>, at: number): string {
  const hash = createHash('sha256').update(`${run.runId}\n${run.nodeId}`).digest('hex').slice(0, 12);
  return `pay_${at.toString(36).padStart(9, '0')}zzz${hash}`;
}

export function createPaymentsActions(deps: RuleActionDeps): ActionHandlers {
  return {
    request_payment: async (input, run) => {
      const caseId = caseIdOf(run, 'Request payment');
      const parsed = parsePaymentRequest({
        amount: input.amount, currency: input.currency, description: input.description,
        expiresInMinutes: input.expiresInMinutes,
        onPaid: input.onPaidTag || input.onPaidStatus ? { tag: input.onPaidTag || undefined, status: input.onPaidStatus || undefined } : undefined,
      }, { minExpiryMinutes: minExpiryMinutes() });
      if (!parsed.ok) throw refusal(`The payment request is not valid: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, 'InvalidPaymentRequest');
      try {
        const payment = await requestPayment(
          { db: deps.db, box: deps.box, client: deps.client, taskQueue: deps.taskQueue }, run.accountId, caseId, parsed.value,
          { type: 'rule', id: run.ruleId, detail: { ...ruleDetail(run, 'request_payment'), origin: childOrigin(run.event, run.ruleId) } },
          { paymentId: rulePaymentId(run, actionScheduledAt(deps)) },
        );
        return { paymentId: payment.id, status: payment.status, amountFormatted: payment.amountFormatted };
      } catch (err) {
        // Stripe not connected, case closed: a retry cannot fix these.
        if (err instanceof ParleyError && err.status < 500) throw refusal(err.message);
        throw err;
      }
    },
  };
}
