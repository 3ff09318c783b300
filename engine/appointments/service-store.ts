// Appointment services: create, read, update, soft-delete (bookings keep pointing at them).
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { appointmentServices } from '../db/schema-appointments';
import { notFound } from '../errors';
import { newId } from '../ids';

export type ServiceRow = typeof appointmentServices.$inferSelect;
export type ServiceFields = Omit<typeof appointmentServices.$inferInsert, 'id' | 'accountId' | 'createdAt' | 'updatedAt' | 'deletedAt'>;

export function listServices(db: Db, accountId: string): ServiceRow[] {
  return db.select().from(appointmentServices)
    .where(and(eq(appointmentServices.accountId, accountId), isNull(appointmentServices.deletedAt)))
    .orderBy(asc(appointmentServices.name)).all();
}

/** The service, deleted ones included when `withDeleted` (a running appointment still needs its facts). */
export function getService(db: Db, accountId: string, id: string, opts: { withDeleted?: boolean } = {}): ServiceRow {
  const row = db.select().from(appointmentServices)
    .where(and(eq(appointmentServices.id, id), eq(appointmentServices.accountId, accountId))).get();
  if (!row || (row.deletedAt !== null && !opts.withDeleted)) throw notFound('appointment_service', id);
  return row;
}

export function createService(db: Db, accountId: string, fields: ServiceFields): ServiceRow {
  const now = Date.now();
  return db.insert(appointmentServices).values({ ...fields, id: newId('svc', now), accountId, createdAt: now, updatedAt: now }).returning().get();
}

export function updateService(db: Db, accountId: string, id: string, fields: Partial<ServiceFields>): ServiceRow {
  getService(db, accountId, id);
  return db.update(appointmentServices).set({ ...fields, updatedAt: Date.now() })
    .where(and(eq(appointmentServices.id, id), eq(appointmentServices.accountId, accountId))).returning().get();
}

export function deleteService(db: Db, accountId: string, id: string): void {
  getService(db, accountId, id);
  db.update(appointmentServices).set({ deletedAt: Date.now(), updatedAt: Date.now() })
    .where(and(eq(appointmentServices.id, id), eq(appointmentServices.accountId, accountId))).run();
}
