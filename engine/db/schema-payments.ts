// Tables of the payments flow (issue #7): the account's Stripe connection, payment requests (the
// mirror of each payment workflow), their refunds and timeline, and the Stripe events seen.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts, cases } from './schema';

/** One Stripe account per Parley account. The secret key and webhook signing secret are sealed (SecretBox). */
export const stripeConnections = sqliteTable('stripe_connections', {
  accountId: text('account_id').primaryKey().references(() => accounts.id),
  /** { secretKey, webhookSecret }, AES-256-GCM sealed like channel secrets. */
  secrets: text('secrets').notNull(),
  /** The Stripe account the key belongs to (acct_…), as Stripe answered on save. */
  stripeAccountId: text('stripe_account_id'),
  livemode: integer('livemode', { mode: 'boolean' }).notNull().default(false),
  /** Where the API is (tests: stripe-mock); null: PARLEY_STRIPE_API_URL or Stripe itself. */
  apiBaseUrl: text('api_base_url'),
  /** Where the customer lands after paying; null: a Parley page that says "thank you". */
  successUrl: text('success_url'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const PAYMENT_STATUS_VALUES = [
  'creating', 'awaiting_payment', 'processing', 'paid', 'failed', 'expired', 'cancelled', 'partially_refunded', 'refunded',
] as const;

/** A payment request in a case: the row the payment workflow mirrors its state to. */
export const payments = sqliteTable(
  'payments',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    caseId: text('case_id').notNull().references(() => cases.id),
    status: text('status', { enum: PAYMENT_STATUS_VALUES }).notNull(),
    /** In the currency's minor unit (cents; yen for zero-decimal currencies). */
    amount: integer('amount').notNull(),
    /** ISO 4217, lower case as Stripe writes it. */
    currency: text('currency').notNull(),
    description: text('description').notNull(),
    /** [{ name, unitAmount, quantity }] when the request itemised the amount. */
    lineItems: text('line_items', { mode: 'json' }).$type<{ name: string; unitAmount: number; quantity: number }[] | null>(),
    /** What to do to the case once paid: { tag?, status? }. */
    onPaid: text('on_paid', { mode: 'json' }).$type<{ tag?: string; status?: string } | null>(),
    /** { type: 'agent' | 'rule' | 'api', id } */
    requestedBy: text('requested_by', { mode: 'json' }).$type<{ type: string; id: string | null; detail?: Record<string, unknown> }>().notNull(),
    expiresAt: integer('expires_at').notNull(),
    stripeSessionId: text('stripe_session_id'),
    checkoutUrl: text('checkout_url'),
    paymentIntentId: text('payment_intent_id'),
    linkMessageId: text('link_message_id'),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    failureReason: text('failure_reason'),
    paidAt: integer('paid_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('payments_account').on(t.accountId, t.createdAt),
    index('payments_case').on(t.caseId),
    index('payments_account_status').on(t.accountId, t.status),
  ],
);

/** A refund of a payment, full or partial; its id is the Stripe idempotency key. */
export const paymentRefunds = sqliteTable(
  'payment_refunds',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    paymentId: text('payment_id').notNull().references(() => payments.id),
    amount: integer('amount').notNull(),
    reason: text('reason'),
    stripeRefundId: text('stripe_refund_id'),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    requestedBy: text('requested_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('payment_refunds_payment').on(t.paymentId)],
);

/** The payment's own timeline: each state change and each Stripe event applied or ignored. */
export const paymentEvents = sqliteTable(
  'payment_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').notNull(),
    paymentId: text('payment_id').notNull().references(() => payments.id),
    type: text('type').notNull(),
    from: text('from_value'),
    to: text('to_value'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: integer('at').notNull(),
  },
  (t) => [index('payment_events_payment').on(t.paymentId, t.id)],
);

/** Every Stripe webhook event accepted, keyed by Stripe's event id: a redelivery finds its row and is dropped. */
export const stripeEvents = sqliteTable(
  'stripe_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    paymentId: text('payment_id'),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [uniqueIndex('stripe_events_dedupe').on(t.accountId, t.eventId)],
);
