// The appointment flow as an xstate machine, evaluated only through the pure `transition`
// functions: the machine decides the next state and names the side effects (actions); the
// workflow performs them as activities and feeds their results back as events.
//
// offering → awaiting_pick → holding → confirming → confirmed → reminded… → completed
//                 ↑ (slot taken / reschedule)                     ↘ cancelled | rescheduling → offering
import { assign, initialTransition, setup, transition, type SnapshotFrom } from 'xstate';
import type { CancelBy, OfferReason, OfferedSlot, ReminderDue, ReplyIntent } from './contract';

export interface AppointmentContext {
  offerNo: number;
  offerReason: OfferReason;
  offered: OfferedSlot[];
  offerExpiresAt: number | null;
  slot: OfferedSlot | null;
  bookingId: string | null;
  reminders: ReminderDue[];
  /** The reminder being sent (set when a reminder falls due). */
  dueReminder: ReminderDue | null;
  unclearReason: 'no_match' | 'ambiguous';
  cancel: { by: CancelBy; actorId?: string; reason: string } | null;
  rescheduleBy: { by: CancelBy; actorId?: string } | null;
}

/** Every event carries what the machine needs; the machine never reads a clock. */
export type AppointmentEvent =
  | { type: 'OFFERED'; slots: OfferedSlot[]; expiresAt: number }
  | { type: 'REPLY'; intent: ReplyIntent }
  | { type: 'COMMAND'; kind: 'cancel' | 'reschedule'; actorId: string; reason?: string }
  | { type: 'HELD'; bookingId: string }
  | { type: 'TAKEN' }
  | { type: 'CONFIRMED'; reminders: ReminderDue[] }
  | { type: 'LOST' }
  /** Time passed: `at` is now; the machine decides whether an expiry, a reminder or the end is due. */
  | { type: 'TICK'; at: number };

/** The side effects the workflow runs, by action name. */
export type AppointmentAction = 'offerSlots' | 'askAgain' | 'holdSlot' | 'confirmBooking' | 'sendReminder' | 'startRescheduling' | 'cancel' | 'complete';

const isIntent = (event: AppointmentEvent, kind: ReplyIntent['kind']) => event.type === 'REPLY' && event.intent.kind === kind;
const isCommand = (event: AppointmentEvent, kind: 'cancel' | 'reschedule') => event.type === 'COMMAND' && event.kind === kind;
const tickAt = (event: AppointmentEvent) => (event.type === 'TICK' ? event.at : -Infinity);

const noop = () => {};

const appointmentSetup = setup({
  types: {} as { context: AppointmentContext; events: AppointmentEvent },
  guards: {
    hasSlots: ({ event }) => event.type === 'OFFERED' && event.slots.length > 0,
    picksOffered: ({ context, event }) =>
      event.type === 'REPLY' && event.intent.kind === 'pick' && context.offered.some((s) => s.id === (event.intent as { slotId: string }).slotId),
    isUnclear: ({ event }) => isIntent(event, 'unclear') || isIntent(event, 'reschedule') || (event.type === 'REPLY' && event.intent.kind === 'pick'),
    customerCancels: ({ event }) => isIntent(event, 'cancel'),
    customerReschedules: ({ event }) => isIntent(event, 'reschedule'),
    agentCancels: ({ event }) => isCommand(event, 'cancel'),
    agentReschedules: ({ event }) => isCommand(event, 'reschedule'),
    offerExpired: ({ context, event }) => context.offerExpiresAt !== null && tickAt(event) >= context.offerExpiresAt,
    appointmentOver: ({ context, event }) => context.slot !== null && tickAt(event) >= context.slot.end,
    reminderDue: ({ context, event }) => context.reminders.length > 0 && tickAt(event) >= context.reminders[0].at,
  },
  actions: {
    offerSlots: noop, askAgain: noop, holdSlot: noop, confirmBooking: noop, sendReminder: noop, startRescheduling: noop, cancel: noop, complete: noop,
    storeOffer: assign(({ event }) => (event.type === 'OFFERED' ? { offered: event.slots, offerExpiresAt: event.expiresAt } : {})),
    pickSlot: assign(({ context, event }) => ({
      slot: event.type === 'REPLY' && event.intent.kind === 'pick' ? (context.offered.find((s) => s.id === (event.intent as { slotId: string }).slotId) ?? null) : null,
    })),
    noteUnclear: assign(({ event }) => ({
      unclearReason: event.type === 'REPLY' && event.intent.kind === 'unclear' ? event.intent.reason : ('no_match' as const),
    })),
    storeBooking: assign(({ event }) => (event.type === 'HELD' ? { bookingId: event.bookingId } : {})),
    storeReminders: assign(({ event }) => (event.type === 'CONFIRMED' ? { reminders: event.reminders } : {})),
    takeReminder: assign(({ context, event }) => {
      // Reminders whose time has come: the latest is sent, earlier missed ones (a long outage) are dropped.
      const due = context.reminders.filter((r) => r.at <= tickAt(event));
      return { dueReminder: due.at(-1) ?? null, reminders: context.reminders.slice(due.length) };
    }),
    nextOffer: assign(({ context }, params: { reason: OfferReason }) => ({
      offerNo: context.offerNo + 1, offerReason: params.reason, offered: [], offerExpiresAt: null, slot: null, bookingId: null, reminders: [],
    })),
    cancelBy: assign(({ event }, params: { by: CancelBy; reason: string }) => ({
      cancel: { by: params.by, reason: event.type === 'COMMAND' && event.reason ? event.reason : params.reason, ...(event.type === 'COMMAND' ? { actorId: event.actorId } : {}) },
    })),
    rescheduleBy: assign(({ event }, params: { by: CancelBy }) => ({
      rescheduleBy: { by: params.by, ...(event.type === 'COMMAND' ? { actorId: event.actorId } : {}) },
    })),
  },
});

