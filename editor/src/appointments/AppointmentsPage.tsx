// Appointments (issue #7): services, agents' availability and the day's appointments by agent.
// Admins and supervisors manage services and availability; the API enforces the same.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { useSession } from '../shell/session';
import { AvailabilitySection } from './AvailabilitySection';
import { DayView } from './DayView';
import { ServicesSection } from './ServicesSection';
import type { AppointmentService, UserSummary } from './types';

export function AppointmentsPage() {
  const { me } = useSession();
  const editable = me?.role === 'admin' || me?.role === 'supervisor';
  const [services, setServices] = useState<AppointmentService[] | null>(null);
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api<{ items: AppointmentService[] }>('/appointment-services').then((r) => setServices(r.items), (e) => setError((e as Error).message));
  }, []);
  useEffect(() => {
    load();
    api<{ items: UserSummary[] }>('/users').then((r) => setUsers(r.items), (e) => setError((e as Error).message));
  }, [load]);

  return (
    <div className="page" style={{ maxWidth: 1000 }}>
      <div className="page-header">
        <div className="grow">
          <h1>Appointments</h1>
          <p>Customers pick a free time in their conversation; agents offer it from a case, or a rule does (“Offer appointment”).</p>
        </div>
      </div>
      {error && <div className="banner danger" role="alert" style={{ marginBottom: 16 }}>{error}</div>}
      {services === null ? <p className="muted">Loading…</p> : (
        <>
          <ServicesSection services={services} users={users} editable={editable} onChanged={load} />
          {users.length > 0 && <AvailabilitySection key={users.map((u) => u.id).join()} users={users} editable={editable} />}
          <DayView users={users} />
        </>
      )}
    </div>
  );
}
