// The appointments API without Temporal: roles, validation, availability, computed slots across a
// daylight-saving change, and the confirmation content per channel (.ics on email).
import { afterEach, describe, expect, it } from 'vitest';
import { confirmationMessage, hasNativeTimePicker, offerMessage } from '../../engine/appointments/appointment-messages';
import type { ServiceRow } from '../../engine/appointments/service-store';
import { testApp } from '../support/test-app';

let t: ReturnType<typeof testApp> | undefined;
afterEach(() => t?.close());

async function withAgent() {
  t = testApp();
  const user = await (await t.request('/api/v1/users', { method: 'POST', json: { email: 'ana@example.com', name: 'Ana', role: 'agent', password: 'a long password' } })).json();
  return { app: t, userId: user.id as string };
}

describe('appointment services and availability API', () => {
  it('supervisors manage services, agents read them; bad input names its field', async () => {
    const { app, userId } = await withAgent();
    const body = { name: 'Consultation', durationMinutes: 30, agentIds: [userId], timeZone: 'Europe/Madrid' };
    expect((await app.request('/api/v1/appointment-services', { method: 'POST', json: body, key: app.agentKey })).status).toBe(403);
    const created = await app.request('/api/v1/appointment-services', { method: 'POST', json: body, key: app.supervisorKey });
    expect(created.status).toBe(201);
    const service = await created.json();
    expect(service).toMatchObject({ name: 'Consultation', durationMinutes: 30, reminderOffsetsSeconds: [86_400, 3600], slotStepMinutes: 30 });
    expect((await (await app.request('/api/v1/appointment-services', { key: app.agentKey })).json()).items).toHaveLength(1);

    const badZone = await app.request('/api/v1/appointment-services', { method: 'POST', json: { ...body, timeZone: 'Mars/Olympus' } });
    expect(badZone.status).toBe(400);
    expect((await badZone.json()).errors[0].path).toBe('timeZone');
    const nobody = await app.request('/api/v1/appointment-services', { method: 'POST', json: { ...body, agentIds: [] } });
    expect((await nobody.json()).errors[0]).toMatchObject({ path: 'agentIds' });
    const stranger = await app.request('/api/v1/appointment-services', { method: 'POST', json: { ...body, agentIds: ['usr_nobody'] } });
    expect(stranger.status).toBe(422);

    const patched = await app.request(`/api/v1/appointment-services/${service.id}`, { method: 'PATCH', json: { bufferAfterMinutes: 10, reminderOffsetsSeconds: [7200] } });
    expect(await patched.json()).toMatchObject({ bufferAfterMinutes: 10, reminderOffsetsSeconds: [7200] });
    expect((await app.request(`/api/v1/appointment-services/${service.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await app.request(`/api/v1/appointment-services/${service.id}`)).status).toBe(404);
  });

  it('availability: unset reads as not configured; overlapping or reversed hours are refused', async () => {
    const { app, userId } = await withAgent();
    expect(await (await app.request(`/api/v1/agents/${userId}/availability`, { key: app.agentKey })).json()).toMatchObject({ configured: false });
    const bad = await app.request(`/api/v1/agents/${userId}/availability`, {
      method: 'PUT', json: { timeZone: 'Europe/Madrid', weekly: { mon: [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '15:00' }], tue: [{ start: '17:00', end: '09:00' }] } },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { path: string }) => e.path)).toEqual(['weekly.mon', 'weekly.tue']);
    expect((await app.request(`/api/v1/agents/${userId}/availability`, { method: 'PUT', json: { timeZone: 'UTC', weekly: {} }, key: app.agentKey })).status).toBe(403);
    expect((await app.request('/api/v1/agents/usr_nobody/availability', { method: 'PUT', json: { timeZone: 'UTC', weekly: {} } })).status).toBe(404);
  });

  it('slots of a Madrid agent across the March 2030 change: 09:00 local is 08:00Z on Friday, 07:00Z on Monday; time off applies', async () => {
    const { app, userId } = await withAgent();
    const hours = [{ start: '09:00', end: '11:00' }];
    const put = await app.request(`/api/v1/agents/${userId}/availability`, {
      method: 'PUT', json: { timeZone: 'Europe/Madrid', weekly: { mon: hours, fri: hours }, timeOff: [{ from: '2030-04-01T08:00:00Z', to: '2030-04-01T09:00:00Z' }] },
    });
    expect(put.status).toBe(200);
    const service = await (await app.request('/api/v1/appointment-services', { method: 'POST', json: { name: 'Visit', durationMinutes: 60, slotStepMinutes: 60, agentIds: [userId], minNoticeMinutes: 0 } })).json();
    // Madrid moves to summer time on Sunday 2030-03-31.
    const res = await app.request(`/api/v1/appointment-services/${service.id}/slots?from=2030-03-29T00:00:00Z&to=2030-04-02T00:00:00Z`, { key: app.agentKey });
    expect(res.status).toBe(200);
    const { timeZone, slots } = await res.json();
    expect(timeZone).toBe('UTC');
    expect(slots).toEqual([
      { start: '2030-03-29T08:00:00.000Z', end: '2030-03-29T09:00:00.000Z', agentId: userId },
      { start: '2030-03-29T09:00:00.000Z', end: '2030-03-29T10:00:00.000Z', agentId: userId },
      { start: '2030-04-01T07:00:00.000Z', end: '2030-04-01T08:00:00.000Z', agentId: userId },
    ]);
    const tooLong = await app.request(`/api/v1/appointment-services/${service.id}/slots?from=2030-03-01T00:00:00Z&to=2030-06-01T00:00:00Z`);
    expect(tooLong.status).toBe(400);
  });
});

describe('messages to the customer', () => {
  const service = { id: 'svc_1', name: 'Consultation', timeZone: 'Europe/Madrid', location: 'Calle Mayor 1', horizonDays: 14 } as ServiceRow;
  const facts = { appointmentId: 'appt_1', service, start: Date.parse('2026-03-30T08:00:00Z'), end: Date.parse('2026-03-30T08:30:00Z'), agentName: 'Ana', sequence: 1 };

  it('on email carries an .ics invite (RFC 5545) as a text/calendar attachment', () => {
    const reply = confirmationMessage(facts, 'email', Date.parse('2026-03-20T10:00:00Z'));
    expect(reply.text).toContain('Booked: Consultation, Mon, 30 Mar 2026, 10:00–10:30 (Europe/Madrid) with Ana, Calle Mayor 1.');
    expect(reply.attachments).toHaveLength(1);
    const [file] = reply.attachments!;
    expect(file).toMatchObject({ mime: 'text/calendar', name: 'invite.ics' });
    const ics = Buffer.from(file.url.split(',')[1], 'base64').toString('utf8');
    expect(ics).toContain('UID:appt_1@parley\r\nSEQUENCE:1\r\n');
    expect(ics).toContain('DTSTART:20260330T080000Z\r\nDTEND:20260330T083000Z\r\n');
    expect(file.size).toBe(Buffer.byteLength(ics));
  });

  it('the offer is a time picker; its fallback is a numbered list of local times where the channel has no picker', () => {
    const slots = [
      { id: 'o1-1', start: Date.parse('2026-03-30T08:00:00Z'), end: Date.parse('2026-03-30T08:30:00Z'), agentId: 'a' },
      { id: 'o1-2', start: Date.parse('2026-03-30T08:30:00Z'), end: Date.parse('2026-03-30T09:00:00Z'), agentId: 'a' },
    ];
    expect(hasNativeTimePicker('apple-messages')).toBe(true);
    expect(hasNativeTimePicker('sms')).toBe(false);
    const sms = offerMessage(service, slots, 'first', false);
    expect(sms.text).toMatch(/Pick a time for Consultation\nLocation: Calle Mayor 1\nTimes in Europe\/Madrid:\n1\. .*10:00.*10:30.*\n2\. .*10:30.*11:00/);
    expect(sms.text).toContain('Reply "cancel" if you no longer need an appointment.');
    const taken = offerMessage(service, slots, 'taken', true);
    expect(taken.text.startsWith('Sorry, that time was just booked by someone else (the slot is no longer free).')).toBe(true);
    expect(taken.text).toContain('Tap a time, or reply "cancel".');
  });

  it('elsewhere is text with Reschedule / Cancel quick replies and no attachment', () => {
    const reply = confirmationMessage(facts, 'byoc', Date.now());
    expect(reply.attachments).toBeUndefined();
    expect(reply.content.content).toMatchObject({ type: 'quickReplies', replies: [{ title: 'Reschedule' }, { title: 'Cancel' }] });
    expect(reply.text).toMatch(/1\. Reschedule\n2\. Cancel/);
  });
});
