// Automation settings: the business-hours calendar (time zone, weekly hours, holidays) that the
// "business hours" condition reads, SMTP for notification emails, and the `Call a URL` policy with
// its signing secret. Admins edit; supervisors read (without secrets).
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { AutomationSettings, AutomationSettingsPatch, BusinessHoursSettings, Weekday } from '../api/types';
import { can, useSession } from '../shell/session';
import { useUi } from '../ui/dialog';
import { exactTime } from '../ui/format';
import { Icon } from '../ui/icons';
import { StripeSettingsSection } from '../payments/StripeSettingsSection';
import { ChannelsSettingsSection } from './ChannelsSettingsSection';
import { LanguageSettingsSection } from './LanguageSettingsSection';
import { UsersSettingsSection } from './UsersSettingsSection';
import { RoutingSettingsSection } from './RoutingSettingsSection';

const DAYS: [Weekday, string][] = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']];
const DEFAULT_CALENDAR: BusinessHoursSettings = {
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  weekly: { mon: ['09:00-18:00'], tue: ['09:00-18:00'], wed: ['09:00-18:00'], thu: ['09:00-18:00'], fri: ['09:00-18:00'] },
  holidays: [],
};

type Smtp = { host: string; port: number; secure: boolean; user: string; from: string; password: string; passwordSet: boolean; clearPassword: boolean };

