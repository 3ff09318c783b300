// The payments API's shapes as the console reads them (GET /api/v1/payments…, /settings/stripe).
export type PaymentStatus =
  | 'creating' | 'awaiting_payment' | 'processing' | 'paid' | 'failed' | 'expired' | 'cancelled' | 'partially_refunded' | 'refunded';

export interface Payment {
  id: string;
  caseId: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  amountFormatted: string;
  description: string;
  lineItems: { name: string; unitAmount: number; quantity: number }[] | null;
  onPaid: { tag?: string; status?: string } | null;
  requestedBy: { type: string; id: string | null };
  expiresAt: string;
  stripeSessionId: string | null;
  checkoutUrl: string | null;
  paymentIntentId: string | null;
  refundedAmount: number;
  refundableAmount: number;
  failureReason: string | null;
  paidAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PaymentDetail extends Payment {
  timeline: { type: string; from: string | null; to: string | null; detail: Record<string, unknown> | null; at: string }[];
  refunds: { id: string; amount: number; amountFormatted: string; reason: string | null; status: string; stripeRefundId: string | null; requestedBy: string | null; createdAt: string }[];
}

export interface StripeConnection {
  connected: boolean;
  webhookUrl: string;
  stripeAccountId: string | null;
  livemode: boolean;
  secretKeyHint: string | null;
  webhookSecretSet: boolean;
  apiBaseUrl: string | null;
  successUrl: string | null;
  updatedAt: string | null;
}
