// Payment requests in SQLite: the rows the payment workflow mirrors its state to, their timeline
// and refunds, and the views the API returns.
import { and, asc, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import type { DbOrTx } from '../rules/events/sql-handle';
import { paymentEvents, paymentRefunds, payments, PAYMENT_STATUS_VALUES } from '../db/schema-payments';
import { notFound } from '../errors';
import { formatMoney } from '../../model/payments/money';

export type PaymentRow = typeof payments.$inferSelect;
export type PaymentStatusValue = (typeof PAYMENT_STATUS_VALUES)[number];

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export function getPaymentRow(db: Db, paymentId: string): PaymentRow | undefined {
  return db.select().from(payments).where(eq(payments.id, paymentId)).get();
}

export function requirePayment(db: Db, accountId: string, paymentId: string): PaymentRow {
  const row = getPaymentRow(db, paymentId);
  if (!row || row.accountId !== accountId) throw notFound('payment', paymentId);
  return row;
}

export function paymentView(row: PaymentRow) {
  return {
    id: row.id,
    caseId: row.caseId,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    amountFormatted: formatMoney(row.amount, row.currency),
    description: row.description,
    lineItems: row.lineItems,
    onPaid: row.onPaid,
    requestedBy: row.requestedBy,
    expiresAt: iso(row.expiresAt)!,
    stripeSessionId: row.stripeSessionId,
    checkoutUrl: row.checkoutUrl,
    paymentIntentId: row.paymentIntentId,
    linkMessageId: row.linkMessageId,
    refundedAmount: row.refundedAmount,
    refundableAmount: row.status === 'paid' || row.status === 'partially_refunded' ? row.amount - row.refundedAmount : 0,
    failureReason: row.failureReason,
    paidAt: iso(row.paidAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export function paymentDetail(db: Db, row: PaymentRow) {
  const events = db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, row.id)).orderBy(asc(paymentEvents.id)).all();
  const refunds = db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, row.id)).orderBy(asc(paymentRefunds.createdAt)).all();
  return {
    ...paymentView(row),
    timeline: events.map((e) => ({ type: e.type, from: e.from, to: e.to, detail: e.detail, at: iso(e.at)! })),
    refunds: refunds.map((r) => ({
      id: r.id, amount: r.amount, amountFormatted: formatMoney(r.amount, row.currency), reason: r.reason, status: r.status,
      stripeRefundId: r.stripeRefundId, requestedBy: r.requestedBy, createdAt: iso(r.createdAt)!,
    })),
  };
}

export interface PaymentFilters {
  status?: PaymentStatusValue[];
  caseId?: string;
}

/** Newest first; the cursor is the last id of the previous page (ids sort by creation time). */
export function listPayments(db: Db, accountId: string, filters: PaymentFilters, page: { limit: number; cursor?: string }) {
  const where: (SQL | undefined)[] = [eq(payments.accountId, accountId)];
  if (filters.status?.length) where.push(inArray(payments.status, filters.status));
  if (filters.caseId) where.push(eq(payments.caseId, filters.caseId));
  if (page.cursor) where.push(lt(payments.id, page.cursor));
  const rows = db.select().from(payments).where(and(...where)).orderBy(desc(payments.id)).limit(page.limit + 1).all();
  const items = rows.slice(0, page.limit).map(paymentView);
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.id : null };
}

export function addPaymentEvent(db: DbOrTx, row: Pick<PaymentRow, 'id' | 'accountId'>, event: { type: string; from?: string | null; to?: string | null; detail?: Record<string, unknown> | null }, at = Date.now()) {
  db.insert(paymentEvents).values({
    accountId: row.accountId, paymentId: row.id, type: event.type, from: event.from ?? null, to: event.to ?? null, detail: event.detail ?? null, at,
  }).run();
}
