// A payment request's lifecycle as an xstate machine, evaluated only through the pure
// `initialTransition` / `transition` functions (like the case machine): the workflow owns time and
// side effects, the machine owns which Stripe events apply in which state. An event that does not
// apply (a duplicate, a late `expired` after `completed`, an event for another session) leaves the
// snapshot as it is — that is what makes out-of-order webhooks harmless.
//
//   creating ── SESSION_CREATED (link sent) ──▶ awaiting_payment        creating ── CREATE_FAILED / LINK_FAILED ──▶ failed
//   awaiting_payment ── CHECKOUT_COMPLETED(paid) / ASYNC_SUCCEEDED ──▶ paid
//   awaiting_payment ── CHECKOUT_COMPLETED(unpaid) ──▶ processing ── ASYNC_SUCCEEDED ──▶ paid | ASYNC_FAILED ──▶ failed
//   awaiting_payment ── ASYNC_FAILED ──▶ failed | SESSION_EXPIRED / TIMER_EXPIRED ──▶ expired | CANCEL ──▶ cancelled
//   paid ── REFUNDED(part) ──▶ partially_refunded ── REFUNDED(the rest) ──▶ refunded      (paid ── REFUNDED(all) ──▶ refunded)
import { assign, initialTransition, setup, transition, type SnapshotFrom } from 'xstate';

