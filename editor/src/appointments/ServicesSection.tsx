// Appointment services: the list, and a form to create or edit one (duration, buffers, slot step,
// agents or a skill, the zone customers see, reminders).
import { useState } from 'react';
import { api, ApiError } from '../api/client';
import { useUi } from '../ui/dialog';
import { BROWSER_ZONE, TIME_ZONES } from './time-zones';
import type { AppointmentService, ServiceInput, UserSummary } from './types';

const EMPTY: ServiceInput = {
  name: '', durationMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, slotStepMinutes: 30, agentIds: [], skill: null,
  timeZone: BROWSER_ZONE, reminderOffsetsSeconds: [86_400, 3600], minNoticeMinutes: 60, horizonDays: 14, slotsPerOffer: 5, offerExpiresMinutes: 1440, location: null,
};

/** "24h, 1h" ⇄ [86400, 3600]: hours, or minutes with "m". */
const remindersText = (offsets: number[]) => offsets.map((s) => (s % 3600 === 0 ? `${s / 3600}h` : `${Math.round(s / 60)}m`)).join(', ');
function parseReminders(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const out: number[] = [];
  for (const p of parts) {
    const m = /^(\d+)\s*(h|m)$/i.exec(p);
    if (!m) return null;
    out.push(Number(m[1]) * (m[2].toLowerCase() === 'h' ? 3600 : 60));
  }
  return out;
}

