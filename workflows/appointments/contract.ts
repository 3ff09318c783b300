// The contract between the appointment workflow and the rest of Parley: input, signals, query and
// the activities it calls. Pure types and constants: safe in the workflow bundle.

export const appointmentWorkflowId = (appointmentId: string) => `appointment-${appointmentId}`;

export interface AppointmentWorkflowInput {
  appointmentId: string;
  accountId: string;
  caseId: string;
}

/** One slot of an offer; `id` is unique across the appointment's offers ("o2-3": offer 2, slot 3). */
export interface OfferedSlot {
  id: string;
  start: number;
  end: number;
  agentId: string;
}

/** What a customer's message means to the appointment (decided by an activity: it reads the message). */
export type ReplyIntent =
  | { kind: 'pick'; slotId: string }
  | { kind: 'cancel' }
  | { kind: 'reschedule' }
  /** In the picking phase: picks no offered slot (a clear question goes back). */
  | { kind: 'unclear'; reason: 'no_match' | 'ambiguous' }
  /** Nothing for the appointment (a booked appointment and an unrelated message). */
  | { kind: 'ignore' };

export type ReplyPhase = 'picking' | 'booked';

/** Signal `appointmentReply`: the customer wrote in the case (sent by the inbound hook). */
export interface AppointmentReplySignal {
  messageId: string;
}

/** Signal `appointmentCommand`: an agent (API) cancels or reschedules. */
export interface AppointmentCommandSignal {
  kind: 'cancel' | 'reschedule';
  actorId: string;
  reason?: string;
}

export interface ReminderDue {
  offsetSeconds: number;
  at: number;
}

export type OfferReason = 'first' | 'taken' | 'reschedule';
export type CancelBy = 'customer' | 'agent' | 'system';

/** Every activity takes the workflow's step number: a retried activity finds its step applied. */
export interface AppointmentActivities {
  /** Computes free slots, sends them to the customer, mirrors awaiting_pick. Empty when none are free. */
  offerSlots(appointmentId: string, step: number, opts: { offerNo: number; reason: OfferReason }): Promise<{ slots: OfferedSlot[]; expiresAt: number }>;
  /** Reads the customer's message and says what it means for the appointment. */
  interpretReply(appointmentId: string, messageId: string, offered: OfferedSlot[], phase: ReplyPhase): Promise<ReplyIntent>;
  /** A reply that picks no offered slot: asks again, clearly. */
  askAgain(appointmentId: string, step: number, reason: 'no_match' | 'ambiguous'): Promise<void>;
  /** Holds the slot (conflict-safe), mirrors holding. */
  holdSlot(appointmentId: string, step: number, slot: OfferedSlot): Promise<{ ok: true; bookingId: string } | { ok: false }>;
  /** Confirms the held booking, tells the customer (an .ics on email), returns the reminder schedule. */
  confirmBooking(appointmentId: string, step: number, bookingId: string, slot: OfferedSlot): Promise<{ ok: true; reminders: ReminderDue[] } | { ok: false }>;
  sendReminder(appointmentId: string, step: number, reminder: ReminderDue): Promise<void>;
  /** Frees the booking before new slots are offered. */
  startRescheduling(appointmentId: string, step: number, by: CancelBy, actorId?: string): Promise<void>;
  cancel(appointmentId: string, step: number, opts: { by: CancelBy; actorId?: string; reason: string }): Promise<void>;
  complete(appointmentId: string, step: number): Promise<void>;
}

/** The workflow's state, answered to the `appointmentState` query. */
export interface AppointmentWorkflowState {
  status: string;
  offerNo: number;
  offered: OfferedSlot[];
  slot: OfferedSlot | null;
  bookingId: string | null;
  reminders: ReminderDue[];
}