export const PAYMENT_STATUSES = [
  'creating', 'awaiting_payment', 'processing', 'paid', 'failed', 'expired', 'cancelled', 'partially_refunded', 'refunded',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** States nothing leaves. */
export const FINAL_PAYMENT_STATUSES: readonly PaymentStatus[] = ['failed', 'expired', 'cancelled', 'refunded'];
/** States a refund may be asked in. */
export const REFUNDABLE_STATUSES: readonly PaymentStatus[] = ['paid', 'partially_refunded'];
/** States a request may still be cancelled in. */
export const CANCELLABLE_STATUSES: readonly PaymentStatus[] = ['creating', 'awaiting_payment'];

export interface PaymentContext {
  amount: number;
  refundedAmount: number;
  /** ms since epoch; the link's end. */
  expiresAt: number;
  sessionId: string | null;
  paymentIntentId: string | null;
  failureReason: string | null;
}

export interface PaymentMachineInput {
  amount: number;
  expiresAt: number;
}

export type PaymentEvent =
  | { type: 'SESSION_CREATED'; sessionId: string }
  | { type: 'CREATE_FAILED'; reason: string }
  | { type: 'LINK_FAILED'; reason: string }
  | { type: 'CHECKOUT_COMPLETED'; sessionId: string; paymentStatus: string | null; paymentIntentId: string | null }
  | { type: 'ASYNC_SUCCEEDED'; sessionId: string; paymentIntentId: string | null }
  | { type: 'ASYNC_FAILED'; sessionId: string }
  | { type: 'SESSION_EXPIRED'; sessionId: string }
  | { type: 'TIMER_EXPIRED'; at: number }
  | { type: 'CANCEL' }
  | { type: 'REFUNDED'; amount: number };

const sessionOf = (event: PaymentEvent) => ('sessionId' in event ? event.sessionId : null);

const paymentSetup = setup({
  types: {} as { context: PaymentContext; events: PaymentEvent; input: PaymentMachineInput },
  guards: {
    // Events about another Checkout Session (an older link) never move this one.
    ourSession: ({ context, event }) => context.sessionId !== null && sessionOf(event) === context.sessionId,
    paidNow: ({ context, event }) =>
      event.type === 'CHECKOUT_COMPLETED' && event.sessionId === context.sessionId
      && (event.paymentStatus === 'paid' || event.paymentStatus === 'no_payment_required'),
    stillProcessing: ({ context, event }) =>
      event.type === 'CHECKOUT_COMPLETED' && event.sessionId === context.sessionId && event.paymentStatus === 'unpaid',
    // Defensive: a timer that fires early (or for an older deadline) does not expire the link.
    expiryDue: ({ context, event }) => event.type === 'TIMER_EXPIRED' && event.at >= context.expiresAt,
    refundsAll: ({ context, event }) =>
      event.type === 'REFUNDED' && event.amount > 0 && context.refundedAmount + event.amount === context.amount,
    refundsPart: ({ context, event }) =>
      event.type === 'REFUNDED' && event.amount > 0 && context.refundedAmount + event.amount < context.amount,
  },
  actions: {
    keepSession: assign({ sessionId: ({ context, event }) => (event.type === 'SESSION_CREATED' ? event.sessionId : context.sessionId) }),
    keepIntent: assign({
      paymentIntentId: ({ context, event }) =>
        (event.type === 'CHECKOUT_COMPLETED' || event.type === 'ASYNC_SUCCEEDED') && event.paymentIntentId ? event.paymentIntentId : context.paymentIntentId,
    }),
    keepReason: assign({
      failureReason: ({ event }) => {
        switch (event.type) {
          case 'CREATE_FAILED': case 'LINK_FAILED': return event.reason;
          case 'ASYNC_FAILED': return 'The payment method was declined or failed after checkout.';
          default: return null;
        }
      },
    }),
    addRefund: assign({ refundedAmount: ({ context, event }) => context.refundedAmount + (event.type === 'REFUNDED' ? event.amount : 0) }),
  },
});

const refunds = [
  { guard: 'refundsAll' as const, target: 'refunded', actions: 'addRefund' as const },
  { guard: 'refundsPart' as const, target: 'partially_refunded', actions: 'addRefund' as const },
];

export const paymentMachine = paymentSetup.createMachine({
  id: 'payment',
  initial: 'creating',
  context: ({ input }) => ({
    amount: input.amount, refundedAmount: 0, expiresAt: input.expiresAt, sessionId: null, paymentIntentId: null, failureReason: null,
  }),
  states: {
    creating: {
      on: {
        SESSION_CREATED: { target: 'awaiting_payment', actions: 'keepSession' },
        CREATE_FAILED: { target: 'failed', actions: 'keepReason' },
        // The session exists but its link could not be sent into the case (channel refused it).
        LINK_FAILED: { target: 'failed', actions: 'keepReason' },
        CANCEL: { target: 'cancelled' },
      },
    },
    awaiting_payment: {
      on: {
        CHECKOUT_COMPLETED: [
          { guard: 'paidNow', target: 'paid', actions: 'keepIntent' },
          { guard: 'stillProcessing', target: 'processing', actions: 'keepIntent' },
        ],
        // A delayed method can report before `completed` reaches us: the later `completed` is then ignored.
        ASYNC_SUCCEEDED: { guard: 'ourSession', target: 'paid', actions: 'keepIntent' },
        ASYNC_FAILED: { guard: 'ourSession', target: 'failed', actions: 'keepReason' },
        SESSION_EXPIRED: { guard: 'ourSession', target: 'expired' },
        TIMER_EXPIRED: { guard: 'expiryDue', target: 'expired' },
        CANCEL: { target: 'cancelled' },
      },
    },
    // Checkout finished with a delayed payment method (bank debit): the money is on its way.
    processing: {
      on: {
        ASYNC_SUCCEEDED: { guard: 'ourSession', target: 'paid', actions: 'keepIntent' },
        ASYNC_FAILED: { guard: 'ourSession', target: 'failed', actions: 'keepReason' },
      },
    },
    paid: { on: { REFUNDED: refunds } },
    partially_refunded: { on: { REFUNDED: refunds } },
    failed: { type: 'final' },
    expired: { type: 'final' },
    cancelled: { type: 'final' },
    refunded: { type: 'final' },
  },
});

export type PaymentSnapshot = SnapshotFrom<typeof paymentMachine>;

export function createPaymentSnapshot(input: PaymentMachineInput): PaymentSnapshot {
  return initialTransition(paymentMachine, input)[0];
}

/** Applies one event; events the current state does not accept leave the snapshot as it is. */
export function applyPaymentEvent(snapshot: PaymentSnapshot, event: PaymentEvent): PaymentSnapshot {
  return transition(paymentMachine, snapshot, event)[0];
}

export const paymentStatusOf = (snapshot: PaymentSnapshot) => snapshot.value as PaymentStatus;

export const remainingToRefund = (context: PaymentContext) => context.amount - context.refundedAmount;

/** Why a refund of `amount` cannot be made now, or null when it can. */
export function refundRefusal(snapshot: PaymentSnapshot, amount: number): string | null {
  const status = paymentStatusOf(snapshot);
  if (!REFUNDABLE_STATUSES.includes(status)) return `Only a paid payment can be refunded; this one is ${status.replace('_', ' ')}.`;
  const remaining = remainingToRefund(snapshot.context);
  if (!Number.isInteger(amount) || amount <= 0) return 'The refund amount must be a positive integer in the smallest currency unit.';
  if (amount > remaining) return `At most ${remaining} is left to refund.`;
  return null;
}
