// Settings → Channels: every connected channel with the webhook URL its provider posts to and what
// is still to do in the provider's console (the API's `nextSteps`, e.g. "paste this Request URL in
// Event Subscriptions"), what Parley learned from the provider (read-only), and, for admins,
// connecting a new one (ConnectChannelDialog). Which channels are listed here and which have a
// webhook URL are facts of each channel type (GET /channel-types: connectFrom, hasWebhook).
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { t, tParts } from '../i18n';
import { useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';
import { can, useSession } from '../shell/session';
import { learnedValues, type ChannelType } from './channel-types';
import { ConnectChannelDialog } from './ConnectChannelDialog';
import { LanguagePicker } from './LanguagePicker';

interface NextStep { text: string; value?: string }
interface ChannelView { id: string; type: string; name: string; enabled: boolean; config: Record<string, unknown>; webhookUrl: string; nextSteps: NextStep[]; defaultLanguage?: string | null }

export function ChannelsSettingsSection() {
  const ui = useUi();
  const [channels, setChannels] = useState<ChannelView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { me } = useSession();
  const [connecting, setConnecting] = useState(false);
  const [generated, setGenerated] = useState<{ secrets: Record<string, string>; type: ChannelType } | null>(null);
  const [types, setTypes] = useState<Map<string, ChannelType>>(new Map());

  const load = () => api<{ items: ChannelView[] }>('/channels?limit=100').then((page) => setChannels(page.items), (e) => setError((e as Error).message));
  useEffect(() => { void load(); }, []);
  useEffect(() => {
    api<{ items: ChannelType[] }>('/channel-types').then((r) => setTypes(new Map(r.items.map((type) => [type.type, type]))), () => {});
  }, []);

  // The language of the words Parley adds for this channel's customers whose own language is unknown.
  const setLanguage = (id: string, defaultLanguage: string | null) =>
    api<ChannelView>(`/channels/${id}`, { method: 'PATCH', json: { defaultLanguage } }).then(
      (updated) => { setChannels((list) => (list ?? []).map((c) => (c.id === id ? { ...c, defaultLanguage: updated.defaultLanguage ?? null } : c))); ui.toast(t('channels.languageSaved')); },
      (e) => ui.toast((e as Error).message, 'danger'));
  const copy = (value: string) => { void navigator.clipboard?.writeText(value); ui.toast(t('common.copied')); };
  // Web chat comes with a website's snippet (Websites); the rest is connected here.
  // (Listed once the channel types are known, so a web chat or a mailbox never flashes up with a webhook URL.)
  const shown = types.size ? (channels ?? []).filter((c) => types.get(c.type)?.connectFrom !== 'websites') : [];
  const titleOf = (type: ChannelType, key: string) => {
    const prop = ((type.configSchema?.properties ?? {}) as Record<string, { title?: string }>)[key];
    return prop?.title ?? key;
  };

  return (
    <section className="card" data-testid="channel-settings">
      <div className="card-head">
        <div className="grow">
          <h2>{t('channels.title')}</h2>
          <p className="help">{tParts('channels.help', { api: <code>POST /api/v1/channels</code> })}</p>
        </div>
        {can.editSettings(me?.role) && <button type="button" className="btn btn-primary" onClick={() => setConnecting(true)}><Icon name="plus" />{t('channels.connect')}</button>}
      </div>
      <div className="card-body">
        {generated && Object.keys(generated.secrets).length > 0 && (
          <div className="banner" role="status" data-testid="generated-secrets">
            {t('channels.generated')}
            {Object.entries(generated.secrets).map(([k, v]) => <div key={k} className="secret" style={{ marginTop: 6 }}><b className="small">{titleOf(generated.type, k)}</b> <code>{v}</code>
              <button type="button" className="btn btn-sm" onClick={() => copy(v)}><Icon name="copy" />{t('common.copy')}</button></div>)}
          </div>
        )}
        {error && <div className="banner danger">{error}</div>}
        {channels && types.size > 0 && shown.length === 0 && <p className="muted small">{t('channels.none')}</p>}
        {shown.map((c) => {
          const type = types.get(c.type);
          // (The webhook URL has its own row below, whichever field also holds it.)
          const learned = learnedValues(type?.configSchema, c.config ?? {}).filter((l) => l.value !== c.webhookUrl);
          return (
          <div key={c.id} className="channel-setup" data-channel={c.id}>
            <div className="row" style={{ marginBottom: 8 }}>
              <b className="grow">{c.name} <span className="muted small">· {type?.displayName ?? c.type}</span></b>
              <span className={`chip ${c.enabled ? 'ok' : 'warn'}`}><span className="dot" />{c.enabled ? t('channels.enabled') : t('channels.disabled')}</span>
            </div>
            <div className="channel-language small">
              <span className="muted" id={`lang-${c.id}`}>{t('channels.customerLanguage')}</span>
              <LanguagePicker value={c.defaultLanguage ?? null} onChange={(tag) => void setLanguage(c.id, tag)} automaticLabel={t('channels.accountDefault')}
                label={t('channels.languageLabel', { channel: c.name })} disabled={!can.editSettings(me?.role)} testId="channel-language" />
            </div>
            {learned.length > 0 && (
              <dl className="learned small" data-testid="learned">
                {learned.map((l) => <div key={l.key} title={l.hint}><dt>{l.title}</dt><dd><input className="input" readOnly value={l.value} size={Math.max(6, l.value.length + 1)} aria-label={l.title} /></dd></div>)}
              </dl>
            )}
            {type?.hasWebhook !== false && (
              <div className="secret" style={{ marginBottom: 10 }}>
                <code>{c.webhookUrl}</code>
                <button type="button" className="btn btn-sm" onClick={() => copy(c.webhookUrl)}><Icon name="copy" />{t('common.copy')}</button>
              </div>
            )}
            {c.nextSteps.length > 0 && (
              <ol className="next-steps small">
                {c.nextSteps.map((step, i) => (
                  <li key={i}>
                    {step.text}
                    {step.value && step.value !== c.webhookUrl && (
                      <div className="secret" style={{ marginTop: 4 }}>
                        <code>{step.value}</code>
                        <button type="button" className="btn btn-sm" onClick={() => copy(step.value!)}><Icon name="copy" />{t('common.copy')}</button>
                      </div>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </div>
          );
        })}
      </div>
      {connecting && <ConnectChannelDialog onClose={() => setConnecting(false)} onConnected={(secrets, type) => { setConnecting(false); setGenerated({ secrets, type }); ui.toast(t('channels.connected')); void load(); }} />}
    </section>
  );
}
