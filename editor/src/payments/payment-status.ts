// How a payment's status reads in the console (label and chip tone).
import type { PaymentStatus } from './types';

type Tone = '' | 'ok' | 'warn' | 'danger' | 'accent';

export const PAYMENT_STATUS: Record<PaymentStatus, { label: string; tone: Tone }> = {
  creating: { label: 'Creating link', tone: '' },
  awaiting_payment: { label: 'Awaiting payment', tone: 'accent' },
  processing: { label: 'Processing', tone: 'accent' },
  paid: { label: 'Paid', tone: 'ok' },
  failed: { label: 'Failed', tone: 'danger' },
  expired: { label: 'Expired', tone: 'warn' },
  cancelled: { label: 'Cancelled', tone: '' },
  partially_refunded: { label: 'Partly refunded', tone: 'warn' },
  refunded: { label: 'Refunded', tone: '' },
};

export const PAYMENT_STATUS_ORDER = Object.keys(PAYMENT_STATUS) as PaymentStatus[];

/** One line per payment timeline entry. */
export function timelineText(e: { type: string; from: string | null; to: string | null; detail: Record<string, unknown> | null }): string {
  const d = e.detail ?? {};
  switch (e.type) {
    case 'status_changed':
      if (e.to === 'requested') return 'Requested';
      return `${e.from ? `${PAYMENT_STATUS[e.from as PaymentStatus]?.label ?? e.from} → ` : ''}${PAYMENT_STATUS[e.to as PaymentStatus]?.label ?? e.to}${causeText(d)}`;
    case 'stripe_event_ignored': return `Stripe event ${String(d.eventType ?? '')} ignored (${String(d.reason ?? `already ${String(d.status ?? '')}`)})`;
    case 'notice_refused': return `Could not tell the customer: ${String(d.reason ?? '')}`;
    case 'on_paid_refused': return `Could not move the case to ${e.to}: ${String(d.reason ?? '')}`;
    default: return e.type.replace(/_/g, ' ');
  }
}

function causeText(d: Record<string, unknown>): string {
  const cause = typeof d.cause === 'string' ? d.cause : '';
  if (cause.startsWith('evt_')) return ` (Stripe event ${cause})`;
  if (cause === 'timer') return ' (the link\'s time ran out)';
  if (cause === 'link_sent') return ' (link sent to the customer)';
  if (cause.startsWith('ref_')) return ` (refund ${cause})`;
  return '';
}
