// "Request payment": what an agent, a rule or an API caller asks for, validated once here with
// field paths. Amounts are integers in the currency's smallest unit; the link expires between 30
// minutes and 24 hours after it is sent (Stripe's limits for a Checkout Session).
import { z } from 'zod';
import type { FieldIssue } from '../field-issue';
import { amountIssues, isSupportedCurrency, normalizeCurrency } from './money';

export const MIN_EXPIRY_MINUTES = 30;
export const MAX_EXPIRY_MINUTES = 24 * 60;
export const DEFAULT_EXPIRY_MINUTES = 60;
export const MAX_LINE_ITEMS = 20;

/** Case statuses a paid request may move the case to. */
export const ON_PAID_STATUSES = ['open', 'pending', 'escalated', 'resolved', 'closed'] as const;

export const LineItemSchema = z.object({
  name: z.string().trim().min(1, { message: 'Must not be empty' }).max(250),
  /** Price of one, in the smallest currency unit. */
  unitAmount: z.number(),
  quantity: z.number().int({ message: 'Must be a whole number' }).min(1).max(1000).default(1),
});

export const OnPaidSchema = z.object({
  tag: z.string().trim().min(1).max(64).optional().describe('Tag added to the case once paid'),
  status: z.enum(ON_PAID_STATUSES).optional().describe('Status the case moves to once paid'),
});

export const PaymentRequestSchema = z.object({
  /** Smallest currency unit (1250 = €12.50; 500 = ¥500). Optional when line items give it. */
  amount: z.number().optional(),
  currency: z.string().trim().min(3).max(3),
  description: z.string().trim().min(1, { message: 'Must not be empty' }).max(500),
  lineItems: z.array(LineItemSchema).min(1).max(MAX_LINE_ITEMS).optional(),
  expiresInMinutes: z.number().default(DEFAULT_EXPIRY_MINUTES),
  onPaid: OnPaidSchema.optional(),
});

export type PaymentRequestInput = z.input<typeof PaymentRequestSchema>;

export interface PaymentRequest {
  amount: number;
  /** Lower case, as Stripe writes it. */
  currency: string;
  description: string;
  lineItems: { name: string; unitAmount: number; quantity: number }[] | null;
  expiresInMinutes: number;
  onPaid: { tag?: string; status?: (typeof ON_PAID_STATUSES)[number] } | null;
}

export interface PaymentRequestOptions {
  /** Tests lower it to see a link expire in seconds; Stripe's own session still lives ≥ 30 min and is expired explicitly. */
  minExpiryMinutes?: number;
}

export type ParsePaymentRequestResult = { ok: true; value: PaymentRequest } | { ok: false; issues: FieldIssue[] };

export function parsePaymentRequest(input: unknown, opts: PaymentRequestOptions = {}): ParsePaymentRequestResult {
  const parsed = PaymentRequestSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message })) };
  }
  const body = parsed.data;
  const issues: FieldIssue[] = [];
  const currency = normalizeCurrency(body.currency);
  if (!isSupportedCurrency(currency)) {
    issues.push({ path: 'currency', message: `"${body.currency}" is not an ISO 4217 currency Stripe accepts (e.g. eur, usd, jpy)` });
  }
  const minExpiry = opts.minExpiryMinutes ?? MIN_EXPIRY_MINUTES;
  if (body.expiresInMinutes < minExpiry || body.expiresInMinutes > MAX_EXPIRY_MINUTES) {
    issues.push({ path: 'expiresInMinutes', message: `Must be between ${minExpiry} and ${MAX_EXPIRY_MINUTES} minutes (Stripe's limits for a checkout link)` });
  }
  let amount = body.amount;
  if (isSupportedCurrency(currency)) {
    body.lineItems?.forEach((item, i) => issues.push(...amountIssues(item.unitAmount, currency, `lineItems.${i}.unitAmount`)));
    const itemsTotal = body.lineItems?.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
    if (amount === undefined && itemsTotal === undefined) issues.push({ path: 'amount', message: 'Required (or give line items)' });
    else if (amount === undefined) amount = itemsTotal;
    else if (itemsTotal !== undefined && Number.isInteger(itemsTotal) && itemsTotal !== amount) {
      issues.push({ path: 'amount', message: `Must equal the line items' total (${itemsTotal})` });
    }
    if (amount !== undefined) issues.push(...amountIssues(amount, currency));
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      amount: amount!, currency, description: body.description,
      lineItems: body.lineItems ? body.lineItems.map((i) => ({ name: i.name, unitAmount: i.unitAmount, quantity: i.quantity })) : null,
      expiresInMinutes: body.expiresInMinutes,
      onPaid: body.onPaid && (body.onPaid.tag || body.onPaid.status) ? body.onPaid : null,
    },
  };
}

/** Whether a refund of `amount` fits what is left of a payment of `paid` with `refunded` already refunded. */
export function refundIssues(amount: unknown, remaining: number): FieldIssue[] {
  if (typeof amount !== 'number' || !Number.isInteger(amount)) return [{ path: 'amount', message: 'Must be an integer in the smallest currency unit' }];
  if (amount <= 0) return [{ path: 'amount', message: 'Must be greater than 0' }];
  if (amount > remaining) return [{ path: 'amount', message: `Must be at most ${remaining}, what is left to refund` }];
  return [];
}
