// One payment request: its facts, its timeline (each status change and each Stripe event, applied
// or ignored), its refunds, and the refund form (full or partial; supervisors and admins) or cancel.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import { useUi } from '../ui/dialog';
import { exactTime } from '../ui/format';
import { Icon } from '../ui/icons';
import { formatMoney, minorUnitDigits } from '../../../model/payments/money';
import { PAYMENT_STATUS, timelineText } from './payment-status';
import type { PaymentDetail } from './types';

export function PaymentDrawer({ paymentId, onClose, onChanged }: { paymentId: string; onClose: () => void; onChanged: () => void }) {
  const ui = useUi();
  const [payment, setPayment] = useState<PaymentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [refundError, setRefundError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setPayment(await api<PaymentDetail>(`/payments/${paymentId}`));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [paymentId]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => {
    // Escape closes the drawer, unless a dialog on top of it takes the key.
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape' && !document.querySelector('.dialog')) onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const digits = payment ? minorUnitDigits(payment.currency) : 2;
  /** "5.00" typed in the major unit → 500 minor units; empty = everything left. */
  const minor = (text: string) => Math.round(Number(text.replace(',', '.')) * 10 ** digits);

  const refund = async (e: FormEvent) => {
    e.preventDefault();
    if (!payment) return;
    setBusy(true);
    setRefundError(null);
    try {
      await api(`/payments/${payment.id}/refunds`, { json: { ...(amount.trim() ? { amount: minor(amount) } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) } });
      ui.toast('Refund made');
      setAmount('');
      setReason('');
      await load();
      onChanged();
    } catch (err) {
      const apiError = err as ApiError;
      setRefundError(apiError.errors?.[0]?.message ?? apiError.message);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!payment) return;
    const ok = await ui.confirm({ title: 'Cancel this payment request?', body: <p>The link stops working at Stripe and the customer is told.</p>, confirm: 'Cancel request', danger: true });
    if (!ok) return;
    try {
      await api(`/payments/${payment.id}/cancel`, { method: 'POST' });
      await load();
      onChanged();
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  const status = payment ? PAYMENT_STATUS[payment.status] : null;
  return (
    <aside className="side-panel wide" aria-label="Payment" style={{ position: 'fixed', top: 0, right: 0, bottom: 0, zIndex: 40, boxShadow: 'var(--shadow-lg)' }}>
      <div className="side-head">
        <h2 className="grow">Payment</h2>
        <button className="btn btn-ghost btn-sm btn-icon" aria-label="Close payment" onClick={onClose}><Icon name="x" /></button>
      </div>
      <div className="side-body">
        {error && <div className="banner danger">{error}</div>}
        {payment && status && (
          <div className="stack" style={{ gap: 16 }}>
            <div>
              <div className="row"><b className="grow" style={{ fontSize: 20 }}>{payment.amountFormatted}</b><span className={`chip ${status.tone}`}><span className="dot" />{status.label}</span></div>
              <div>{payment.description}</div>
              {payment.failureReason && <div className="banner danger" style={{ marginTop: 8 }}>{payment.failureReason}</div>}
            </div>
            <dl className="small" style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 12px', margin: 0 }}>
              <dt className="muted">Case</dt><dd className="mono">{payment.caseId}</dd>
              <dt className="muted">Link expires</dt><dd>{exactTime(payment.expiresAt)}</dd>
              <dt className="muted">Stripe session</dt><dd className="mono" style={{ overflowWrap: 'anywhere' }}>{payment.stripeSessionId ?? '—'}</dd>
              <dt className="muted">Payment intent</dt><dd className="mono">{payment.paymentIntentId ?? '—'}</dd>
              {payment.lineItems && <><dt className="muted">Items</dt><dd>{payment.lineItems.map((i) => `${i.quantity} × ${i.name} (${formatMoney(i.unitAmount, payment.currency)})`).join(', ')}</dd></>}
              {payment.refundedAmount > 0 && <><dt className="muted">Refunded</dt><dd>{formatMoney(payment.refundedAmount, payment.currency)}</dd></>}
            </dl>

            <div>
              <div className="field-label" style={{ marginBottom: 6 }}>Timeline</div>
              <ol className="stack small" style={{ gap: 6, margin: 0, paddingLeft: 18 }} data-testid="payment-timeline">
                {payment.timeline.map((e, i) => <li key={i}><span>{timelineText(e)}</span> <span className="muted">· {exactTime(e.at)}</span></li>)}
              </ol>
            </div>

            {payment.refunds.length > 0 && (
              <div>
                <div className="field-label" style={{ marginBottom: 6 }}>Refunds</div>
                {payment.refunds.map((r) => <div key={r.id} className="small">{r.amountFormatted} · {r.status}{r.reason ? ` · ${r.reason}` : ''} <span className="muted">· {exactTime(r.createdAt)}</span></div>)}
              </div>
            )}

            {payment.refundableAmount > 0 && (
              <form className="card" style={{ padding: 14 }} onSubmit={(e) => void refund(e)} data-testid="refund-form">
                <div className="field-label" style={{ marginBottom: 8 }}>Refund</div>
                <div className="row" style={{ alignItems: 'flex-start' }}>
                  <div className={`field grow${refundError ? ' invalid' : ''}`}>
                    <label htmlFor="refund-amount">Amount ({payment.currency.toUpperCase()}) <span className="optional">empty = all {formatMoney(payment.refundableAmount, payment.currency)}</span></label>
                    <input id="refund-amount" className="input" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder={(payment.refundableAmount / 10 ** digits).toFixed(digits)} />
                    {refundError && <span className="field-error">{refundError}</span>}
                  </div>
                </div>
                <div className="field">
                  <label htmlFor="refund-reason">Reason <span className="optional">optional</span></label>
                  <input id="refund-reason" className="input" value={reason} onChange={(e) => setReason(e.target.value)} />
                </div>
                <button className="btn btn-primary" disabled={busy}>{busy ? 'Refunding…' : amount.trim() ? `Refund ${formatMoney(minor(amount) || 0, payment.currency)}` : 'Refund all'}</button>
              </form>
            )}
            {(payment.status === 'awaiting_payment' || payment.status === 'creating') && (
              <button className="btn btn-danger" onClick={() => void cancel()}>Cancel request</button>
            )}
          </div>
        )}
      </div>
    </aside>
  );
}
