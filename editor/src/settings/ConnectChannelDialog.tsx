// Connecting a channel from the console: pick a channel type this build can connect, fill in its
// config (a form generated from the connector's config schema; secrets as password fields), and
// Parley checks it with the provider before anything is stored. A refusal quotes the provider;
// secrets Parley generated are shown once, and the channel's next steps appear in the list. Each
// field carries the provider console's own name and a one-line hint (the connector's config schema);
// values Parley learns from the provider at set-up are not asked.
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { RuleIssue } from '../api/types';
import { SchemaForm } from '../forms/SchemaForm';
import { t } from '../i18n';
import { Dialog } from '../ui/dialog';
import { splitConfigSchema, type ChannelType } from './channel-types';

export function ConnectChannelDialog({ onClose, onConnected }: { onClose: () => void; onConnected: (generatedSecrets: Record<string, string>, type: ChannelType) => void }) {
  const [types, setTypes] = useState<ChannelType[]>([]);
  const [type, setType] = useState('');
  const [name, setName] = useState('');
  const [config, setConfig] = useState<Record<string, unknown>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields: RuleIssue[] } | null>(null);

  useEffect(() => {
    api<{ items: ChannelType[] }>('/channel-types').then((r) => setTypes(r.items.filter((c) => c.connectable && c.status === 'active' && c.connectFrom === 'settings')), () => {});
  }, []);
  const chosen = types.find((c) => c.type === type);
  const secrets = useMemo(() => new Set(chosen?.secretFields ?? []), [chosen]);
  // Required (and primary) fields first; base URLs, timeouts and tokens Parley can generate behind
  // "More settings"; values Parley learns from the provider not at all.
  const { essentials, more, moreCount } = useMemo(() => splitConfigSchema(chosen?.configSchema), [chosen]);
  const formCtx = {
    root: chosen?.configSchema ?? {}, variables: [], readOnly: busy, base: 'config', issues: error?.fields ?? [],
    custom: (key: string, value: unknown, set: (v: unknown) => void) => (secrets.has(key)
      ? <input id={`f-config-${key}`} className="input" type="password" autoComplete="off" value={typeof value === 'string' ? value : ''} onChange={(e) => set(e.target.value || undefined)} />
      : null),
  };

  const connect = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await api<{ generatedSecrets?: Record<string, string> }>('/channels', { method: 'POST', json: { type, name: name.trim() || chosen!.displayName, config } });
      onConnected(created.generatedSecrets ?? {}, chosen!);
    } catch (err) {
      setError(err instanceof ApiError ? { message: err.message, fields: err.errors } : { message: (err as Error).message, fields: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog wide title={t('channels.connect')} description={t('channels.connectHelp')} onClose={onClose}
      footer={<>
        <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" className="btn btn-primary" disabled={!chosen || busy} onClick={() => void connect()}>{busy ? t('channels.checking') : t('channels.connectButton')}</button>
      </>}>
      <div className="stack" style={{ gap: 12 }} data-testid="connect-channel">
        <div className="field"><label htmlFor="cc-type">{t('channels.channel')}</label>
          <select id="cc-type" className="select" value={type} onChange={(e) => { setType(e.target.value); setConfig({}); setError(null); }}>
            <option value="">{t('common.choose')}</option>
            {types.map((c) => <option key={c.type} value={c.type}>{c.displayName}</option>)}
          </select></div>
        {chosen && <>
          <div className="field"><label htmlFor="cc-name">{t('common.name')}</label>
            <input id="cc-name" className="input" placeholder={chosen.displayName} value={name} onChange={(e) => setName(e.target.value)} /></div>
          <SchemaForm schema={essentials} value={config} onChange={(next) => setConfig(next)} ctx={formCtx} />
          {moreCount > 0 && (
            <details className="more-settings">
              <summary>{t('channels.moreSettings')} <span className="muted small">{t('channels.moreHint')}</span></summary>
              <SchemaForm schema={more} value={config} onChange={(next) => setConfig(next)} ctx={formCtx} />
            </details>
          )}
        </>}
        {error && <div className="banner danger" role="alert">{error.message}</div>}
      </div>
    </Dialog>
  );
}
