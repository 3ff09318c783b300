// Tables of the appointments flow (issue #7). Times are ms since epoch; local wall-clock hours are
// "HH:MM" strings read in the agent's IANA time zone (model/appointments/slots.ts).
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { DayException, TimeOff, WeeklyHours } from '../../model/appointments/availability';

/** A bookable service: how long, with which buffers, by whom, and when the customer is reminded. */
export const appointmentServices = sqliteTable(
  'appointment_services',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    bufferBeforeMinutes: integer('buffer_before_minutes').notNull().default(0),
    bufferAfterMinutes: integer('buffer_after_minutes').notNull().default(0),
    /** Slots start every this many minutes from the start of a working window. */
    slotStepMinutes: integer('slot_step_minutes').notNull().default(30),
    /** Users (agents) who give this service; empty when a skill picks them. */
    agentIds: text('agent_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Agents whose availability lists this skill give the service (with or besides agentIds). */
    skill: text('skill'),
    /** The zone the customer sees the times in (offers, confirmations, reminders). */
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Reminders, in seconds before the start (whole days are calendar days in timeZone). */
    reminderOffsetsSeconds: text('reminder_offsets_seconds', { mode: 'json' }).$type<number[]>().notNull().default(sql`'[86400,3600]'`),
    /** No slot starts sooner than this after the offer. */
    minNoticeMinutes: integer('min_notice_minutes').notNull().default(60),
    /** How far ahead slots are offered. */
    horizonDays: integer('horizon_days').notNull().default(14),
    /** How many slots one offer shows. */
    slotsPerOffer: integer('slots_per_offer').notNull().default(5),
    /** An offer nobody picks from is withdrawn after this. */
    offerExpiresMinutes: integer('offer_expires_minutes').notNull().default(24 * 60),
    location: text('location'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [index('appointment_services_account').on(t.accountId, t.id)],
);

/** One agent's availability: weekly hours in their zone, per-date exceptions, time off. */
export const agentAvailability = sqliteTable('agent_availability', {
  userId: text('user_id').primaryKey(),
  accountId: text('account_id').notNull(),
  timeZone: text('time_zone').notNull(),
  weekly: text('weekly', { mode: 'json' }).$type<WeeklyHours>().notNull(),
  exceptions: text('exceptions', { mode: 'json' }).$type<DayException[]>().notNull().default(sql`'[]'`),
  timeOff: text('time_off', { mode: 'json' }).$type<TimeOff[]>().notNull().default(sql`'[]'`),
  /** Skills the agent gives appointments for (services can pick agents by skill). */
  skills: text('skills', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  updatedAt: integer('updated_at').notNull(),
});

export const APPOINTMENT_STATUSES = ['offering', 'awaiting_pick', 'holding', 'confirmed', 'reminded', 'rescheduling', 'completed', 'cancelled'] as const;

/** One appointment flow in a case: its workflow's state, mirrored, and the slot it settled on. */
export const appointments = sqliteTable(
  'appointments',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    caseId: text('case_id').notNull(),
    serviceId: text('service_id').notNull(),
    status: text('status', { enum: APPOINTMENT_STATUSES }).notNull(),
    agentId: text('agent_id'),
    startAt: integer('start_at'),
    endAt: integer('end_at'),
    /** The live booking (held or confirmed), if any. */
    bookingId: text('booking_id'),
    /** The slots of the current offer: [{ id, start, end, agentId }]. */
    offered: text('offered', { mode: 'json' }).$type<unknown[]>().notNull().default(sql`'[]'`),
    remindersSent: integer('reminders_sent').notNull().default(0),
    cancelReason: text('cancel_reason'),
    /** Who started it: a user/key id, or rule:<ruleId>. */
    createdBy: text('created_by'),
    /** The workflow's step counter: a retried mirror write finds its step already applied. */
    stepSeq: integer('step_seq').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('appointments_case').on(t.caseId, t.createdAt), index('appointments_agent').on(t.agentId, t.startAt)],
);

/**
 * An agent's calendar block. `blockStart`/`blockEnd` include the buffers; two live bookings of one
 * agent never overlap (checked under BEGIN IMMEDIATE, engine/appointments/booking-store.ts). The
 * partial unique index is a second, database-level guard for the commonest race (the same start).
 */
export const appointmentBookings = sqliteTable(
  'appointment_bookings',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    appointmentId: text('appointment_id').notNull(),
    serviceId: text('service_id').notNull(),
    agentId: text('agent_id').notNull(),
    startAt: integer('start_at').notNull(),
    endAt: integer('end_at').notNull(),
    blockStart: integer('block_start').notNull(),
    blockEnd: integer('block_end').notNull(),
    status: text('status', { enum: ['held', 'confirmed', 'cancelled', 'released'] }).notNull(),
    /** A hold nobody confirmed frees its slot after this. */
    holdExpiresAt: integer('hold_expires_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('appointment_bookings_agent').on(t.agentId, t.blockStart),
    uniqueIndex('appointment_bookings_live_start').on(t.agentId, t.startAt).where(sql`status in ('held', 'confirmed')`),
  ],
);
