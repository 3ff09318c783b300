// The appointments flow's activities (registered on the case worker, workflows/worker.ts). Each
// one mirrors a workflow step into SQLite — the appointment row and the case timeline — and, for
// the steps the customer should hear about, queues a message into the case (delivered by the case
// workflow like any reply). The step number makes every write happen once under retries; message
// ids derive from the appointment and the step for the same reason.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { reminderSchedule } from '../../model/appointments/reminders';
import { blockOf } from '../../model/appointments/slots';
import { queueReply, type ReplyInput } from '../../engine/cases/case-commands';
import { cases, channels, messages, users } from '../../engine/db/schema';
import { ParleyError } from '../../engine/errors';
import { applyStep, getAppointmentById, type AppointmentRow, type MirrorStep } from '../../engine/appointments/appointment-store';
import {
  askAgainMessage, cancelledMessage, confirmationMessage, hasNativeTimePicker, offerMessage, reminderMessage, type BookedFacts,
} from '../../engine/appointments/appointment-messages';
import { cancelBooking, confirmBooking as confirmHeld, holdSlot as holdBooking } from '../../engine/appointments/booking-store';
import { interpretReply as interpret } from '../../engine/appointments/reply-intent';
import { getService, type ServiceRow } from '../../engine/appointments/service-store';
import { slotsToOffer } from '../../engine/appointments/slot-finder';
import { currentActivityContext } from '../../engine/steps/step-context';
import { caseCustomerLocale } from '../../engine/contacts/customer-locale';
import type { FlowActivityDeps } from '../flow-activity-deps';
import { commandDeps } from '../rules/actions/rule-action-deps';
import type { AppointmentActivities, CancelBy, OfferedSlot } from './contract';

/** How long a picked slot is held for its confirmation; an unconfirmed hold frees the slot after it. */
export const HOLD_MS = 10 * 60_000;

/** Refusals the channel's or the case's rules give: recorded on the timeline, not retried. */
const REFUSALS = new Set(['reply_window_closed', 'proactive_outbound_not_allowed', 'case_closed', 'channel_disabled']);

const actorOf = (by: CancelBy, actorId?: string) => (by === 'customer' ? 'customer' : by === 'agent' ? (actorId ?? 'agent') : 'system');

