// Payments: every payment request of the account (case, amount, status, when, Stripe session),
// newest first, filtered by status; a row opens its drawer with the timeline and the refund form.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { when } from '../ui/format';
import { PaymentDrawer } from './PaymentDrawer';
import { PAYMENT_STATUS, PAYMENT_STATUS_ORDER } from './payment-status';
import type { Payment, PaymentStatus } from './types';

export function PaymentsPage() {
  const [payments, setPayments] = useState<Payment[] | null>(null);
  const [status, setStatus] = useState<PaymentStatus | ''>('');
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const res = await api<{ items: Payment[] }>(`/payments?limit=100${status ? `&status=${status}` : ''}`);
      setPayments(res.items);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [status]);

  // Statuses change as Stripe reports: refresh while the page is open.
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <div className="page">
      <div className="page-header">
        <div className="grow">
          <h1>Payments</h1>
          <p>Payment requests sent into conversations as Stripe Checkout links, and what became of them. Connect Stripe in Settings.</p>
        </div>
        <select className="select" style={{ width: 200 }} value={status} onChange={(e) => setStatus(e.target.value as PaymentStatus | '')} aria-label="Filter by status">
          <option value="">All statuses</option>
          {PAYMENT_STATUS_ORDER.map((s) => <option key={s} value={s}>{PAYMENT_STATUS[s].label}</option>)}
        </select>
      </div>
      {error && <div className="banner danger" style={{ marginBottom: 16 }}>{error}</div>}
      <div className="card">
        {payments && payments.length === 0 ? (
          <div className="empty" data-testid="no-payments">
            <h3>{status ? `No ${PAYMENT_STATUS[status].label.toLowerCase()} payments` : 'No payment requests yet'}</h3>
            <p>Agents request payments from a case (POST /api/v1/cases/&#123;id&#125;/payments); rules use the “Request payment” action.</p>
          </div>
        ) : (
          <table className="table fixed">
            <thead>
              <tr>
                <th style={{ width: '22%' }}>Description</th><th style={{ width: '14%' }}>Case</th><th style={{ width: '12%' }}>Amount</th>
                <th style={{ width: '15%' }}>Status</th><th style={{ width: '13%' }}>Created</th><th>Stripe session</th>
              </tr>
            </thead>
            <tbody>
              {(payments ?? []).map((p) => (
                <tr key={p.id} className="clickable" onClick={() => setOpenId(p.id)} data-payment={p.id}>
                  <td title={p.description}>{p.description}</td>
                  <td className="mono small" title={p.caseId}>{p.caseId}</td>
                  <td className="nowrap"><b>{p.amountFormatted}</b>{p.refundedAmount > 0 && <div className="muted small">{p.refundedAmount === p.amount ? 'all' : 'part'} refunded</div>}</td>
                  <td><span className={`chip ${PAYMENT_STATUS[p.status].tone}`}><span className="dot" />{PAYMENT_STATUS[p.status].label}</span></td>
                  <td className="muted small nowrap">{when(p.createdAt)}</td>
                  <td className="mono small" title={p.stripeSessionId ?? ''}>
                    {p.stripeSessionId
                      ? <a href={`https://dashboard.stripe.com/${p.stripeSessionId.startsWith('cs_test_') ? 'test/' : ''}checkout/sessions/${p.stripeSessionId}`} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>{p.stripeSessionId}</a>
                      : <span className="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {openId && <PaymentDrawer paymentId={openId} onClose={() => setOpenId(null)} onChanged={() => void load()} />}
    </div>
  );
}
