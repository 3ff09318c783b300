// Automation settings: the business-hours calendar (time zone, weekly hours, holidays) that the
// "business hours" condition reads, SMTP for notification emails, and the `Call a URL` policy with
// its signing secret. Admins edit; supervisors read (without secrets).
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { AutomationSettings, AutomationSettingsPatch, BusinessHoursSettings, Weekday } from '../api/types';
import { can, useSession } from '../shell/session';
import { useUi } from '../ui/dialog';
import { t, tParts } from '../i18n';
import { formatMoment, weekdayName } from '../ui/time-format';
import { Icon } from '../ui/icons';
import { StripeSettingsSection } from '../payments/StripeSettingsSection';
import { ChannelsSettingsSection } from './ChannelsSettingsSection';
import { LanguageSettingsSection } from './LanguageSettingsSection';
import { UsersSettingsSection } from './UsersSettingsSection';
import { RoutingSettingsSection } from './RoutingSettingsSection';

const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
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
      ui.toast(t('settings.saved'));
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
      title: t('settings.rotateTitle'),
      body: <p>{t('settings.rotateBody')}</p>,
      confirm: t('settings.rotateConfirm'), danger: true,
    });
    if (!ok) return;
    try {
      adopt(await api<AutomationSettings>('/settings/automation', { method: 'PUT', json: { rotateUrlSigningSecret: true } }));
      setShowSecret(true);
      ui.toast(t('settings.rotated'));
    } catch (err) {
      ui.toast((err as Error).message, 'danger');
    }
  };

  const errorAt = (prefix: string) => errors.filter((e) => e.path === prefix || e.path.startsWith(`${prefix}.`)).map((e) => e.message).join(' ');
  const setDay = (day: Weekday, intervals: string[] | undefined) =>
    setCalendar((c) => { const weekly = { ...c.weekly }; if (intervals) weekly[day] = intervals; else delete weekly[day]; return { ...c, weekly }; });

  if (!settings) return <div className="page">{error ? <div className="banner danger">{error}</div> : <p className="muted">{t('settings.loading')}</p>}</div>;

  return (
    <div className="page" style={{ maxWidth: 820 }}>
      <div className="page-header">
        <div className="grow">
          <h1>{t('settings.title')}</h1>
          <p>{t('settings.lead')} {settings.updatedAt && t('settings.lastChanged', { time: formatMoment(settings.updatedAt, 'exact') })}</p>
        </div>
        {editable && <button className="btn btn-primary" onClick={() => void save()} disabled={busy || !dirty} title={dirty ? undefined : t('settings.nothingToSave')}>{busy ? t('common.saving') : t('settings.save')}</button>}
      </div>
      {!editable && <div className="banner info" style={{ marginBottom: 16 }}><Icon name="lock" />{t('settings.readOnly')}</div>}
      {error && <div className="banner danger" role="alert" style={{ marginBottom: 16 }}>{error}</div>}

      <section className="card">
        <div className="card-head">
          <div className="grow"><h2>{t('settings.hoursTitle')}</h2><p className="help">{t('settings.hoursHelp')}</p></div>
          <label className="toggle"><input type="checkbox" checked={calendarOn} disabled={!editable} onChange={(e) => setCalendarOn(e.target.checked)} aria-label={t('settings.hoursToggle')} /><span /></label>
        </div>
        {calendarOn && (
          <div className="card-body">
            <div className={`field${errorAt('businessHours.timeZone') ? ' invalid' : ''}`} style={{ maxWidth: 320 }}>
              <label htmlFor="tz">{t('settings.timeZone')}</label>
              <input id="tz" className="input" list="tz-list" value={calendar.timeZone} disabled={!editable} onChange={(e) => setCalendar({ ...calendar, timeZone: e.target.value })} />
              <datalist id="tz-list">{zones.map((z) => <option key={z} value={z} />)}</datalist>
              {errorAt('businessHours.timeZone') && <span className="field-error">{errorAt('businessHours.timeZone')}</span>}
            </div>
            <div className="field-label" style={{ marginBottom: 8 }}>{t('settings.weeklyHours')}</div>
            <div className="week">
              {DAYS.map((day) => {
                const label = weekdayName(day);
                const intervals = calendar.weekly[day];
                return (
                  <div key={day} style={{ display: 'contents' }}>
                    <label className="check day"><input type="checkbox" checked={Boolean(intervals)} disabled={!editable} onChange={(e) => setDay(day, e.target.checked ? ['09:00-18:00'] : undefined)} />{weekdayName(day, 'short')}</label>
                    <div className="row wrap">
                      {!intervals && <span className="muted small">{t('settings.closed')}</span>}
                      {intervals?.map((interval, i) => {
                        const [from = '', to = ''] = interval.split('-');
                        const put = (f: string, t: string) => setDay(day, intervals.map((x, j) => (j === i ? `${f}-${t}` : x)));
                        return (
                          <span key={i} className="row" style={{ gap: 4 }}>
                            <input className="input" type="time" style={{ width: 132 }} value={from} disabled={!editable} onChange={(e) => put(e.target.value, to)} aria-label={t('settings.opens', { day: label })} />
                            <span className="muted">–</span>
                            <input className="input" type="time" style={{ width: 132 }} value={to} disabled={!editable} onChange={(e) => put(from, e.target.value)} aria-label={t('settings.closes', { day: label })} />
                            {editable && intervals.length > 1 && <button className="btn btn-ghost btn-sm btn-icon" aria-label={t('settings.removeInterval')} onClick={() => setDay(day, intervals.filter((_, j) => j !== i))}><Icon name="x" /></button>}
                          </span>
                        );
                      })}
                      {editable && intervals && <button className="btn-link small" onClick={() => setDay(day, [...intervals, '14:00-18:00'])}>{t('settings.addInterval')}</button>}
                    </div>
                  </div>
                );
              })}
            </div>
            {errorAt('businessHours.weekly') && <p className="field-error" style={{ marginTop: 8 }}>{errorAt('businessHours.weekly')}</p>}
            <div className="field-label" style={{ margin: '20px 0 8px' }}>{t('settings.holidays')} <span className="optional">{t('settings.holidaysHint')}</span></div>
            <div className="row wrap" style={{ marginBottom: 8 }}>
              {calendar.holidays.length === 0 && <span className="muted small">{t('settings.noHolidays')}</span>}
              {calendar.holidays.map((d) => (
                <span key={d} className="chip" title={d}>{holidayText(d)}{editable && <button className="btn-link" aria-label={t('settings.removeHoliday', { day: holidayText(d) })} onClick={() => setCalendar({ ...calendar, holidays: calendar.holidays.filter((x) => x !== d) })}><Icon name="x" size={12} /></button>}</span>
              ))}
            </div>
            {editable && (
              <div className="row">
                <input className="input" type="date" style={{ width: 180 }} value={newHoliday} onChange={(e) => setNewHoliday(e.target.value)} aria-label={t('settings.holidayDate')} />
                <button className="btn" disabled={!newHoliday} onClick={() => { setCalendar({ ...calendar, holidays: [...new Set([...calendar.holidays, newHoliday])].sort() }); setNewHoliday(''); }}>{t('settings.addHoliday')}</button>
              </div>
            )}
            {errorAt('businessHours.holidays') && <p className="field-error">{errorAt('businessHours.holidays')}</p>}
          </div>
        )}
      </section>

      <section className="card">
        <div className="card-head">
          <div className="grow"><h2>{t('settings.smtpTitle')}</h2><p className="help">{t('settings.smtpHelp')}</p></div>
          <label className="toggle"><input type="checkbox" checked={smtpOn} disabled={!editable} onChange={(e) => setSmtpOn(e.target.checked)} aria-label={t('settings.smtpToggle')} /><span /></label>
        </div>
        {smtpOn && (
          <div className="card-body">
            <div className="row" style={{ alignItems: 'flex-start' }}>
              <div className={`field grow${errorAt('smtp.host') ? ' invalid' : ''}`}>
                <label htmlFor="smtp-host">{t('settings.server')}</label>
                <input id="smtp-host" className="input" value={smtp.host} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, host: e.target.value })} placeholder="smtp.example.com" />
                {errorAt('smtp.host') && <span className="field-error">{errorAt('smtp.host')}</span>}
              </div>
              <div className={`field${errorAt('smtp.port') ? ' invalid' : ''}`} style={{ width: 110 }}>
                <label htmlFor="smtp-port">{t('settings.port')}</label>
                <input id="smtp-port" className="input" type="number" value={smtp.port} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, port: Number(e.target.value) })} />
              </div>
            </div>
            <label className="check" style={{ marginBottom: 14 }}><input type="checkbox" checked={smtp.secure} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, secure: e.target.checked })} />{t('settings.secure')}</label>
            <div className={`field${errorAt('smtp.from') ? ' invalid' : ''}`}>
              <label htmlFor="smtp-from">{t('settings.from')}</label>
              <input id="smtp-from" className="input" value={smtp.from} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, from: e.target.value })} placeholder="Parley <parley@example.com>" />
              {errorAt('smtp.from') && <span className="field-error">{errorAt('smtp.from')}</span>}
            </div>
            <div className="row" style={{ alignItems: 'flex-start' }}>
              <div className="field grow">
                <label htmlFor="smtp-user">{t('settings.user')} <span className="optional">{t('common.optional')}</span></label>
                <input id="smtp-user" className="input" value={smtp.user} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, user: e.target.value })} autoComplete="off" />
              </div>
              <div className="field grow">
                <label htmlFor="smtp-pass">{t('settings.password')} {smtp.passwordSet && !smtp.clearPassword && <span className="optional">{t('settings.passwordKept')}</span>}</label>
                <input id="smtp-pass" className="input" type="password" value={smtp.password} disabled={!editable} onChange={(e) => setSmtp({ ...smtp, password: e.target.value, clearPassword: false })} autoComplete="new-password" />
                {smtp.passwordSet && editable && <label className="check small"><input type="checkbox" checked={smtp.clearPassword} onChange={(e) => setSmtp({ ...smtp, clearPassword: e.target.checked, password: '' })} />{t('settings.removePassword')}</label>}
              </div>
            </div>
          </div>
        )}
      </section>

      <section className="card">
        <div className="card-head"><div className="grow"><h2>{t('settings.urlTitle')}</h2><p className="help">{t('settings.urlHelp')}</p></div></div>
        <div className="card-body">
          <label className="row" style={{ alignItems: 'flex-start', gap: 12, marginBottom: 18 }}>
            <span className="toggle" style={{ marginTop: 2 }}><input type="checkbox" checked={allowPrivate} disabled={!editable} onChange={(e) => setAllowPrivate(e.target.checked)} /><span /></span>
            <span><b>{t('settings.allowPrivate')}</b><br /><span className="help">{t('settings.allowPrivateHelp')}</span></span>
          </label>
          <div className="field-label" style={{ marginBottom: 6 }}>{t('settings.secretTitle')}</div>
          <p className="help" style={{ marginBottom: 8 }}>{tParts('settings.secretHelp', { headers: <><code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code></> })}</p>
          {settings.urlSigningSecret ? (
            <div className="secret">
              <code>{showSecret ? settings.urlSigningSecret : `${settings.urlSigningSecret.slice(0, 10)}${'•'.repeat(24)}`}</code>
              <button className="btn btn-sm" onClick={() => setShowSecret((s) => !s)}><Icon name="eye" />{showSecret ? t('settings.hide') : t('settings.reveal')}</button>
              <button className="btn btn-sm" onClick={() => { void navigator.clipboard?.writeText(settings.urlSigningSecret!); ui.toast(t('settings.secretCopied')); }}><Icon name="copy" />{t('common.copy')}</button>
              {editable && <button className="btn btn-sm btn-danger" onClick={() => void rotate()}>{t('settings.replace')}</button>}
            </div>
          ) : <p className="muted small">{editable ? t('settings.noSecret') : t('settings.adminsOnly')}</p>}
        </div>
      </section>
      <StripeSettingsSection editable={editable} />
      <LanguageSettingsSection editable={editable} />
      <ChannelsSettingsSection />
      <UsersSettingsSection editable={editable} />
      <RoutingSettingsSection editable={editable} />
      {editable && dirty && (
        <div className="save-bar" role="status">
          <span className="grow">{t('settings.unsaved')}</span>
          <button className="btn" onClick={() => settings && adopt(settings)} disabled={busy}>{t('settings.discard')}</button>
          <button className="btn btn-primary" onClick={() => void save()} disabled={busy}>{busy ? t('common.saving') : t('settings.save')}</button>
        </div>
      )}
    </div>
  );
}

/** `2026-12-25` → "Fri, Dec 25, 2026" / "vie, 25 dic 2026" (read as a calendar day, whatever the browser's time zone). */
function holidayText(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : formatMoment(d, 'calendarDay', 'UTC');
}