const customerCancel = { guard: 'customerCancels' as const, target: 'cancelled', actions: { type: 'cancelBy' as const, params: { by: 'customer' as const, reason: 'cancelled by the customer' } } };
const agentCancel = { guard: 'agentCancels' as const, target: 'cancelled', actions: { type: 'cancelBy' as const, params: { by: 'agent' as const, reason: 'cancelled by an agent' } } };

/** While booked: the customer or an agent may cancel or reschedule; reminders fire; then it is over. */
const bookedOn = {
  REPLY: [
    customerCancel,
    { guard: 'customerReschedules' as const, target: 'rescheduling', actions: { type: 'rescheduleBy' as const, params: { by: 'customer' as const } } },
  ],
  COMMAND: [
    agentCancel,
    { guard: 'agentReschedules' as const, target: 'rescheduling', actions: { type: 'rescheduleBy' as const, params: { by: 'agent' as const } } },
  ],
  TICK: [
    { guard: 'appointmentOver' as const, target: 'completed' },
    { guard: 'reminderDue' as const, target: 'reminded', reenter: true, actions: 'takeReminder' as const },
  ],
};

export const appointmentMachine = appointmentSetup.createMachine({
  id: 'appointment',
  initial: 'offering',
  context: {
    offerNo: 1, offerReason: 'first', offered: [], offerExpiresAt: null, slot: null, bookingId: null, reminders: [], dueReminder: null,
    unclearReason: 'no_match', cancel: null, rescheduleBy: null,
  },
  states: {
    offering: {
      entry: 'offerSlots',
      on: {
        OFFERED: [
          { guard: 'hasSlots', target: 'awaiting_pick', actions: 'storeOffer' },
          { target: 'cancelled', actions: { type: 'cancelBy', params: { by: 'system', reason: 'no_slots' } } },
        ],
        COMMAND: [agentCancel],
      },
    },
    awaiting_pick: {
      on: {
        REPLY: [
          { guard: 'picksOffered', target: 'holding', actions: 'pickSlot' },
          customerCancel,
          // A number or time that is no offered slot, or anything else: a clear question back.
          { guard: 'isUnclear', actions: ['noteUnclear', 'askAgain'] },
        ],
        COMMAND: [
          agentCancel,
          { guard: 'agentReschedules', target: 'offering', actions: { type: 'nextOffer', params: { reason: 'reschedule' } } },
        ],
        TICK: [{ guard: 'offerExpired', target: 'cancelled', actions: { type: 'cancelBy', params: { by: 'system', reason: 'expired' } } }],
      },
    },
    holding: {
      entry: 'holdSlot',
      on: {
        HELD: { target: 'confirming', actions: 'storeBooking' },
        TAKEN: { target: 'offering', actions: { type: 'nextOffer', params: { reason: 'taken' } } },
      },
    },
    confirming: {
      entry: 'confirmBooking',
      on: {
        CONFIRMED: { target: 'confirmed', actions: 'storeReminders' },
        // The hold lapsed before it was confirmed and someone else took the slot.
        LOST: { target: 'offering', actions: { type: 'nextOffer', params: { reason: 'taken' } } },
      },
    },
    confirmed: { on: bookedOn },
    reminded: { entry: 'sendReminder', on: bookedOn },
    rescheduling: {
      entry: 'startRescheduling',
      always: { target: 'offering', actions: { type: 'nextOffer', params: { reason: 'reschedule' } } },
    },
    completed: { type: 'final', entry: 'complete' },
    cancelled: { type: 'final', entry: 'cancel' },
  },
});

export type AppointmentSnapshot = SnapshotFrom<typeof appointmentMachine>;
export type AppointmentStatus = 'offering' | 'awaiting_pick' | 'holding' | 'confirming' | 'confirmed' | 'reminded' | 'rescheduling' | 'completed' | 'cancelled';

const SIDE_EFFECTS = new Set<string>(['offerSlots', 'askAgain', 'holdSlot', 'confirmBooking', 'sendReminder', 'startRescheduling', 'cancel', 'complete']);

export function startAppointment(): [AppointmentSnapshot, AppointmentAction[]] {
  const [snapshot, actions] = initialTransition(appointmentMachine);
  return [snapshot, actions.map((a) => a.type).filter((t): t is AppointmentAction => SIDE_EFFECTS.has(t))];
}

/** One pure step: the next snapshot and the side effects to run, in order. */
export function stepAppointment(snapshot: AppointmentSnapshot, event: AppointmentEvent): [AppointmentSnapshot, AppointmentAction[]] {
  const [next, actions] = transition(appointmentMachine, snapshot, event);
  return [next, actions.map((a) => a.type).filter((t): t is AppointmentAction => SIDE_EFFECTS.has(t))];
}

export const statusOf = (snapshot: AppointmentSnapshot) => snapshot.value as AppointmentStatus;

/** When the workflow must wake up by itself (offer expiry, next reminder, the end), or null. */
export function nextDeadline(snapshot: AppointmentSnapshot): number | null {
  const { context } = snapshot;
  switch (statusOf(snapshot)) {
    case 'awaiting_pick': return context.offerExpiresAt;
    case 'confirmed':
    case 'reminded': return Math.min(context.reminders[0]?.at ?? Infinity, context.slot?.end ?? Infinity);
    default: return null;
  }
}
