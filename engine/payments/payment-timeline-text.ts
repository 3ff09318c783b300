// How the case timeline says a payment event ('payment' rows: `to` is the payment's new status,
// detail carries the amount): "Payment of €12.50 requested (Order 42)".
import { formatMoney } from '../../model/payments/money';

export function describePaymentEvent(status: string | null, detail: Record<string, unknown>): string {
  const amount = typeof detail.amount === 'number' && typeof detail.currency === 'string' ? formatMoney(detail.amount, detail.currency) : 'a payment';
  const about = typeof detail.description === 'string' && detail.description ? ` (${detail.description})` : '';
  switch (status) {
    case 'requested': return `Payment of ${amount} requested${about}`;
    case 'awaiting_payment': return `Payment link for ${amount} sent${about}`;
    case 'processing': return `Payment of ${amount} is processing (delayed payment method)`;
    case 'paid': return `Payment of ${amount} received${about}`;
    case 'failed': return `Payment of ${amount} failed${typeof detail.failureReason === 'string' ? `: ${detail.failureReason}` : ''}`;
    case 'expired': return `Payment link for ${amount} expired unpaid`;
    case 'cancelled': return `Payment request for ${amount} cancelled`;
    case 'partially_refunded':
    case 'refunded': {
      const refund = typeof detail.refundAmount === 'number' && typeof detail.currency === 'string' ? formatMoney(detail.refundAmount, detail.currency) : 'part';
      return status === 'refunded' ? `Refund of ${refund} issued: payment of ${amount} fully refunded` : `Refund of ${refund} issued on the payment of ${amount}`;
    }
    default: return `Payment of ${amount}: ${status ?? 'updated'}`;
  }
}
