// The appointment workflow's activities against a real SQLite file (no Temporal): each step writes
// the appointment row, the case timeline and the customer's message once, however often Temporal
// retries it (a worker that died after the write retries the activity on another worker).
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../connectors/connector';
import { ChannelStore } from '../../engine/channels/channel-store';
import { users } from '../../engine/db/schema';
import { agentAvailability, appointmentServices, appointments } from '../../engine/db/schema-appointments';
import { ingestEvents } from '../../engine/ingest/ingest-events';
import { createSecretBox } from '../../engine/security/secret-box';
import { createAppointmentsActivities } from '../../workflows/appointments/activities';
import type { FlowActivityDeps } from '../../workflows/flow-activity-deps';
import { tempDb } from '../support/temp-db';

const ALL_DAY = [{ start: '00:00', end: '24:00' }];

describe('appointment activities', () => {
  let t: ReturnType<typeof tempDb>;
  let deps: FlowActivityDeps;
  let clock: number;
  beforeEach(() => {
    t = tempDb();
    clock = Date.now();
    const box = createSecretBox(randomBytes(32));
    const noTemporal = new Proxy({}, { get() { throw new Error('no Temporal here'); } }) as Client;
    deps = { db: t.db, channels: new ChannelStore(t.db, box, 'https://parley.test'), client: noTemporal, taskQueue: 'q', autoCloseAfterMs: 1000, box, now: () => clock };
    t.db.insert(users).values({ id: 'usr_ana', accountId: t.accountId, email: 'ana@x', name: 'Ana', passwordHash: 'x', role: 'agent', createdAt: clock }).run();
    t.db.insert(agentAvailability).values({ userId: 'usr_ana', accountId: t.accountId, timeZone: 'UTC', weekly: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY }, updatedAt: clock }).run();
    t.db.insert(appointmentServices).values({ id: 'svc_1', accountId: t.accountId, name: 'Consultation', durationMinutes: 30, agentIds: ['usr_ana'], minNoticeMinutes: 0, slotsPerOffer: 3, createdAt: clock, updatedAt: clock }).run();
  });
  afterEach(() => t.close());

  let n = 0;
  const customerWrites = (text: string, at = clock) => ingestEvents(t.db, { id: t.channelId, accountId: t.accountId, type: 'byoc' }, [{
    kind: 'message', eventId: `e${++n}`, providerMessageId: `p${n}`, threadId: 'th', sender: { externalId: 'c1', name: 'Ana Pérez' }, text, attachments: [], occurredAt: at,
  } as InboundEvent], at);
  const outbound = () => t.db.$client.prepare(`select fallback_text text from messages where direction = 'out' order by rowid`).all() as { text: string }[];
  const steps = () => (t.db.$client.prepare(`select to_value step from case_events where type = 'appointment' order by id`).all() as { step: string }[]).map((r) => r.step);
  const row = () => t.db.$client.prepare('select status, booking_id, start_at from appointments where id = ?').get('appt_1') as { status: string; booking_id: string | null; start_at: number | null };

  it('offer, reply, hold, confirm, cancel: each applied once under retries', async () => {
    const { caseIds: [caseId], messageIds: [firstMessage] } = customerWrites('I need an appointment', clock - 5000);
    t.db.insert(appointments).values({ id: 'appt_1', accountId: t.accountId, caseId, serviceId: 'svc_1', status: 'offering', createdAt: clock - 1000, updatedAt: clock - 1000 }).run();
    const acts = createAppointmentsActivities(deps);

    const offer = await acts.offerSlots('appt_1', 1, { offerNo: 1, reason: 'first' });
    expect(offer.slots.map((s) => s.id)).toEqual(['o1-1', 'o1-2', 'o1-3']);
    expect(await acts.offerSlots('appt_1', 1, { offerNo: 1, reason: 'first' })).toEqual(offer);
    expect(outbound()).toHaveLength(1);
    expect(outbound()[0].text).toMatch(/^Pick a time for Consultation/);
    expect(row().status).toBe('awaiting_pick');

    // The message that opened the case came before the offer: it answers nothing.
    expect(await acts.interpretReply('appt_1', firstMessage, offer.slots, 'picking')).toEqual({ kind: 'ignore' });
    const { messageIds: [pick] } = customerWrites('2', clock + 1000);
    expect(await acts.interpretReply('appt_1', pick, offer.slots, 'picking')).toEqual({ kind: 'pick', slotId: 'o1-2' });

    const slot = offer.slots[1];
    const held = await acts.holdSlot('appt_1', 2, slot);
    expect(held.ok).toBe(true);
    expect(await acts.holdSlot('appt_1', 2, slot)).toEqual(held);
    const bookingId = held.ok ? held.bookingId : '';
    expect(row()).toMatchObject({ status: 'holding', booking_id: bookingId, start_at: slot.start });

    const confirmed = await acts.confirmBooking('appt_1', 3, bookingId, slot);
    expect(await acts.confirmBooking('appt_1', 3, bookingId, slot)).toEqual(confirmed);
    expect(outbound()).toHaveLength(2);
    expect(outbound()[1].text).toMatch(/^Booked: Consultation, .* with Ana\. Reply "reschedule"/);
    expect(row().status).toBe('confirmed');

    await acts.cancel('appt_1', 4, { by: 'agent', actorId: 'usr_boss', reason: 'agent ill' });
    await acts.cancel('appt_1', 4, { by: 'agent', actorId: 'usr_boss', reason: 'agent ill' });
    expect(outbound()).toHaveLength(3);
    expect(outbound()[2].text).toMatch(/^Your appointment for Consultation on .* is cancelled\.$/);
    expect(row()).toMatchObject({ status: 'cancelled', booking_id: null });
    expect(steps()).toEqual(['offered', 'confirmed', 'cancelled']);
    expect(t.db.$client.prepare('select status from appointment_bookings').all()).toEqual([{ status: 'cancelled' }]);
  });

  it('a reply that picks nothing gets one question per step; a slot taken meanwhile is reported once', async () => {
    const { caseIds: [caseId] } = customerWrites('hello', clock - 5000);
    t.db.insert(appointments).values({ id: 'appt_1', accountId: t.accountId, caseId, serviceId: 'svc_1', status: 'offering', createdAt: clock - 1000, updatedAt: clock - 1000 }).run();
    const acts = createAppointmentsActivities(deps);
    const offer = await acts.offerSlots('appt_1', 1, { offerNo: 1, reason: 'first' });
    await acts.askAgain('appt_1', 2, 'no_match');
    await acts.askAgain('appt_1', 2, 'no_match');
    expect(outbound().map((m) => m.text).at(-1)).toBe('Sorry, that does not match any of the offered times. Which time would you like? Reply with a number from 1 to 3 from the list above, or "cancel".');
    expect(outbound()).toHaveLength(2);

    // Someone else holds the slot first (another appointment of the same agent).
    t.db.insert(appointments).values({ id: 'appt_2', accountId: t.accountId, caseId, serviceId: 'svc_1', status: 'offering', createdAt: clock, updatedAt: clock }).run();
    expect((await acts.holdSlot('appt_2', 1, offer.slots[0])).ok).toBe(true);
    expect(await acts.holdSlot('appt_1', 3, offer.slots[0])).toEqual({ ok: false });
    expect(await acts.holdSlot('appt_1', 3, offer.slots[0])).toEqual({ ok: false });
    expect(steps()).toEqual(['offered', 'pick_unclear', 'slot_taken']);
  });
});
