// One agent's availability: time zone, weekly hours per day (several windows a day), skills.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import { useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';
import { BROWSER_ZONE } from './time-zones';
import type { AgentAvailability, HoursRange, UserSummary, Weekday } from './types';

const DAYS: [Weekday, string][] = [['mon', 'Mon'], ['tue', 'Tue'], ['wed', 'Wed'], ['thu', 'Thu'], ['fri', 'Fri'], ['sat', 'Sat'], ['sun', 'Sun']];
const NINE_TO_FIVE = (): HoursRange[] => [{ start: '09:00', end: '17:00' }];

export function AvailabilitySection({ users, editable }: { users: UserSummary[]; editable: boolean }) {
  const ui = useUi();
  const [userId, setUserId] = useState(users[0]?.id ?? '');
  const [value, setValue] = useState<AgentAvailability | null>(null);
  const [skills, setSkills] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!userId) return;
    setValue(null);
    setError(null);
    api<AgentAvailability>(`/agents/${userId}/availability`).then((a) => {
      setValue(a.configured ? a : { ...a, timeZone: BROWSER_ZONE, weekly: { mon: NINE_TO_FIVE(), tue: NINE_TO_FIVE(), wed: NINE_TO_FIVE(), thu: NINE_TO_FIVE(), fri: NINE_TO_FIVE() } });
      setSkills(a.skills.join(', '));
    }, (e) => setError((e as Error).message));
  }, [userId]);

  const setDay = (day: Weekday, hours: HoursRange[] | undefined) => value && setValue({ ...value, weekly: { ...value.weekly, [day]: hours } });

  const save = async () => {
    if (!value) return;
    setBusy(true);
    setError(null);
    try {
      const weekly = Object.fromEntries(Object.entries(value.weekly).filter(([, h]) => h && h.length));
      setValue(await api<AgentAvailability>(`/agents/${userId}/availability`, {
        method: 'PUT', json: { timeZone: value.timeZone, weekly, exceptions: value.exceptions, timeOff: value.timeOff, skills: skills.split(',').map((s) => s.trim()).filter(Boolean) },
      }));
      ui.toast('Availability saved');
    } catch (err) {
      setError(err instanceof ApiError && err.errors.length ? err.errors.map((e) => `${e.path}: ${e.message}`).join('; ') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card">
      <div className="card-head">
        <div className="grow"><h2>Agent availability</h2><p className="help">Weekly hours in the agent's own time zone: 09:00 stays 09:00 local across daylight-saving changes.</p></div>
        <select className="select" aria-label="Agent" value={userId} onChange={(e) => setUserId(e.target.value)}>
          {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
        </select>
      </div>
      <div className="card-body">
        {error && <div className="banner danger" role="alert" style={{ marginBottom: 12 }}>{error}</div>}
        {!value ? <p className="muted">{users.length ? 'Loading…' : 'No users yet.'}</p> : (
          <>
            {!value.configured && <div className="banner info" style={{ marginBottom: 12 }}>Not set yet: this agent is offered no slots until it is saved.</div>}
            <div className="row wrap" style={{ gap: 12 }}>
              <div className="field" style={{ width: 260 }}>
                <label htmlFor="av-tz">Time zone</label>
                <input id="av-tz" className="input" list="appt-tz" value={value.timeZone} disabled={!editable} onChange={(e) => setValue({ ...value, timeZone: e.target.value })} />
              </div>
              <div className="field" style={{ width: 260 }}>
                <label htmlFor="av-skills">Skills <span className="optional">comma separated</span></label>
                <input id="av-skills" className="input" value={skills} disabled={!editable} onChange={(e) => setSkills(e.target.value)} />
              </div>
            </div>
            <div className="field-label" style={{ marginBottom: 8 }}>Weekly hours</div>
            <div className="week">
              {DAYS.map(([day, label]) => {
                const hours = value.weekly[day];
                return (
                  <div key={day} style={{ display: 'contents' }}>
                    <label className="check day"><input type="checkbox" checked={Boolean(hours?.length)} disabled={!editable} onChange={(e) => setDay(day, e.target.checked ? NINE_TO_FIVE() : undefined)} />{label}</label>
                    <div className="row wrap">
                      {!hours?.length && <span className="muted small">Not working</span>}
                      {hours?.map((h, i) => {
                        const put = (patch: Partial<HoursRange>) => setDay(day, hours.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                        return (
                          <span key={i} className="row" style={{ gap: 4 }}>
                            <input className="input" type="time" style={{ width: 132 }} value={h.start} disabled={!editable} onChange={(e) => put({ start: e.target.value })} aria-label={`${label} from`} />
                            <span className="muted">–</span>
                            <input className="input" type="time" style={{ width: 132 }} value={h.end === '24:00' ? '23:59' : h.end} disabled={!editable} onChange={(e) => put({ end: e.target.value })} aria-label={`${label} to`} />
                            {editable && hours.length > 1 && <button className="btn btn-ghost btn-sm btn-icon" aria-label="Remove window" onClick={() => setDay(day, hours.filter((_, j) => j !== i))}><Icon name="x" /></button>}
                          </span>
                        );
                      })}
                      {editable && Boolean(hours?.length) && <button className="btn-link small" onClick={() => setDay(day, [...(hours ?? []), { start: '14:00', end: '18:00' }])}>+ window</button>}
                    </div>
                  </div>
                );
              })}
            </div>
            {(value.exceptions.length > 0 || value.timeOff.length > 0) && (
              <p className="muted small" style={{ marginTop: 12 }}>
                {value.exceptions.length} date exception(s) and {value.timeOff.length} time-off period(s) are kept as they are (set them through the API).
              </p>
            )}
            {editable && <button className="btn btn-primary" style={{ marginTop: 12 }} disabled={busy} onClick={() => void save()}>{busy ? 'Saving…' : 'Save availability'}</button>}
          </>
        )}
      </div>
    </section>
  );
}