export function SettingsPage() {
  const { me } = useSession();
  const ui = useUi();
  const editable = can.editSettings(me?.role);
  const [settings, setSettings] = useState<AutomationSettings | null>(null);
  const [calendarOn, setCalendarOn] = useState(false);
  const [calendar, setCalendar] = useState<BusinessHoursSettings>(DEFAULT_CALENDAR);
  const [smtpOn, setSmtpOn] = useState(false);
  const [smtp, setSmtp] = useState<Smtp>({ host: '', port: 587, secure: false, user: '', from: '', password: '', passwordSet: false, clearPassword: false });
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [newHoliday, setNewHoliday] = useState('');
  const [showSecret, setShowSecret] = useState(false);
  const [busy, setBusy] = useState(false);
  // What the form held when the settings were read or saved: anything else is an unsaved change.
  const [savedForm, setSavedForm] = useState('');
  const form = JSON.stringify({ calendarOn, calendar: calendarOn ? calendar : null, smtpOn, smtp: smtpOn ? smtp : null, allowPrivate });
  const dirty = settings !== null && savedForm !== '' && form !== savedForm;

  const adopt = (s: AutomationSettings) => {
    setSettings(s);
    setCalendarOn(Boolean(s.businessHours));
    setCalendar(s.businessHours ?? DEFAULT_CALENDAR);
    setSmtpOn(Boolean(s.smtp));
    setSmtp({ host: s.smtp?.host ?? '', port: s.smtp?.port ?? 587, secure: s.smtp?.secure ?? false, user: s.smtp?.user ?? '', from: s.smtp?.from ?? '', password: '', passwordSet: s.smtp?.passwordSet ?? false, clearPassword: false });
    setAllowPrivate(s.allowPrivateUrls);
    const calendarOn = Boolean(s.businessHours);
    const smtpOn = Boolean(s.smtp);
    setSavedForm(JSON.stringify({
      calendarOn, calendar: calendarOn ? s.businessHours : null, smtpOn,
      smtp: smtpOn ? { host: s.smtp?.host ?? '', port: s.smtp?.port ?? 587, secure: s.smtp?.secure ?? false, user: s.smtp?.user ?? '', from: s.smtp?.from ?? '', password: '', passwordSet: s.smtp?.passwordSet ?? false, clearPassword: false } : null,
      allowPrivate: s.allowPrivateUrls,
    }));
  };

  useEffect(() => { api<AutomationSettings>('/settings/automation').then(adopt, (e) => setError((e as Error).message)); }, []);

  const zones = useMemo(() => {
    const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
    return intl.supportedValuesOf?.('timeZone') ?? [];
  }, []);

  const save = async () => {
    setBusy(true);
    setErrors([]);
    setError(null);
    const patch: AutomationSettingsPatch = {
      businessHours: calendarOn ? calendar : null,
      smtp: smtpOn ? {
        host: smtp.host.trim(), port: Number(smtp.port), secure: smtp.secure, user: smtp.user.trim() || null, from: smtp.from.trim(),
        ...(smtp.password ? { password: smtp.password } : smtp.clearPassword ? { password: null } : {}),
      } : null,
      allowPrivateUrls: allowPrivate,
    };
    try {
      adopt(await api<AutomationSettings>('/settings/automation', { method: 'PUT', json: patch }));
      ui.toast('Settings saved');
    } catch (err) {
      const e = err as ApiError;
      setError(e.message);
      setErrors(e.errors ?? []);
    } finally {
      setBusy(false);
    }
  };

  const rotate = async () => {
    const ok = await ui.confirm({
      title: 'Replace the URL signing secret?',
      body: <p>Receivers that verify <b>Call a URL</b> requests with the current secret will refuse them until you give them the new one.</p>,
      confirm: 'Replace secret', danger: true,
    });
    if (!ok) return;
    try {
      adopt(await api<AutomationSettings>('/settings/automation', { method: 'PUT', json: { rotateUrlSigningSecret: true } }));
      setShowSecret(true);
      ui.toast('New signing secret created');
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  const errorAt = (prefix: string) => errors.filter((e) => e.path === prefix || e.path.startsWith(`${prefix}.`)).map((e) => e.message).join(' ');
  const setDay = (day: Weekday, intervals: string[] | undefined) =>
    setCalendar((c) => { const weekly = { ...c.weekly }; if (intervals) weekly[day] = intervals; else delete weekly[day]; return { ...c, weekly }; });

  if (!settings) return <div className="page">{error ? <div className="banner danger">{error}</div> : <p className="muted">Loading settings…</p>}</div>;

  return (
    <div className="page" style={{ maxWidth: 820 }}>
      <div className="page-header">
        <div className="grow">
          <h1>Automation settings</h1>
          <p>Used by every rule of this account. {settings.updatedAt && <>Last changed {exactTime(settings.updatedAt)}.</>}</p>
        </div>
        {editable && <button className="btn btn-primary" onClick={() => void save()} disabled={busy || !dirty} title={dirty ? undefined : 'Nothing to save'}>{busy ? 'Saving…' : 'Save settings'}</button>}
      </div>
      {!editable && <div className="banner info" style={{ marginBottom: 16 }}><Icon name="lock" />You can read these settings; an admin can change them.</div>}
      {error && <div className="banner danger" role="alert" style={{ marginBottom: 16 }}>{error}</div>}

      <section className="card">
        <div className="card-head">
          <div className="grow"><h2>Business hours</h2><p className="help">The calendar the “Inside / outside business hours” condition reads. Without one, it is always inside.</p></div>
          <label className="toggle"><input type="checkbox" checked={calendarOn} disabled={!editable} onChange={(e) => setCalendarOn(e.target.checked)} aria-label="Use a business-hours calendar" /><span /></label>
        </div>
        {calendarOn && (
          <div className="card-body">
            <div className={`field${errorAt('businessHours.timeZone') ? ' invalid' : ''}`} style={{ maxWidth: 320 }}>
              <label htmlFor="tz">Time zone</label>
              <input id="tz" className="input" list="tz-list" value={calendar.timeZone} disabled={!editable} onChange={(e) => setCalendar({ ...calendar, timeZone: e.target.value })} />
              <datalist id="tz-list">{zones.map((z) => <option key={z} value={z} />)}</datalist>
              {errorAt('businessHours.timeZone') && <span className="field-error">{errorAt('businessHours.timeZone')}</span>}
            </div>
            <div className="field-label" style={{ marginBottom: 8 }}>Weekly hours</div>
            <div className="week">
              {DAYS.map(([day, label]) => {
                const intervals = calendar.weekly[day];
                return (
                  <div key={day} style={{ display: 'contents' }}>
                    <label className="check day"><input type="checkbox" checked={Boolean(intervals)} disabled={!editable} onChange={(e) => setDay(day, e.target.checked ? ['09:00-18:00'] : undefined)} />{label.slice(0, 3)}</label>
                    <div className="row wrap">
                      {!intervals && <span className="muted small">Closed</span>}
                      {intervals?.map((interval, i) => {
                        const [from = '', to = ''] = interval.split('-');
                        const put = (f: string, t: string) => setDay(day, intervals.map((x, j) => (j === i ? `${f}-${t}` : x)));
                        return (
                          <span key={i} className="row" style={{ gap: 4 }}>
                            <input className="input" type="time" style={{ width: 132 }} value={from} disabled={!editable} onChange={(e) => put(e.target.value, to)} aria-label={`${label} opens`} />
                            <span className="muted">–</span>
                            <input className="input" type="time" style={{ width: 132 }} value={to} disabled={!editable} onChange={(e) => put(from, e.target.value)} aria-label={`${label} closes`} />
                            {editable && intervals.length > 1 && <button className="btn btn-ghost btn-sm btn-icon" aria-label="Remove interval" onClick={() => setDay(day, intervals.filter((_, j) => j !== i))}><Icon name="x" /></button>}
                          </span>
                        );
                      })}
                      {editable && intervals && <button className="btn-link small" onClick={() => setDay(day, [...intervals, '14:00-18:00'])}>+ interval</button>}
                    </div>
                  </div>
                );
              })}
            </div>
            {errorAt('businessHours.weekly') && <p className="field-error" style={{ marginTop: 8 }}>{errorAt('businessHours.weekly')}</p>}
            <div className="field-label" style={{ margin: '20px 0 8px' }}>Holidays <span className="optional">closed all day</span></div>
            <div className="row wrap" style={{ marginBottom: 8 }}>
              {calendar.holidays.length === 0 && <span className="muted small">None</span>}
              {calendar.holidays.map((d) => (
                <span key={d} className="chip" title={d}>{holidayText(d)}{editable && <button className="btn-link" aria-label={`Remove ${d}`} onClick={() => setCalendar({ ...calendar, holidays: calendar.holidays.filter((x) => x !== d) })}><Icon name="x" size={12} /></button>}</span>
              ))}
            </div>
            {editable && (
              <div className="row">
                <input className="input" type="date" style={{ width: 180 }} value={newHoliday} onChange={(e) => setNewHoliday(e.target.value)} aria-label="Holiday date" />
                <button className="btn" disabled={!newHoliday} onClick={() => { setCalendar({ ...calendar, holidays: [...new Set([...calendar.holidays, newHoliday])].sort() }); setNewHoliday(''); }}>Add holiday</button>
              </div>
            )}
            {errorAt('businessHours.holidays') && <p className="field-error">{errorAt('businessHours.holidays')}</p>}
          </div>
        )}
      </section>

      <section className="card">
        <div className="card-head">
          <div className="grow"><h2>Notification email (SMTP)</h2><p className="help">The mail server “Send notification email” actions send through. Without one, those actions cannot send.</p></div>
          <label className="toggle"><input type="checkbox" checked={smtpOn} disabled={!editable} onChange={(e) => setSmtpOn(e.target.checked)} aria-label="Send notification emails" /><span /></label>
        </div>
        {smtpOn && (
          <div className="card-body">
            <div className="row" style={{ alignItems: 'flex-start' }}>
              <div className={`field grow${errorAt('smtp.host') ? ' invalid' : ''}`}>
                <label htmlFor="smtp-host">Server</label>
                <input id="smtp-host" className="input" value={smtp.host} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, host: e.target.value })} placeholder="smtp.example.com" />
                {errorAt('smtp.host') && <span className="field-error">{errorAt('smtp.host')}</span>}
              </div>
              <div className={`field${errorAt('smtp.port') ? ' invalid' : ''}`} style={{ width: 110 }}>
                <label htmlFor="smtp-port">Port</label>
                <input id="smtp-port" className="input" type="number" value={smtp.port} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, port: Number(e.target.value) })} />
              </div>
            </div>
            <label className="check" style={{ marginBottom: 14 }}><input type="checkbox" checked={smtp.secure} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, secure: e.target.checked })} />TLS from the start (usually port 465); otherwise STARTTLS when offered</label>
            <div className={`field${errorAt('smtp.from') ? ' invalid' : ''}`}>
              <label htmlFor="smtp-from">From</label>
              <input id="smtp-from" className="input" value={smtp.from} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, from: e.target.value })} placeholder="Parley <parley@example.com>" />
              {errorAt('smtp.from') && <span className="field-error">{errorAt('smtp.from')}</span>}
            </div>
            <div className="row" style={{ alignItems: 'flex-start' }}>
              <div className="field grow">
                <label htmlFor="smtp-user">User <span className="optional">optional</span></label>
                <input id="smtp-user" className="input" value={smtp.user} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, user: e.target.value })} autoComplete="off" />
              </div>
              <div className="field grow">
                <label htmlFor="smtp-pass">Password {smtp.passwordSet && !smtp.clearPassword && <span className="optional">set · leave empty to keep</span>}</label>
                <input id="smtp-pass" className="input" type="password" value={smtp.password} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, password: e.target.value, clearPassword: false })} autoComplete="new-password" />
                {smtp.passwordSet && editable && <label className="check small"><input type="checkbox" checked={smtp.clearPassword} onChange={(e) => setSmtp({ ...smtp, clearPassword: e.target.checked, password: '' })} />Remove the stored password</label>}
              </div>
            </div>
          </div>
        )}
      </section>

      <section className="card">
        <div className="card-head"><div className="grow"><h2>Call a URL</h2><p className="help">How “Call a URL” actions reach your other systems, and how those systems know the call came from Parley.</p></div></div>
        <div className="card-body">
          <label className="row" style={{ alignItems: 'flex-start', gap: 12, marginBottom: 18 }}>
            <span className="toggle" style={{ marginTop: 2 }}><input type="checkbox" checked={allowPrivate} disabled={!editable} onChange={(e) => setAllowPrivate(e.target.checked)} /><span /></span>
            <span><b>Allow private and loopback addresses</b><br /><span className="help">Lets rules call services inside your network (10.x, 192.168.x, localhost). The risk: anyone who can edit rules can then make Parley’s server reach internal systems. Keep it off unless you need it; link-local and cloud metadata addresses are always refused.</span></span>
          </label>
          <div className="field-label" style={{ marginBottom: 6 }}>URL signing secret</div>
          <p className="help" style={{ marginBottom: 8 }}>Parley signs every request so the receiving system can check it came from Parley: give it this secret (Standard Webhooks: <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code> headers).</p>
          {settings.urlSigningSecret ? (
            <div className="secret">
              <code>{showSecret ? settings.urlSigningSecret : `${settings.urlSigningSecret.slice(0, 10)}${'•'.repeat(24)}`}</code>
              <button className="btn btn-sm" onClick={() => setShowSecret((s) => !s)}><Icon name="eye" />{showSecret ? 'Hide' : 'Reveal'}</button>
              <button className="btn btn-sm" onClick={() => { void navigator.clipboard?.writeText(settings.urlSigningSecret!); ui.toast('Secret copied'); }}><Icon name="copy" />Copy</button>
              {editable && <button className="btn btn-sm btn-danger" onClick={() => void rotate()}>Replace…</button>}
            </div>
          ) : <p className="muted small">{editable ? 'No secret yet: it is created with the first Call a URL action.' : 'Shown to admins only.'}</p>}
        </div>
      </section>
      <StripeSettingsSection editable={editable} />
      <LanguageSettingsSection editable={editable} />
      <ChannelsSettingsSection />
      <UsersSettingsSection editable={editable} />
      <RoutingSettingsSection editable={editable} />
      {editable && dirty && (
        <div className="save-bar" role="status">
          <span className="grow">You have unsaved changes.</span>
          <button className="btn" onClick={() => settings && adopt(settings)} disabled={busy}>Discard</button>
          <button className="btn btn-primary" onClick={() => void save()} disabled={busy}>{busy ? 'Saving…' : 'Save settings'}</button>
        </div>
      )}
    </div>
  );
}

/** `2026-12-25` → "Fri, 25 Dec 2026" (read as a calendar day, whatever the browser's time zone). */
function holidayText(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
