// Settings → Payments (Stripe): the account's Stripe secret key and webhook signing secret. Parley
// checks the key with Stripe before storing it (sealed); neither secret is ever shown again.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import { useUi } from '../ui/dialog';
import { t, tParts } from '../i18n';
import { formatMoment } from '../ui/time-format';
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
      ui.toast(t('stripe.connected'));
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
      title: t('stripe.disconnectTitle'),
      body: <p>{t('stripe.disconnectBody')}</p>,
      confirm: t('stripe.disconnect'), danger: true,
    });
    if (!ok) return;
    try {
      await api('/settings/stripe', { method: 'DELETE' });
      setConnection(await api<StripeConnection>('/settings/stripe'));
      ui.toast(t('stripe.disconnected'));
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  return (
    <section className="card" data-testid="stripe-settings">
      <div className="card-head">
        <div className="grow">
          <h2>{t('stripe.title')}</h2>
          <p className="help">{t('stripe.help')}</p>
        </div>
        {connection?.connected && <span className={`chip ${connection.livemode ? 'ok' : 'accent'}`}><span className="dot" />{connection.livemode ? t('stripe.live') : t('stripe.testMode')}</span>}
      </div>
      <div className="card-body">
        {!editable && <p className="muted small">{t('stripe.adminsOnly')}</p>}
        {error && <div className="banner danger" style={{ marginBottom: 12 }}>{error}</div>}
        {editable && connection && (
          <form onSubmit={(e) => void save(e)}>
            {connection.connected && (
              <p className="small" style={{ marginBottom: 12 }}>
                {tParts('stripe.connectedTo', { account: <b>{connection.stripeAccountId ?? 'Stripe'}</b>, key: <code>{connection.secretKeyHint}</code> })}
                <span className="muted"> · {t('stripe.checked', { time: formatMoment(connection.updatedAt, 'exact') })}</span>
              </p>
            )}
            <div className={`field${errorAt('secretKey') ? ' invalid' : ''}`}>
              <label htmlFor="stripe-key">{t('stripe.secretKey')} {connection.connected && <span className="optional">{t('stripe.keptSecret')}</span>}</label>
              <input id="stripe-key" className="input" type="password" autoComplete="off" placeholder={t('stripe.secretKeyPlaceholder')} value={secretKey} onChange={(e) => setSecretKey(e.target.value)} />
              {errorAt('secretKey') && <span className="field-error">{errorAt('secretKey')}</span>}
            </div>
            <div className="field-label" style={{ marginBottom: 6 }}>{t('stripe.endpoint')}</div>
            <p className="help" style={{ marginBottom: 8 }}>{tParts('stripe.endpointHelp', { events: <><code>checkout.session.completed</code>, <code>checkout.session.async_payment_succeeded</code>, <code>checkout.session.async_payment_failed</code> {t('stripe.and')} <code>checkout.session.expired</code></> })}</p>
            <div className="secret" style={{ marginBottom: 14 }}>
              <code>{connection.webhookUrl}</code>
              <button type="button" className="btn btn-sm" onClick={() => { void navigator.clipboard?.writeText(connection.webhookUrl); ui.toast(t('stripe.endpointCopied')); }}><Icon name="copy" />{t('common.copy')}</button>
            </div>
            <div className={`field${errorAt('webhookSecret') ? ' invalid' : ''}`}>
              <label htmlFor="stripe-whsec">{t('stripe.webhookSecret')} {connection.webhookSecretSet && <span className="optional">{t('stripe.keptSecret')}</span>}</label>
              <input id="stripe-whsec" className="input" type="password" autoComplete="off" placeholder="whsec_…" value={webhookSecret} onChange={(e) => setWebhookSecret(e.target.value)} />
              {errorAt('webhookSecret') && <span className="field-error">{errorAt('webhookSecret')}</span>}
            </div>
            <div className="row">
              <button className="btn btn-primary" disabled={busy || (!secretKey && !webhookSecret)}>{busy ? t('stripe.checking') : connection.connected ? t('common.save') : t('stripe.connect')}</button>
              {connection.connected && <button type="button" className="btn btn-danger" onClick={() => void disconnect()}>{t('stripe.disconnect')}</button>}
            </div>
          </form>
        )}
      </div>
    </section>
  );
}
