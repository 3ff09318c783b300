// Appointment rows: created when an offer starts, then written only by the workflow's activities
// (the mirror of its state), each write carrying the workflow's step number so a retried activity
// applies nothing twice — the status and the case timeline entry go in one transaction.
import { and, asc, desc, eq, gte, inArray, lt, notInArray } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { caseEvents } from '../db/schema';
import { appointmentBookings, appointments, APPOINTMENT_STATUSES } from '../db/schema-appointments';
import { notFound } from '../errors';
import type { AppointmentStep } from './appointment-timeline-text';

export type AppointmentRow = typeof appointments.$inferSelect;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const FINAL_STATUSES: AppointmentStatus[] = ['completed', 'cancelled'];
/** Statuses in which the customer is choosing (a second offer in the case would confuse the picks). */
export const PICKING_STATUSES: AppointmentStatus[] = ['offering', 'awaiting_pick', 'holding', 'rescheduling'];

export function getAppointment(db: Db, accountId: string, id: string): AppointmentRow {
  const row = db.select().from(appointments).where(and(eq(appointments.id, id), eq(appointments.accountId, accountId))).get();
  if (!row) throw notFound('appointment', id);
  return row;
}

export function getAppointmentById(db: Db, id: string): AppointmentRow {
  const row = db.select().from(appointments).where(eq(appointments.id, id)).get();
  if (!row) throw notFound('appointment', id);
  return row;
}

export function caseAppointments(db: Db, accountId: string, caseId: string): AppointmentRow[] {
  return db.select().from(appointments).where(and(eq(appointments.accountId, accountId), eq(appointments.caseId, caseId)))
    .orderBy(asc(appointments.createdAt)).all();
}

/** The case's newest appointment still in progress (the one a customer's message is about). */
export function activeCaseAppointment(db: Db, caseId: string): AppointmentRow | undefined {
  return db.select().from(appointments).where(and(eq(appointments.caseId, caseId), notInArray(appointments.status, FINAL_STATUSES)))
    .orderBy(desc(appointments.createdAt)).limit(1).get();
}

/** Appointments with a live or past booking whose start lies in [from, to), by agent when given. */
export function appointmentsBetween(db: Db, accountId: string, from: number, to: number, agentId?: string): AppointmentRow[] {
  return db.select().from(appointments).where(and(
    eq(appointments.accountId, accountId), gte(appointments.startAt, from), lt(appointments.startAt, to),
    inArray(appointments.status, ['holding', 'confirmed', 'reminded', 'completed']),
    ...(agentId ? [eq(appointments.agentId, agentId)] : []),
  )).orderBy(asc(appointments.startAt)).all();
}

export function bookingOf(db: Db, bookingId: string | null) {
  return bookingId ? db.select().from(appointmentBookings).where(eq(appointmentBookings.id, bookingId)).get() : undefined;
}

export interface MirrorStep {
  patch: Partial<Pick<AppointmentRow, 'status' | 'agentId' | 'startAt' | 'endAt' | 'bookingId' | 'offered' | 'remindersSent' | 'cancelReason'>>;
  /** The timeline entry, when the step is one the case should show. */
  event?: { step: AppointmentStep; actor: string; detail: Record<string, unknown> };
}

/**
 * Applies one workflow step to the row (and the case timeline) unless it already was; runs `also`
 * inside the same transaction. Returns false when the step had been applied (an activity retry).
 */
export function applyStep(db: Db, appointmentId: string, step: number, m: MirrorStep, also?: () => void, now = Date.now()): boolean {
  return db.transaction((tx) => {
    const row = tx.select().from(appointments).where(eq(appointments.id, appointmentId)).get();
    if (!row || row.stepSeq >= step) return false;
    tx.update(appointments).set({ ...m.patch, stepSeq: step, updatedAt: now }).where(eq(appointments.id, appointmentId)).run();
    if (m.event) {
      tx.insert(caseEvents).values({
        accountId: row.accountId, caseId: row.caseId, type: 'appointment', from: row.status, to: m.event.step,
        actor: m.event.actor, detail: { appointmentId, ...m.event.detail }, at: now,
      }).run();
    }
    also?.();
    return true;
  });
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export function appointmentView(row: AppointmentRow, extra: { serviceName?: string; agentName?: string | null } = {}) {
  return {
    id: row.id,
    caseId: row.caseId,
    serviceId: row.serviceId,
    serviceName: extra.serviceName ?? null,
    status: row.status,
    agentId: row.agentId,
    agentName: extra.agentName ?? null,
    start: iso(row.startAt),
    end: iso(row.endAt),
    bookingId: row.bookingId,
    offered: (row.offered as { id: string; start: number; end: number; agentId: string }[]).map((s) => ({ id: s.id, start: iso(s.start)!, end: iso(s.end)!, agentId: s.agentId })),
    remindersSent: row.remindersSent,
    cancelReason: row.cancelReason,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}
