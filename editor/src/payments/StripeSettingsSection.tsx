// Settings → Payments (Stripe): the account's Stripe secret key and webhook signing secret. Parley
// checks the key with Stripe before storing it (sealed); neither secret is ever shown again.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import { useUi } from '../ui/dialog';
import { exactTime } from '../ui/format';
import { Icon } from '../ui/icons';
import type { StripeConnection } from './types';

export function StripeSettingsSection({ editable }: { editable: boolean }) {
  const ui = useUi();
  const [connection, setConnection] = useState<StripeConnection | null>(null);
  const [secretKey, setSecretKey] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!editable) return;
    api<StripeConnection>('/settings/stripe').then(setConnection, (e) => setError((e as Error).message));
  }, [editable]);

  const errorAt = (path: string) => errors.find((e) => e.path === path)?.message;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors([]);
    setError(null);
    try {
      const saved = await api<StripeConnection>('/settings/stripe', {
        method: 'PUT', json: { ...(secretKey ? { secretKey: secretKey.trim() } : {}), ...(webhookSecret ? { webhookSecret: webhookSecret.trim() } : {}) },
      });
      setConnection(saved);
      setSecretKey('');
      setWebhookSecret('');
      ui.toast('Stripe connected');
    } catch (err) {
      const apiError = err as ApiError;
      setErrors(apiError.errors ?? []);
      setError(apiError.message);
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async () => {
    const ok = await ui.confirm({
      title: 'Disconnect Stripe?',
      body: <p>New payment requests are refused until Stripe is connected again. Links already sent keep working at Stripe, but Parley can no longer verify their events.</p>,
      confirm: 'Disconnect', danger: true,
    });
    if (!ok) return;
    try {
      await api('/settings/stripe', { method: 'DELETE' });
      setConnection(await api<StripeConnection>('/settings/stripe'));
      ui.toast('Stripe disconnected');
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  return (
    <section className="card" data-testid="stripe-settings">
      <div className="card-head">
        <div className="grow">
          <h2>Payments (Stripe)</h2>
          <p className="help">Agents and rules send customers a secure Stripe Checkout link in the conversation; Stripe tells Parley when it is paid.</p>
        </div>
        {connection?.connected && <span className={`chip ${connection.livemode ? 'ok' : 'accent'}`}><span className="dot" />{connection.livemode ? 'Live' : 'Test mode'}</span>}
      </div>
      <div className="card-body">
        {!editable && <p className="muted small">Only admins manage the Stripe connection.</p>}
        {error && <div className="banner danger" style={{ marginBottom: 12 }}>{error}</div>}
        {editable && connection && (
          <form onSubmit={(e) => void save(e)}>
            {connection.connected && (
              <p className="small" style={{ marginBottom: 12 }}>
                Connected to <b>{connection.stripeAccountId ?? 'Stripe'}</b> with <code>{connection.secretKeyHint}</code>
                <span className="muted"> · checked {exactTime(connection.updatedAt)}</span>
              </p>
            )}
            <div className={`field${errorAt('secretKey') ? ' invalid' : ''}`}>
              <label htmlFor="stripe-key">Secret key {connection.connected && <span className="optional">set · leave empty to keep</span>}</label>
              <input id="stripe-key" className="input" type="password" autoComplete="off" placeholder="sk_live_… or rk_live_…" value={secretKey} onChange={(e) => setSecretKey(e.target.value)} />
              {errorAt('secretKey') && <span className="field-error">{errorAt('secretKey')}</span>}
            </div>
            <div className="field-label" style={{ marginBottom: 6 }}>Webhook endpoint</div>
            <p className="help" style={{ marginBottom: 8 }}>In the Stripe Dashboard (Developers → Webhooks), add this endpoint for <code>checkout.session.completed</code>, <code>checkout.session.async_payment_succeeded</code>, <code>checkout.session.async_payment_failed</code> and <code>checkout.session.expired</code>, then paste its signing secret below.</p>
            <div className="secret" style={{ marginBottom: 14 }}>
              <code>{connection.webhookUrl}</code>
              <button type="button" className="btn btn-sm" onClick={() => { void navigator.clipboard?.writeText(connection.webhookUrl); ui.toast('Endpoint copied'); }}><Icon name="copy" />Copy</button>
            </div>
            <div className={`field${errorAt('webhookSecret') ? ' invalid' : ''}`}>
              <label htmlFor="stripe-whsec">Webhook signing secret {connection.webhookSecretSet && <span className="optional">set · leave empty to keep</span>}</label>
              <input id="stripe-whsec" className="input" type="password" autoComplete="off" placeholder="whsec_…" value={webhookSecret} onChange={(e) => setWebhookSecret(e.target.value)} />
              {errorAt('webhookSecret') && <span className="field-error">{errorAt('webhookSecret')}</span>}
            </div>
            <div className="row">
              <button className="btn btn-primary" disabled={busy || (!secretKey && !webhookSecret)}>{busy ? 'Checking with Stripe…' : connection.connected ? 'Save' : 'Connect Stripe'}</button>
              {connection.connected && <button type="button" className="btn btn-danger" onClick={() => void disconnect()}>Disconnect</button>}
            </div>
          </form>
        )}
      </div>
    </section>
  );
}