export function createAppointmentsActivities(deps: FlowActivityDeps): AppointmentActivities {
  const { db } = deps;
  const now = () => (deps.now ?? Date.now)();

  /** Sortable like engine/ids (so the thread shows it in place), stable across retries of the step. */
  const messageIdFor = (appointmentId: string, step: number) => {
    const at = currentActivityContext()?.info.scheduledTimestampMs ?? now();
    const hash = createHash('sha256').update(`${appointmentId}\n${step}`).digest('hex').slice(0, 12);
    return `msg_${at.toString(36).padStart(9, '0')}zzy${hash}`;
  };

  const apply = (appointmentId: string, step: number, mirror: MirrorStep, also?: () => void) => applyStep(db, appointmentId, step, mirror, also, now());

  /** Mirrors the step and queues the message in one transaction; a refusal is noted on the timeline. */
  function stepWithMessage(row: AppointmentRow, step: number, mirror: MirrorStep, reply: ReplyInput | null) {
    if (!reply) return apply(row.id, step, mirror);
    try {
      return apply(row.id, step, mirror, () => {
        queueReply(commandDeps(deps), row.accountId, row.caseId, reply, undefined, {
          authorType: 'system', authorId: 'appointments', byHuman: false, messageId: messageIdFor(row.id, step),
        });
      });
    } catch (err) {
      if (!(err instanceof ParleyError) || !REFUSALS.has(err.code)) throw err;
      const event = mirror.event && { ...mirror.event, detail: { ...mirror.event.detail, refused: err.message } };
      return apply(row.id, step, { ...mirror, ...(event ? { event } : {}) });
    }
  }

  const load = (appointmentId: string) => {
    const row = getAppointmentById(db, appointmentId);
    return { row, service: getService(db, row.accountId, row.serviceId, { withDeleted: true }) };
  };
  const agentName = (agentId: string | null) =>
    agentId ? (db.select({ name: users.name }).from(users).where(eq(users.id, agentId)).get()?.name ?? null) : null;
  // The .ics SEQUENCE is the workflow step: it only grows, so a rebooked time updates the calendar entry.
  const facts = (row: AppointmentRow, service: ServiceRow, start: number, end: number, agentId: string | null, step: number): BookedFacts =>
    ({ appointmentId: row.id, service, start, end, agentName: agentName(agentId), sequence: step });
  const channelTypeOf = (caseId: string) =>
    db.select({ type: channels.type }).from(cases).innerJoin(channels, eq(channels.id, cases.channelId)).where(eq(cases.id, caseId)).get()?.type ?? '';
  const detail = (service: ServiceRow, extra: Record<string, unknown> = {}) => ({ serviceId: service.id, serviceName: service.name, timeZone: service.timeZone, ...extra });

  return {
    async offerSlots(appointmentId, step, { offerNo, reason }) {
      const { row, service } = load(appointmentId);
      const expiresAfter = service.offerExpiresMinutes * 60_000;
      if (row.stepSeq >= step) return { slots: row.offered as OfferedSlot[], expiresAt: row.updatedAt + expiresAfter };
      const at = now();
      const slots: OfferedSlot[] = slotsToOffer(db, service, at).map((s, i) => ({ id: `o${offerNo}-${i + 1}`, start: s.start, end: s.end, agentId: s.agentId }));
      if (slots.length === 0) return { slots, expiresAt: at };
      stepWithMessage(row, step, {
        patch: { status: 'awaiting_pick', offered: slots, agentId: null, startAt: null, endAt: null },
        event: { step: 'offered', actor: 'system', detail: detail(service, { slotCount: slots.length, offerNo, reason }) },
      }, offerMessage(service, slots, reason, hasNativeTimePicker(channelTypeOf(row.caseId)), caseCustomerLocale(db, row.caseId)));
      return { slots, expiresAt: at + expiresAfter };
    },

    async interpretReply(appointmentId, messageId, offered, phase) {
      const { row, service } = load(appointmentId);
      const message = db.select({ content: messages.content, text: messages.fallbackText, createdAt: messages.createdAt }).from(messages).where(eq(messages.id, messageId)).get();
      // A message stored before the flow started (relayed late) answers nothing the flow asked.
      if (!message || message.createdAt < row.createdAt) return { kind: 'ignore' };
      const answer = (message.content as { answer?: { messageId: string; optionId: string; payload: string } } | null)?.answer;
      return interpret({ text: message.text, ...(answer ? { answer } : {}) }, offered, phase, service.timeZone);
    },

    async askAgain(appointmentId, step, reason) {
      const { row, service } = load(appointmentId);
      stepWithMessage(row, step, { patch: {}, event: { step: 'pick_unclear', actor: 'system', detail: detail(service, { reason }) } },
        askAgainMessage(row.offered as OfferedSlot[], reason, caseCustomerLocale(db, row.caseId)));
    },

    async holdSlot(appointmentId, step, slot) {
      const { row, service } = load(appointmentId);
      const held = holdBooking(db, {
        accountId: row.accountId, appointmentId, serviceId: service.id, agentId: slot.agentId,
        start: slot.start, end: slot.end, ...blockOf(slot, service), holdMs: HOLD_MS,
      }, now());
      if (!held.ok) {
        apply(appointmentId, step, { patch: {}, event: { step: 'slot_taken', actor: 'system', detail: detail(service, { start: slot.start, agentId: slot.agentId }) } });
        return { ok: false };
      }
      apply(appointmentId, step, { patch: { status: 'holding', agentId: slot.agentId, startAt: slot.start, endAt: slot.end, bookingId: held.booking.id } });
      return { ok: true, bookingId: held.booking.id };
    },

    async confirmBooking(appointmentId, step, bookingId, slot) {
      const { row, service } = load(appointmentId);
      if (!confirmHeld(db, bookingId, now())) {
        apply(appointmentId, step, { patch: { bookingId: null }, event: { step: 'slot_taken', actor: 'system', detail: detail(service, { start: slot.start }) } });
        return { ok: false };
      }
      const reminders = reminderSchedule(slot.start, service.reminderOffsetsSeconds, service.timeZone, now());
      const f = facts(row, service, slot.start, slot.end, slot.agentId, step);
      stepWithMessage(row, step, {
        patch: { status: 'confirmed', agentId: slot.agentId, startAt: slot.start, endAt: slot.end, bookingId },
        event: { step: 'confirmed', actor: 'system', detail: detail(service, { start: slot.start, end: slot.end, agentId: slot.agentId, agentName: f.agentName, bookingId }) },
      }, confirmationMessage(f, channelTypeOf(row.caseId), now(), caseCustomerLocale(db, row.caseId)));
      return { ok: true, reminders };
    },

    async sendReminder(appointmentId, step, reminder) {
      const { row, service } = load(appointmentId);
      if (row.startAt === null || row.endAt === null) return;
      stepWithMessage(row, step, {
        patch: { status: 'reminded', remindersSent: row.remindersSent + 1 },
        event: { step: 'reminder_sent', actor: 'system', detail: detail(service, { start: row.startAt, offsetSeconds: reminder.offsetSeconds, dueAt: reminder.at }) },
      }, reminderMessage(facts(row, service, row.startAt, row.endAt, row.agentId, step), caseCustomerLocale(db, row.caseId)));
    },

    async startRescheduling(appointmentId, step, by, actorId) {
      const { row, service } = load(appointmentId);
      apply(appointmentId, step, {
        patch: { status: 'rescheduling', bookingId: null },
        event: { step: 'rescheduling', actor: actorOf(by, actorId), detail: detail(service, { previousStart: row.startAt, by }) },
      }, () => { if (row.bookingId) cancelBooking(db, row.bookingId); });
    },

    async cancel(appointmentId, step, { by, actorId, reason }) {
      const { row, service } = load(appointmentId);
      const timelineStep = reason === 'no_slots' ? 'no_slots' : reason === 'expired' ? 'expired' : 'cancelled';
      const booked = row.bookingId !== null && row.startAt !== null;
      stepWithMessage(row, step, {
        patch: { status: 'cancelled', cancelReason: reason, bookingId: null },
        event: { step: timelineStep, actor: actorOf(by, actorId), detail: detail(service, { reason, by, ...(booked ? { start: row.startAt } : {}) }) },
      }, cancelledMessage(service, booked ? row.startAt : null, booked ? row.endAt : null, reason, caseCustomerLocale(db, row.caseId)));
      if (row.bookingId) cancelBooking(db, row.bookingId);
    },

    async complete(appointmentId, step) {
      const { row, service } = load(appointmentId);
      apply(appointmentId, step, { patch: { status: 'completed' }, event: { step: 'completed', actor: 'system', detail: detail(service, { start: row.startAt }) } });
    },
  };
}
