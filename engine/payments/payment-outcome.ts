// What happens in Parley when a payment request changes: the payment row and its timeline, the
// case timeline, a message to the customer, the tags / status the request asked for once paid, and
// the rule event (payment.succeeded / failed / expired) rules react to. Each step is safe to repeat
// (the activity may be retried): the state change is written once, in one transaction; messages
// have ids derived from the payment; tags and status changes are no-ops when already made.
import { eq } from 'drizzle-orm';
import { caseEvents, messages } from '../db/schema';
import { payments } from '../db/schema-payments';
import type { Db } from '../db/open-database';
import { changeStatus, queueReply, updateRouting, type CaseCommandDeps } from '../cases/case-commands';
import { getCaseRow } from '../cases/case-queries';
import { ParleyError } from '../errors';
import { recordRuleEvent } from '../rules/events/record-event';
import { readCaseContext } from '../rules/events/snapshots';
import type { ChannelStore } from '../channels/channel-store';
import { formatMoney } from '../../model/payments/money';
import type { EventOrigin } from '../../model/rules/event';
import type { TriggerType } from '../../model/rules/trigger-types';
import type { CaseStatus } from '../../workflows/case/contract';
import type { PaymentChange } from '../../workflows/payments/contract';
import { addPaymentEvent, getPaymentRow, type PaymentRow } from './payment-store';
import { paymentLinkMessage, paymentMessageId, paymentOutcomeText, textReply, type OutcomeNotice } from './payment-messages';
import { PaymentSetupError } from './checkout';
import { caseCustomerLocale } from '../contacts/customer-locale';

export interface PaymentOutcomeDeps {
  db: Db;
  channels: ChannelStore;
  commands: CaseCommandDeps;
  /** The activity's first scheduling time (the same on retries), for message ids. */
  scheduledAt: number;
}

const RULE_TRIGGERS: Partial<Record<string, TriggerType>> = { paid: 'payment.succeeded', failed: 'payment.failed', expired: 'payment.expired' };
/** Refusals from the channel's rules: recorded, not retried. */
const REFUSALS = new Set(['case_closed', 'channel_disabled', 'reply_window_closed', 'proactive_outbound_not_allowed']);

/** Who sent it, for messages: the agent who asked (a person) or Parley on a rule's / the API's behalf. */
function author(row: PaymentRow) {
  const byAgent = row.requestedBy.type === 'agent';
  return { authorType: byAgent ? 'agent' as const : 'system' as const, authorId: row.requestedBy.id ?? 'payments', byHuman: byAgent };
}

/** Queues the payment link into the case thread (once). */
export function sendPaymentLink(deps: PaymentOutcomeDeps, paymentId: string): { messageId: string } {
  const row = getPaymentRow(deps.db, paymentId);
  if (!row?.checkoutUrl) throw new PaymentSetupError(`Payment ${paymentId} has no checkout link yet.`, true);
  if (row.linkMessageId) return { messageId: row.linkMessageId };
  const theCase = getCaseRow(deps.db, row.accountId, row.caseId);
  const channel = deps.channels.context(theCase.channelId);
  const reply = paymentLinkMessage(
    { amount: row.amount, currency: row.currency, description: row.description, url: row.checkoutUrl, expiresAt: row.expiresAt },
    channel?.connector.manifest.capabilities.richContent ?? [],
    caseCustomerLocale(deps.db, row.caseId),
  );
  const messageId = paymentMessageId(paymentId, 'link', deps.scheduledAt);
  if (!messageExists(deps.db, messageId)) {
    const who = author(row);
    try {
      queueReply(deps.commands, row.accountId, row.caseId, reply, who.authorType === 'agent' ? who.authorId : undefined, {
        ...who, messageId, contentExtras: { paymentId },
      });
    } catch (err) {
      if (err instanceof ParleyError) throw new PaymentSetupError(err.message, !REFUSALS.has(err.code) && err.status >= 500);
      throw err;
    }
  }
  deps.db.update(payments).set({ linkMessageId: messageId, updatedAt: Date.now() }).where(eq(payments.id, paymentId)).run();
  return { messageId };
}

const messageExists = (db: Db, id: string) => Boolean(db.select({ id: messages.id }).from(messages).where(eq(messages.id, id)).get());

