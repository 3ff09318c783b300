// Appointments as the API shows them: each with its service's and agent's names, read in two
// queries for the whole list.
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { users } from '../db/schema';
import { appointmentServices } from '../db/schema-appointments';
import { appointmentView, type AppointmentRow } from './appointment-store';

export function appointmentViews(db: Db, rows: AppointmentRow[]) {
  const serviceIds = [...new Set(rows.map((r) => r.serviceId))];
  const agentIds = [...new Set(rows.flatMap((r) => (r.agentId ? [r.agentId] : [])))];
  const services = new Map(serviceIds.length ? db.select({ id: appointmentServices.id, name: appointmentServices.name }).from(appointmentServices).where(inArray(appointmentServices.id, serviceIds)).all().map((s) => [s.id, s.name]) : []);
  const names = new Map(agentIds.length ? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, agentIds)).all().map((u) => [u.id, u.name]) : []);
  return rows.map((r) => appointmentView(r, { serviceName: services.get(r.serviceId), agentName: r.agentId ? (names.get(r.agentId) ?? null) : null }));
}