export function ServicesSection({ services, users, editable, onChanged }: { services: AppointmentService[]; users: UserSummary[]; editable: boolean; onChanged: () => void }) {
  const ui = useUi();
  const [editing, setEditing] = useState<{ id: string | null; form: ServiceInput } | null>(null);
  const [reminders, setReminders] = useState('');
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const name = (id: string) => users.find((u) => u.id === id)?.name ?? id;
  const errorAt = (path: string) => errors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;

  const open = (service: AppointmentService | null) => {
    const { id: _id, ...form } = service ?? { id: '', ...EMPTY };
    setEditing({ id: service?.id ?? null, form });
    setReminders(remindersText(form.reminderOffsetsSeconds));
    setErrors([]);
  };
  const set = (patch: Partial<ServiceInput>) => editing && setEditing({ ...editing, form: { ...editing.form, ...patch } });

  const save = async () => {
    if (!editing) return;
    const offsets = parseReminders(reminders);
    if (!offsets) return setErrors([{ path: 'reminderOffsetsSeconds', message: 'Write reminders like "24h, 1h" or "30m"' }]);
    setBusy(true);
    try {
      const json = { ...editing.form, reminderOffsetsSeconds: offsets };
      await api(editing.id ? `/appointment-services/${editing.id}` : '/appointment-services', { method: editing.id ? 'PATCH' : 'POST', json });
      ui.toast(editing.id ? 'Service saved' : 'Service created');
      setEditing(null);
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(err.errors);
      else setErrors([{ path: '', message: (err as Error).message }]);
    } finally {
      setBusy(false);
    }
  };

  const num = (key: keyof ServiceInput, label: string, min = 0) => (
    <div className={`field${errorAt(key) ? ' invalid' : ''}`} style={{ width: 150 }}>
      <label htmlFor={`svc-${key}`}>{label}</label>
      <input id={`svc-${key}`} className="input" type="number" min={min} value={Number(editing?.form[key] ?? 0)} onChange={(e) => set({ [key]: Number(e.target.value) } as Partial<ServiceInput>)} />
      {errorAt(key) && <span className="field-error">{errorAt(key)}</span>}
    </div>
  );

  return (
    <section className="card">
      <div className="card-head">
        <div className="grow"><h2>Services</h2><p className="help">What customers can book, for how long, and with whom.</p></div>
        {editable && !editing && <button className="btn btn-primary" onClick={() => open(null)}>New service</button>}
      </div>
      {editing ? (
        <div className="card-body">
          <div className={`field${errorAt('name') ? ' invalid' : ''}`}>
            <label htmlFor="svc-name">Name</label>
            <input id="svc-name" className="input" value={editing.form.name} onChange={(e) => set({ name: e.target.value })} />
            {errorAt('name') && <span className="field-error">{errorAt('name')}</span>}
          </div>
          <div className="row wrap" style={{ gap: 12 }}>
            {num('durationMinutes', 'Duration (min)', 5)}
            {num('bufferBeforeMinutes', 'Buffer before (min)')}
            {num('bufferAfterMinutes', 'Buffer after (min)')}
            {num('slotStepMinutes', 'Slot every (min)', 5)}
          </div>
          <div className="field">
            <span className="field-label">Agents</span>
            <div className="row wrap">
              {users.map((u) => (
                <label key={u.id} className="check">
                  <input type="checkbox" checked={editing.form.agentIds.includes(u.id)}
                    onChange={(e) => set({ agentIds: e.target.checked ? [...editing.form.agentIds, u.id] : editing.form.agentIds.filter((x) => x !== u.id) })} />
                  {u.name}
                </label>
              ))}
            </div>
            {errorAt('agentIds') && <span className="field-error">{errorAt('agentIds')}</span>}
          </div>
          <div className="row wrap" style={{ gap: 12 }}>
            <div className="field" style={{ width: 220 }}>
              <label htmlFor="svc-skill">Or agents with skill <span className="optional">optional</span></label>
              <input id="svc-skill" className="input" value={editing.form.skill ?? ''} onChange={(e) => set({ skill: e.target.value.trim() || null })} />
            </div>
            <div className={`field${errorAt('timeZone') ? ' invalid' : ''}`} style={{ width: 260 }}>
              <label htmlFor="svc-tz">Customers see times in</label>
              <input id="svc-tz" className="input" list="appt-tz" value={editing.form.timeZone} onChange={(e) => set({ timeZone: e.target.value })} />
              {errorAt('timeZone') && <span className="field-error">{errorAt('timeZone')}</span>}
            </div>
            <div className={`field${errorAt('reminderOffsetsSeconds') ? ' invalid' : ''}`} style={{ width: 200 }}>
              <label htmlFor="svc-rem">Reminders before</label>
              <input id="svc-rem" className="input" value={reminders} placeholder="24h, 1h" onChange={(e) => setReminders(e.target.value)} />
              {errorAt('reminderOffsetsSeconds') && <span className="field-error">{errorAt('reminderOffsetsSeconds')}</span>}
            </div>
          </div>
          <div className="row wrap" style={{ gap: 12 }}>
            {num('minNoticeMinutes', 'Notice (min)')}
            {num('horizonDays', 'Offer days ahead', 1)}
            {num('slotsPerOffer', 'Slots per offer', 1)}
            {num('offerExpiresMinutes', 'Offer expires (min)', 1)}
          </div>
          <div className="field">
            <label htmlFor="svc-loc">Location <span className="optional">optional</span></label>
            <input id="svc-loc" className="input" value={editing.form.location ?? ''} onChange={(e) => set({ location: e.target.value.trim() ? e.target.value : null })} />
          </div>
          {errorAt('') && <div className="banner danger" role="alert">{errorAt('')}</div>}
          <div className="row" style={{ marginTop: 8 }}>
            <button className="btn btn-primary" disabled={busy} onClick={() => void save()}>{busy ? 'Saving…' : 'Save service'}</button>
            <button className="btn" onClick={() => setEditing(null)}>Cancel</button>
          </div>
        </div>
      ) : services.length === 0 ? (
        <div className="card-body"><p className="muted">No services yet.</p></div>
      ) : (
        <table className="table">
          <thead><tr><th>Name</th><th>Duration</th><th>Buffers</th><th>Agents</th><th>Reminders</th><th /></tr></thead>
          <tbody>
            {services.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.durationMinutes} min, every {s.slotStepMinutes} min</td>
                <td>{s.bufferBeforeMinutes} / {s.bufferAfterMinutes} min</td>
                <td>{[...s.agentIds.map(name), ...(s.skill ? [`skill ${s.skill}`] : [])].join(', ')}</td>
                <td>{remindersText(s.reminderOffsetsSeconds) || 'none'}</td>
                <td>{editable && <button className="btn btn-sm" onClick={() => open(s)}>Edit</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <datalist id="appt-tz">{TIME_ZONES.map((z) => <option key={z} value={z} />)}</datalist>
    </section>
  );
}
