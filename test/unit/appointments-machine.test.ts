// The appointment machine's pure transitions: which state follows and which side effects run.
import { describe, expect, it } from 'vitest';
import { nextDeadline, startAppointment, statusOf, stepAppointment, type AppointmentEvent, type AppointmentSnapshot } from '../../workflows/appointments/machine';

const slots = [
  { id: 'o1-1', start: 10_000, end: 11_000, agentId: 'ana' },
  { id: 'o1-2', start: 20_000, end: 21_000, agentId: 'bo' },
];

function run(events: AppointmentEvent[]) {
  let [snap, actions] = startAppointment();
  const log: string[][] = [actions];
  for (const e of events) {
    [snap, actions] = stepAppointment(snap, e);
    log.push(actions);
  }
  return { snap, log, status: statusOf(snap) };
}

const offered: AppointmentEvent = { type: 'OFFERED', slots, expiresAt: 5_000 };
const pick2: AppointmentEvent = { type: 'REPLY', intent: { kind: 'pick', slotId: 'o1-2' } };

describe('appointment machine', () => {
  it('offer → pick → hold → confirm → reminders → completed', () => {
    const reminders = [{ offsetSeconds: 60, at: 19_000 }, { offsetSeconds: 30, at: 19_500 }];
    const { log, snap, status } = run([offered, pick2, { type: 'HELD', bookingId: 'bk1' }, { type: 'CONFIRMED', reminders },
      { type: 'TICK', at: 19_000 }, { type: 'TICK', at: 19_500 }, { type: 'TICK', at: 21_000 }]);
    expect(log).toEqual([['offerSlots'], [], ['holdSlot'], ['confirmBooking'], [], ['sendReminder'], ['sendReminder'], ['complete']]);
    expect(status).toBe('completed');
    expect(snap.context.slot?.id).toBe('o1-2');
    expect(snap.context.bookingId).toBe('bk1');
  });

  it('a reply that picks no offered slot asks again and stays; a stale slot id too', () => {
    const { log, status, snap } = run([offered, { type: 'REPLY', intent: { kind: 'unclear', reason: 'ambiguous' } }, { type: 'REPLY', intent: { kind: 'pick', slotId: 'o0-9' } }]);
    expect(log.slice(2)).toEqual([['askAgain'], ['askAgain']]);
    expect(status).toBe('awaiting_pick');
    expect(snap.context.unclearReason).toBe('no_match');
  });

  it('a slot taken meanwhile offers again with the next offer number', () => {
    const { log, status, snap } = run([offered, pick2, { type: 'TAKEN' }]);
    expect(log.at(-1)).toEqual(['offerSlots']);
    expect(status).toBe('offering');
    expect(snap.context).toMatchObject({ offerNo: 2, offerReason: 'taken', offered: [], slot: null });
  });

  it('no free slots cancels with reason no_slots; an unanswered offer expires', () => {
    expect(run([{ type: 'OFFERED', slots: [], expiresAt: 1 }]).snap.context.cancel).toMatchObject({ by: 'system', reason: 'no_slots' });
    const early = run([offered, { type: 'TICK', at: 4_999 }]);
    expect(early.status).toBe('awaiting_pick');
    const late = run([offered, { type: 'TICK', at: 5_000 }]);
    expect(late.status).toBe('cancelled');
    expect(late.snap.context.cancel?.reason).toBe('expired');
  });

  it('the customer reschedules a booked appointment: booking released, new slots offered', () => {
    const { log, status, snap } = run([offered, pick2, { type: 'HELD', bookingId: 'bk1' }, { type: 'CONFIRMED', reminders: [] }, { type: 'REPLY', intent: { kind: 'reschedule' } }]);
    expect(log.at(-1)).toEqual(['startRescheduling', 'offerSlots']);
    expect(status).toBe('offering');
    expect(snap.context).toMatchObject({ offerNo: 2, offerReason: 'reschedule', bookingId: null, rescheduleBy: { by: 'customer' } });
  });

  it('an agent cancels a booked appointment; unrelated messages are ignored', () => {
    const booked = [offered, pick2, { type: 'HELD', bookingId: 'bk1' }, { type: 'CONFIRMED', reminders: [] }] as AppointmentEvent[];
    expect(run([...booked, { type: 'REPLY', intent: { kind: 'ignore' } }]).status).toBe('confirmed');
    const { log, status, snap } = run([...booked, { type: 'COMMAND', kind: 'cancel', actorId: 'usr_1', reason: 'agent ill' }]);
    expect(log.at(-1)).toEqual(['cancel']);
    expect(status).toBe('cancelled');
    expect(snap.context.cancel).toEqual({ by: 'agent', actorId: 'usr_1', reason: 'agent ill' });
  });

  it('deadlines: the offer expiry while picking, then the next reminder or the end', () => {
    const picking = run([offered]).snap;
    expect(nextDeadline(picking)).toBe(5_000);
    const booked = run([offered, pick2, { type: 'HELD', bookingId: 'b' }, { type: 'CONFIRMED', reminders: [{ offsetSeconds: 1, at: 19_999 }] }]).snap as AppointmentSnapshot;
    expect(nextDeadline(booked)).toBe(19_999);
    expect(nextDeadline(stepAppointment(booked, { type: 'TICK', at: 19_999 })[0])).toBe(21_000);
  });
});
