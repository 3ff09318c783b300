// Appointments of one day for one agent (or everyone), in the agent's time zone.
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { formatMoment } from '../ui/time-format';
import type { Appointment, UserSummary } from './types';

const STATUS_TONE: Record<string, string> = { confirmed: 'ok', reminded: 'ok', completed: 'accent', holding: 'warn', cancelled: 'danger' };
const today = () => new Date().toISOString().slice(0, 10);

export function DayView({ users }: { users: UserSummary[] }) {
  const [agentId, setAgentId] = useState('');
  const [day, setDay] = useState(today());
  const [data, setData] = useState<{ timeZone: string; items: Appointment[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    const q = new URLSearchParams({ day, ...(agentId ? { agentId } : {}) });
    api<{ timeZone: string; items: Appointment[] }>(`/appointments?${q}`).then(setData, (e) => setError((e as Error).message));
  }, [agentId, day]);

  const time = (iso: string | null, zone: string) => (iso ? formatMoment(iso, 'time', zone) : '–');

  return (
    <section className="card">
      <div className="card-head">
        <div className="grow"><h2>Day view</h2><p className="help">Booked appointments{data ? `, times in ${data.timeZone}` : ''}.</p></div>
        <select className="select" aria-label="Agent" value={agentId} onChange={(e) => setAgentId(e.target.value)}>
          <option value="">All agents (UTC)</option>
          {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
        </select>
        <input className="input" type="date" aria-label="Day" value={day} onChange={(e) => setDay(e.target.value || today())} style={{ width: 160 }} />
      </div>
      {error && <div className="card-body"><div className="banner danger" role="alert">{error}</div></div>}
      {data && (data.items.length === 0 ? <div className="card-body"><p className="muted">No appointments on this day.</p></div> : (
        <table className="table">
          <thead><tr><th>Time</th><th>Service</th><th>Agent</th><th>Status</th><th>Case</th></tr></thead>
          <tbody>
            {data.items.map((a) => (
              <tr key={a.id}>
                <td>{time(a.start, data.timeZone)}–{time(a.end, data.timeZone)}</td>
                <td>{a.serviceName ?? a.serviceId}</td>
                <td>{a.agentName ?? a.agentId ?? '–'}</td>
                <td><span className={`chip ${STATUS_TONE[a.status] ?? ''}`}>{a.status}</span></td>
                <td><code className="small">{a.caseId}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
