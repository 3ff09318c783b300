// Settings → Channels: every connected channel with the webhook URL its provider posts to and what
// is still to do in the provider's console (the API's `nextSteps`, e.g. "paste this Request URL in
// Event Subscriptions"), and, for admins, connecting a new one (ConnectChannelDialog).
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';
import { can, useSession } from '../shell/session';
import { ConnectChannelDialog } from './ConnectChannelDialog';

interface NextStep { text: string; value?: string }
interface ChannelView { id: string; type: string; name: string; enabled: boolean; webhookUrl: string; nextSteps: NextStep[] }

// Channels the website snippet carries (managed under Websites), and mail, which arrives over SMTP or IMAP.
const NOT_LISTED = new Set(['webchat']);
const NO_WEBHOOK = new Set(['email']);

export function ChannelsSettingsSection() {
  const ui = useUi();
  const [channels, setChannels] = useState<ChannelView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { me } = useSession();
  const [connecting, setConnecting] = useState(false);
  const [generated, setGenerated] = useState<Record<string, string> | null>(null);

  const load = () => api<{ items: ChannelView[] }>('/channels?limit=100').then((page) => setChannels(page.items), (e) => setError((e as Error).message));
  useEffect(() => { void load(); }, []);

  const copy = (value: string) => { void navigator.clipboard?.writeText(value); ui.toast('Copied'); };
  const shown = (channels ?? []).filter((c) => !NOT_LISTED.has(c.type));

  return (
    <section className="card" data-testid="channel-settings">
      <div className="card-head">
        <div className="grow">
          <h2>Channels</h2>
          <p className="help">Where each provider sends your customers’ messages, and what is left to do in its console. Parley checks the credentials with the provider and registers the webhook where it can (also <code>POST /api/v1/channels</code>).</p>
        </div>
        {can.editSettings(me?.role) && <button type="button" className="btn btn-primary" onClick={() => setConnecting(true)}><Icon name="plus" />Connect a channel</button>}
      </div>
      <div className="card-body">
        {generated && Object.keys(generated).length > 0 && (
          <div className="banner" role="status" data-testid="generated-secrets">
            Parley generated these for the new channel; copy them now, they are not shown again:
            {Object.entries(generated).map(([k, v]) => <div key={k} className="secret" style={{ marginTop: 6 }}><b className="small">{k}</b> <code>{v}</code>
              <button type="button" className="btn btn-sm" onClick={() => copy(v)}><Icon name="copy" />Copy</button></div>)}
          </div>
        )}
        {error && <div className="banner danger">{error}</div>}
        {channels && shown.length === 0 && <p className="muted small">No provider channels connected yet.</p>}
        {shown.map((c) => (
          <div key={c.id} className="channel-setup" data-channel={c.id}>
            <div className="row" style={{ marginBottom: 8 }}>
              <b className="grow">{c.name} <span className="muted small">· {c.type}</span></b>
              <span className={`chip ${c.enabled ? 'ok' : 'warn'}`}><span className="dot" />{c.enabled ? 'Enabled' : 'Disabled'}</span>
            </div>
            {!NO_WEBHOOK.has(c.type) && (
              <div className="secret" style={{ marginBottom: 10 }}>
                <code>{c.webhookUrl}</code>
                <button type="button" className="btn btn-sm" onClick={() => copy(c.webhookUrl)}><Icon name="copy" />Copy</button>
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
                        <button type="button" className="btn btn-sm" onClick={() => copy(step.value!)}><Icon name="copy" />Copy</button>
                      </div>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </div>
        ))}
      </div>
      {connecting && <ConnectChannelDialog onClose={() => setConnecting(false)} onConnected={(secrets) => { setConnecting(false); setGenerated(secrets); ui.toast('Channel connected'); void load(); }} />}
    </section>
  );
}
