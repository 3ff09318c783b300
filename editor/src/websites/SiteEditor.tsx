// One website: where the snippet may run (allowed origins), the entry points its launcher offers
// and where each leads, branding, language and consent, and its Guide rules. Shows the snippet
// to paste, the identity secret for signed visitors (admins) and how each offer converts.
import { Fragment, useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { Link, navigate } from '../shell/router';
import { can, useSession } from '../shell/session';
import { useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';
import { GuideRulesEditor } from './GuideRulesEditor';
import { MappedElementsSection } from './MappedElementsSection';
import type { EntryPoint, EntryPointConfig, OfferStat, Site, SiteSettings } from './types';
import { AutomationOffersSection } from './AutomationOffersSection';

const ENTRY_POINTS: { type: EntryPoint; label: string; field?: { key: string; label: string; placeholder: string } }[] = [
  { type: 'webchat', label: 'Web chat' },
  { type: 'whatsapp', label: 'WhatsApp', field: { key: 'phone', label: 'Number', placeholder: '+34600111222' } },
  { type: 'messenger', label: 'Messenger', field: { key: 'page', label: 'Facebook page', placeholder: 'yourpage' } },
  { type: 'apple_messages', label: 'Apple Messages', field: { key: 'businessId', label: 'Business id', placeholder: '00000000-0000-0000-0000-000000000000' } },
  { type: 'sms', label: 'SMS', field: { key: 'phone', label: 'Number', placeholder: '+34600111222' } },
  { type: 'email', label: 'Email', field: { key: 'address', label: 'Address', placeholder: 'hola@example.com' } },
  { type: 'phone', label: 'Phone', field: { key: 'phone', label: 'Number', placeholder: '+34910000000' } },
];

const NEW_SITE: SiteSettings = {
  name: '', allowedOrigins: [''], entryPoints: [{ type: 'webchat' }],
  branding: { colour: '#2563eb', position: 'bottom-right', title: '¿Hablamos?' }, language: 'es', requireConsent: false, guideRules: [],
  preChat: { enabled: false, requireEmail: false }, offlineForm: true,
};

export function SiteEditor({ siteId }: { siteId: string }) {
  const { me } = useSession();
  const ui = useUi();
  const editable = can.editSettings(me?.role);
  const isNew = siteId === 'new';
  const [site, setSite] = useState<Site | null>(null);
  const [draft, setDraft] = useState<SiteSettings | null>(isNew ? NEW_SITE : null);
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [stats, setStats] = useState<OfferStat[]>([]);
  const [secret, setSecret] = useState<string | null>(null);

  useEffect(() => {
    if (isNew) return;
    api<Site>(`/sites/${siteId}`).then((s) => { setSite(s); setDraft(settingsOf(s)); }, (e) => setError((e as Error).message));
    api<{ items: OfferStat[] }>(`/sites/${siteId}/offers?days=30`).then((r) => setStats(r.items), () => {});
  }, [siteId, isNew]);

  if (!draft) return <div className="page">{error ? <div className="banner danger">{error}</div> : <p className="muted">Loading the website…</p>}</div>;
  const set = (patch: Partial<SiteSettings>) => setDraft({ ...draft, ...patch });
  const errorAt = (prefix: string) => errors.filter((e) => e.path === prefix || e.path.startsWith(`${prefix}.`)).map((e) => e.message).join(' ');
  const dirty = isNew || (site !== null && JSON.stringify(settingsOf(site)) !== JSON.stringify(draft));

  const save = async () => {
    setBusy(true);
    setErrors([]);
    setError(null);
    const body = { ...draft, allowedOrigins: draft.allowedOrigins.map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean) };
    try {
      const saved = await api<Site>(isNew ? '/sites' : `/sites/${siteId}`, { method: isNew ? 'POST' : 'PUT', json: body });
      ui.toast(isNew ? 'Website added: paste its snippet on your pages' : 'Website saved');
      if (isNew) navigate(`/websites/${saved.id}`, { replace: true });
      else { setSite(saved); setDraft(settingsOf(saved)); }
    } catch (err) {
      const e = err as ApiError;
      setError(e.message);
      setErrors(e.errors ?? []);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!site) return;
    const ok = await ui.confirm({ title: `Remove “${site.name}”?`, body: <p>Its snippet stops working on every page at once, and its visitor events are deleted.</p>, confirm: 'Remove website', danger: true });
    if (!ok) return;
    await api(`/sites/${site.id}`, { method: 'DELETE' });
    ui.toast('Website removed');
    navigate('/websites');
  };

  const toggleEntryPoint = (type: EntryPoint, on: boolean) => {
    const rest = draft.entryPoints.filter((e) => e.type !== type);
    set({ entryPoints: on ? [...rest, { type } as EntryPointConfig] : rest });
  };
  const setEntryField = (type: EntryPoint, key: string, value: string) =>
    set({ entryPoints: draft.entryPoints.map((e) => (e.type === type ? ({ ...e, [key]: value } as EntryPointConfig) : e)) });

  return (
    <div className="page" style={{ maxWidth: 900 }}>
      <div className="page-header">
        <div className="grow">
          <div className="small"><Link to="/websites">← Websites</Link></div>
          <h1>{isNew ? 'Add a website' : draft.name || 'Website'}</h1>
        </div>
        {editable && !isNew && <button className="btn btn-danger" onClick={() => void remove()}><Icon name="trash" />Remove</button>}
        {editable && <button className="btn btn-primary" disabled={busy || !dirty} onClick={() => void save()}>{busy ? 'Saving…' : isNew ? 'Add website' : 'Save'}</button>}
      </div>
      {!editable && <div className="banner info" style={{ marginBottom: 16 }}><Icon name="lock" />You can read this website's settings; an admin can change them.</div>}
      {error && <div className="banner danger" role="alert" style={{ marginBottom: 16 }}>{error}</div>}

      {site && (
        <section className="card">
          <div className="card-head"><div className="grow"><h2>Snippet</h2><p className="help">Paste it before <code>&lt;/body&gt;</code> on every page of the site.</p></div></div>
          <div className="card-body">
            <pre className="json" data-testid="snippet">{site.snippet}</pre>
            {editable && (
              <p className="small" style={{ marginTop: 10 }}>
                Signed-in visitors: your backend signs <code>Parley.identify({'{ token }'})</code> with the site's identity secret (HS256).{' '}
                {secret ? <code style={{ wordBreak: 'break-all' }}>{secret}</code>
                  : <button className="btn-link" onClick={() => api<{ identitySecret: string }>(`/sites/${site.id}/identity-secret`).then((r) => setSecret(r.identitySecret))}>Show secret</button>}
              </p>
            )}
          </div>
        </section>
      )}

      <section className="card">
        <div className="card-head"><div className="grow"><h2>Website</h2></div></div>
        <div className="card-body">
          <div className={`field${errorAt('name') ? ' invalid' : ''}`} style={{ maxWidth: 420 }}>
            <label htmlFor="site-name">Name</label>
            <input id="site-name" className="input" value={draft.name} disabled={!editable} onChange={(e) => set({ name: e.target.value })} placeholder="Online shop" />
            {errorAt('name') && <span className="field-error">{errorAt('name')}</span>}
          </div>
          <div className="field-label">Allowed origins <span className="optional">the snippet runs only on these</span></div>
          {draft.allowedOrigins.map((o, i) => (
            <div key={i} className={`row${errorAt(`allowedOrigins.${i}`) ? ' invalid' : ''}`} style={{ marginBottom: 6 }}>
              <input className="input" style={{ maxWidth: 420 }} aria-label={`Origin ${i + 1}`} value={o} disabled={!editable} placeholder="https://shop.example"
                onChange={(e) => set({ allowedOrigins: draft.allowedOrigins.map((x, j) => (j === i ? e.target.value : x)) })} />
              {editable && draft.allowedOrigins.length > 1 && <button className="btn btn-ghost btn-sm btn-icon" aria-label="Remove origin" onClick={() => set({ allowedOrigins: draft.allowedOrigins.filter((_, j) => j !== i) })}><Icon name="x" /></button>}
              {errorAt(`allowedOrigins.${i}`) && <span className="field-error">{errorAt(`allowedOrigins.${i}`)}</span>}
            </div>
          ))}
          {editable && <button className="btn-link small" onClick={() => set({ allowedOrigins: [...draft.allowedOrigins, ''] })}>+ origin</button>}
          {errorAt('allowedOrigins') && !draft.allowedOrigins.some((_, i) => errorAt(`allowedOrigins.${i}`)) && <p className="field-error">{errorAt('allowedOrigins')}</p>}
          <div className="row" style={{ marginTop: 16, gap: 24 }}>
            <div className="field">
              <label htmlFor="site-lang">Language</label>
              <select id="site-lang" className="select" value={draft.language} disabled={!editable} onChange={(e) => set({ language: e.target.value as 'es' | 'en' })}>
                <option value="es">Español</option><option value="en">English</option>
              </select>
            </div>
            <label className="check"><input type="checkbox" checked={draft.requireConsent} disabled={!editable} onChange={(e) => set({ requireConsent: e.target.checked })} />
              Wait for the visitor's consent (<code>Parley.consent(true)</code>) before storing or sending anything</label>
          </div>
        </div>
      </section>

      <section className="card">
        <div className="card-head"><div className="grow"><h2>Entry points</h2><p className="help">The channels the launcher lists. Guide rules can narrow them per page or visitor.</p></div></div>
        <div className="card-body stack" style={{ gap: 8 }}>
          {ENTRY_POINTS.map(({ type, label, field }) => {
            const current = draft.entryPoints.find((e) => e.type === type) as Record<string, string> | undefined;
            const idx = draft.entryPoints.findIndex((e) => e.type === type);
            return (
              <Fragment key={type}>
              <div className="row" style={{ gap: 12, minHeight: 34 }}>
                <label className="check" style={{ width: 170 }}><input type="checkbox" checked={Boolean(current)} disabled={!editable} onChange={(e) => toggleEntryPoint(type, e.target.checked)} />{label}</label>
                {current && field && (
                  <>
                    <input className="input" style={{ maxWidth: 320 }} aria-label={`${label} ${field.label}`} placeholder={field.placeholder} value={current[field.key] ?? ''} disabled={!editable}
                      onChange={(e) => setEntryField(type, field.key, e.target.value)} />
                    {errorAt(`entryPoints.${idx}`) && <span className="field-error">{errorAt(`entryPoints.${idx}`)}</span>}
                  </>
                )}
                {current && type === 'webchat' && <span className="muted small">{draft.offlineForm ? 'Chat while someone can answer; a message form otherwise' : 'Shown while someone can answer'}</span>}
              </div>
              {current && type === 'webchat' && <WebchatForms draft={draft} editable={editable} set={set} />}
              </Fragment>
            );
          })}
        </div>
      </section>

      <section className="card">
        <div className="card-head"><div className="grow"><h2>Branding</h2></div></div>
        <div className="card-body row wrap" style={{ gap: 20, alignItems: 'flex-end' }}>
          <div className="field"><label htmlFor="b-colour">Colour</label>
            <input id="b-colour" type="color" className="input" style={{ width: 64, padding: 2 }} value={draft.branding.colour} disabled={!editable} onChange={(e) => set({ branding: { ...draft.branding, colour: e.target.value } })} /></div>
          <div className="field"><label htmlFor="b-title">Title</label>
            <input id="b-title" className="input" value={draft.branding.title} disabled={!editable} onChange={(e) => set({ branding: { ...draft.branding, title: e.target.value } })} /></div>
          <div className="field"><label htmlFor="b-pos">Position</label>
            <select id="b-pos" className="select" value={draft.branding.position} disabled={!editable} onChange={(e) => set({ branding: { ...draft.branding, position: e.target.value as 'bottom-right' | 'bottom-left' } })}>
              <option value="bottom-right">Bottom right</option><option value="bottom-left">Bottom left</option>
            </select></div>
          <div className="field grow"><label htmlFor="b-logo">Logo URL <span className="optional">optional</span></label>
            <input id="b-logo" className="input" value={draft.branding.logoUrl ?? ''} disabled={!editable} placeholder="https://shop.example/logo.png"
              onChange={(e) => set({ branding: { ...draft.branding, logoUrl: e.target.value || undefined } })} /></div>
        </div>
        {errorAt('branding') && <p className="field-error" style={{ padding: '0 20px 16px' }}>{errorAt('branding')}</p>}
      </section>

      <GuideRulesEditor rules={draft.guideRules} onChange={(guideRules) => set({ guideRules })} readOnly={!editable} errorAt={errorAt} stats={stats} />
      <AutomationOffersSection stats={stats} guideRuleIds={draft.guideRules.map((r) => r.id)} />
      {site && <MappedElementsSection siteId={site.id} origins={site.allowedOrigins} editable={editable} />}
    </div>
  );
}

/** Web chat's own forms: the pre-chat form (name, email before the first message) and the offline form. */
function WebchatForms({ draft, editable, set }: { draft: SiteSettings; editable: boolean; set: (patch: Partial<SiteSettings>) => void }) {
  return (
    <div className="stack" style={{ gap: 6, marginLeft: 8, paddingLeft: 18, borderLeft: '2px solid var(--border, #e2e8f0)', marginBottom: 6 }}>
      <label className="check"><input type="checkbox" checked={draft.preChat.enabled} disabled={!editable}
        onChange={(e) => set({ preChat: { ...draft.preChat, enabled: e.target.checked } })} />
        Pre-chat form: ask the visitor's name and email before the first message (they fill the contact)</label>
      {draft.preChat.enabled && (
        <label className="check" style={{ paddingLeft: 24 }}><input type="checkbox" checked={draft.preChat.requireEmail} disabled={!editable}
          onChange={(e) => set({ preChat: { ...draft.preChat, requireEmail: e.target.checked } })} />
          Email required</label>
      )}
      <label className="check"><input type="checkbox" checked={draft.offlineForm} disabled={!editable} onChange={(e) => set({ offlineForm: e.target.checked })} />
        While nobody is online, offer a form to leave a message (name, email, message)</label>
      {draft.offlineForm && <OfflineReplyChoice draft={draft} editable={editable} set={set} />}
    </div>
  );
}

function settingsOf(s: Site): SiteSettings {
  const { name, allowedOrigins, entryPoints, branding, language, requireConsent, guideRules } = s;
  // Sites saved before the web chat forms existed have neither setting.
  const preChat = s.preChat ?? { enabled: false, requireEmail: false };
  return { name, allowedOrigins, entryPoints, branding, language, requireConsent, guideRules, preChat, offlineForm: s.offlineForm ?? true };
}

/** Where offline messages are answered: in the chat, or by email from one of the account's email channels. */
function OfflineReplyChoice({ draft, editable, set }: { draft: SiteSettings; editable: boolean; set: (patch: Partial<SiteSettings>) => void }) {
  const [mailboxes, setMailboxes] = useState<{ id: string; name: string; address: string }[]>([]);
  useEffect(() => {
    api<{ items: { id: string; type: string; name: string; config: { address?: string } }[] }>('/channels?limit=100')
      .then((r) => setMailboxes(r.items.filter((c) => c.type === 'email').map((c) => ({ id: c.id, name: c.name, address: c.config.address ?? '' }))), () => {});
  }, []);
  return (
    <div className="row" style={{ paddingLeft: 24, gap: 8 }}>
      <label htmlFor="offline-reply" className="small">Answer them</label>
      <select id="offline-reply" className="select" style={{ maxWidth: 360 }} value={draft.offlineReplyChannelId ?? ''} disabled={!editable}
        onChange={(e) => set({ offlineReplyChannelId: e.target.value || undefined })}>
        <option value="">in the chat (the visitor comes back to read it)</option>
        {mailboxes.map((m) => <option key={m.id} value={m.id}>by email from {m.name} ({m.address})</option>)}
      </select>
      {mailboxes.length === 0 && <span className="muted small">Connect an email channel to answer by email.</span>}
    </div>
  );
}