export async function recordPaymentChange(deps: PaymentOutcomeDeps, paymentId: string, change: PaymentChange): Promise<void> {
  const row = getPaymentRow(deps.db, paymentId);
  if (!row) return;
  const facts = { paymentId, amount: row.amount, currency: row.currency, description: row.description };
  const origin = row.requestedBy.detail?.origin as EventOrigin | undefined;
  const now = Date.now();

  deps.db.transaction((tx) => {
    const fresh = tx.select().from(payments).where(eq(payments.id, paymentId)).get()!;
    // A retried activity finds its change already written.
    if (fresh.status === change.to && fresh.refundedAmount === change.refundedAmount) return;
    tx.update(payments).set({
      status: change.to, refundedAmount: change.refundedAmount, updatedAt: now,
      ...(change.failureReason ? { failureReason: change.failureReason } : {}),
      ...(change.paymentIntentId ? { paymentIntentId: change.paymentIntentId } : {}),
      ...(change.to === 'paid' && !fresh.paidAt ? { paidAt: now } : {}),
    }).where(eq(payments.id, paymentId)).run();
    const detail = {
      ...facts, cause: change.cause,
      ...(change.failureReason && change.to === 'failed' ? { failureReason: change.failureReason } : {}),
      ...(change.refund ? { refundId: change.refund.refundId, refundAmount: change.refund.amount } : {}),
    };
    addPaymentEvent(tx, fresh, { type: 'status_changed', from: change.from, to: change.to, detail }, now);
    tx.insert(caseEvents).values({
      accountId: row.accountId, caseId: row.caseId, type: 'payment', from: change.from, to: change.to,
      actor: change.by ?? 'system', detail, at: now,
    }).run();
    const trigger = RULE_TRIGGERS[change.to];
    const context = trigger ? readCaseContext(tx, row.caseId) : undefined;
    if (trigger && context) {
      recordRuleEvent(tx, {
        type: trigger, accountId: row.accountId, occurredAt: now, case: context.case,
        ...(context.contact ? { contact: context.contact } : {}), ...(context.channel ? { channel: context.channel } : {}),
        payload: { ...facts, amountFormatted: formatMoney(row.amount, row.currency), status: change.to, ...(change.failureReason ? { failureReason: change.failureReason } : {}) },
        ...(origin && origin.depth > 0 ? { origin } : {}),
      }, now);
    }
  }, { behavior: 'immediate' });

  // Tell the customer (only when they got a link; a refund too).
  const notice: OutcomeNotice | null = change.refund ? 'refund'
    : (['paid', 'failed', 'expired', 'cancelled'] as const).find((s) => s === change.to) ?? null;
  if (notice && row.linkMessageId) {
    await notify(deps, row, notice, textReply(paymentOutcomeText(notice, { ...facts, refundAmount: change.refund?.amount }, caseCustomerLocale(deps.db, row.caseId))), `${notice}:${change.refund?.refundId ?? ''}`);
  }
  if (change.to === 'paid' && row.onPaid) await applyOnPaid(deps, row);
}

async function notify(deps: PaymentOutcomeDeps, row: PaymentRow, notice: string, reply: ReturnType<typeof textReply>, purpose: string) {
  const messageId = paymentMessageId(row.id, purpose, deps.scheduledAt);
  if (messageExists(deps.db, messageId)) return;
  try {
    queueReply(deps.commands, row.accountId, row.caseId, reply, undefined, {
      authorType: 'system', authorId: 'payments', byHuman: false, messageId, contentExtras: { paymentId: row.id },
    });
  } catch (err) {
    if (!(err instanceof ParleyError) || !REFUSALS.has(err.code)) throw err;
    addPaymentEvent(deps.db, row, { type: 'notice_refused', to: notice, detail: { reason: err.message } });
  }
}

/** The request's `onPaid`: tag the case and move it, as Parley (the timeline names the payment). */
async function applyOnPaid(deps: PaymentOutcomeDeps, row: PaymentRow) {
  const cause = { actorId: 'system', detail: { paymentId: row.id, action: 'payment_paid' } };
  const theCase = getCaseRow(deps.db, row.accountId, row.caseId);
  if (theCase.status === 'closed') return;
  const tag = row.onPaid?.tag;
  if (tag && !theCase.tags.includes(tag)) updateRouting(deps.db, theCase, { tags: [...theCase.tags, tag] }, cause);
  const status = row.onPaid?.status as CaseStatus | undefined;
  if (status && status !== theCase.status) {
    try {
      await changeStatus(deps.commands, row.accountId, row.caseId, status, cause);
    } catch (err) {
      if (!(err instanceof ParleyError) || err.code !== 'illegal_status_transition') throw err;
      addPaymentEvent(deps.db, row, { type: 'on_paid_refused', to: status, detail: { reason: err.message } });
    }
  }
}

/** A Stripe event the machine ignored, kept on the payment's timeline. */
export function notePaymentEvent(db: Db, paymentId: string, note: { type: string; detail: Record<string, unknown> }) {
  const row = getPaymentRow(db, paymentId);
  if (row) addPaymentEvent(db, row, { type: note.type, detail: note.detail });
}
