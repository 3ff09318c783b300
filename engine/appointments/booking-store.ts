// Conflict-safe booking. A slot is first HELD (so the customer's confirmation can go out while no
// one else can take it), then CONFIRMED; a hold nobody confirms frees its slot at holdExpiresAt.
//
// Why a transaction under BEGIN IMMEDIATE rather than a per-minute claim table: bookings have any
// length plus buffers, and "no two live blocks of one agent overlap" is one indexed range query.
// BEGIN IMMEDIATE takes SQLite's write lock before that query runs, so between the check and the
// insert no other connection — in this process or in another process on the same database file
// (scale-out roles) — can write; a competing attempt waits (busy_timeout) and then sees the winner's
// row. A claim table would need a row per minute of every booking to express overlap as a UNIQUE
// constraint. As a second, database-level guard the partial unique index on (agent, start) of live
// bookings rejects the commonest race (two holds of the same slot) even if the check were bypassed.
import { and, eq, gt, inArray, lt, lte, or } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { appointmentBookings } from '../db/schema-appointments';
import { newId } from '../ids';

export type BookingRow = typeof appointmentBookings.$inferSelect;

export interface HoldRequest {
  accountId: string;
  appointmentId: string;
  serviceId: string;
  agentId: string;
  start: number;
  end: number;
  blockStart: number;
  blockEnd: number;
  /** How long the hold lasts unless confirmed. */
  holdMs: number;
}

export type HoldResult = { ok: true; booking: BookingRow } | { ok: false; reason: 'slot_taken' };

const LIVE = ['held', 'confirmed'] as const;

/** Live bookings (confirmed, or held and not expired) of these agents overlapping [from, to). */
export function busyBlocks(db: Db, agentIds: string[], from: number, to: number, now = Date.now()): BookingRow[] {
  if (agentIds.length === 0) return [];
  return db.select().from(appointmentBookings).where(and(
    inArray(appointmentBookings.agentId, agentIds),
    lt(appointmentBookings.blockStart, to), gt(appointmentBookings.blockEnd, from),
    or(eq(appointmentBookings.status, 'confirmed'), and(eq(appointmentBookings.status, 'held'), gt(appointmentBookings.holdExpiresAt, now))),
  )).all();
}

function isUniqueViolation(err: unknown) {
  return typeof err === 'object' && err !== null && String((err as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT');
}

/** Holds the slot for the appointment, or says it is taken. Idempotent: a retry finds its own hold. */
export function holdSlot(db: Db, req: HoldRequest, now = Date.now()): HoldResult {
  try {
    return db.transaction((tx) => {
      const mine = tx.select().from(appointmentBookings).where(and(
        eq(appointmentBookings.appointmentId, req.appointmentId), eq(appointmentBookings.agentId, req.agentId),
        eq(appointmentBookings.startAt, req.start), inArray(appointmentBookings.status, [...LIVE]),
      )).get();
      if (mine) return { ok: true as const, booking: mine };
      // Holds nobody confirmed in time give their slot back first.
      tx.update(appointmentBookings).set({ status: 'released', updatedAt: now }).where(and(
        eq(appointmentBookings.agentId, req.agentId), eq(appointmentBookings.status, 'held'), lte(appointmentBookings.holdExpiresAt, now),
      )).run();
      const clash = tx.select({ id: appointmentBookings.id }).from(appointmentBookings).where(and(
        eq(appointmentBookings.agentId, req.agentId), inArray(appointmentBookings.status, [...LIVE]),
        lt(appointmentBookings.blockStart, req.blockEnd), gt(appointmentBookings.blockEnd, req.blockStart),
      )).get();
      if (clash) return { ok: false as const, reason: 'slot_taken' as const };
      const booking = tx.insert(appointmentBookings).values({
        id: newId('bk', now), accountId: req.accountId, appointmentId: req.appointmentId, serviceId: req.serviceId, agentId: req.agentId,
        startAt: req.start, endAt: req.end, blockStart: req.blockStart, blockEnd: req.blockEnd,
        status: 'held', holdExpiresAt: now + req.holdMs, createdAt: now, updatedAt: now,
      }).returning().get();
      return { ok: true as const, booking };
    }, { behavior: 'immediate' });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, reason: 'slot_taken' };
    throw err;
  }
}

/** Held → confirmed. False when the hold is gone (expired and released, or cancelled). */
export function confirmBooking(db: Db, bookingId: string, now = Date.now()): boolean {
  return db.transaction((tx) => {
    const row = tx.select().from(appointmentBookings).where(eq(appointmentBookings.id, bookingId)).get();
    if (!row) return false;
    if (row.status === 'confirmed') return true;
    if (row.status !== 'held') return false;
    tx.update(appointmentBookings).set({ status: 'confirmed', holdExpiresAt: null, updatedAt: now }).where(eq(appointmentBookings.id, bookingId)).run();
    return true;
  }, { behavior: 'immediate' });
}

/** Frees a live booking (cancel, reschedule); a no-op when it is already free. */
export function cancelBooking(db: Db, bookingId: string, now = Date.now()): void {
  db.update(appointmentBookings).set({ status: 'cancelled', holdExpiresAt: null, updatedAt: now })
    .where(and(eq(appointmentBookings.id, bookingId), inArray(appointmentBookings.status, [...LIVE]))).run();
}
