// Appointment scheduling end to end on the real Temporal dev server, a real SQLite file, real HTTP
// and the BYOC stand-in middleware as the customer's channel: an offer goes into the thread as a time
// picker with its numbered fallback, a typed number books the slot (held, then confirmed), two
// customers race for one slot, customers and agents reschedule and cancel, reminders fire at their
// computed times (offsets in seconds here: the same code path as 24 h / 1 h), and a rule starts it
// (then the customer taps a slot: a postback).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware, type ReceivedByocRequest } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { chain, insertPublishedRule } from '../support/rule-fixtures';

const SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
const ALL_DAY = [{ start: '00:00', end: '24:00' }];
const EVERY_DAY = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };

interface Appointment { id: string; status: string; start: string | null; bookingId: string | null; offered: { id: string; start: string }[]; agentId: string | null }

describe('appointment scheduling', () => {
  let h: Harness;
  let mw: ByocMiddleware;
  let channelId: string;
  let n = 0;

  beforeAll(async () => {
    mw = await startByocMiddleware({ secret: SECRET });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    channelId = (await (await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: mw.url, secret: SECRET } } })).json()).id;
  });
  afterAll(async () => {
    await h?.stop();
    await mw?.close();
  });

  const customerWrites = async (conversation: string, text: string) => {
    const body = { type: 'message', externalMessageId: `ext-in-${++n}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name: 'Ana' }, text, timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { caseIds: string[] }).caseIds[0];
  };
  const sentTo = (conversation: string) => mw.received.filter((r) => r.body?.externalConversationId === conversation);
  const waitForMessage = (conversation: string, match: (r: ReceivedByocRequest) => boolean, timeoutMs = 30_000) =>
    eventually(() => sentTo(conversation).filter(match).at(-1), timeoutMs);
  const appointment = async (id: string): Promise<Appointment> => (await h.api(`/api/v1/appointments/${id}`)).json();
  const waitForStatus = (id: string, status: string, extra: (a: Appointment) => boolean = () => true, timeoutMs = 30_000) =>
    eventually(async () => { const a = await appointment(id); return a.status === status && extra(a) ? a : null; }, timeoutMs);
  const bookings = (appointmentId: string) =>
    h.parley.db.$client.prepare('select * from appointment_bookings where appointment_id = ? order by created_at').all(appointmentId) as { status: string; start_at: number; agent_id: string }[];
  const timeline = async (caseId: string) =>
    ((await (await h.api(`/api/v1/cases/${caseId}`)).json()).events as { type: string; to: string; description: string; detail: Record<string, unknown>; at: string }[])
      .filter((e) => e.type === 'appointment');

  async function newAgent(name: string, timeZone = 'UTC', weekly: Record<string, unknown> = EVERY_DAY) {
    const user = await (await h.api('/api/v1/users', { method: 'POST', json: { email: `${name.toLowerCase()}-${n++}@example.com`, name, role: 'agent', password: 'a long password' } })).json();
    const put = await h.api(`/api/v1/agents/${user.id}/availability`, { method: 'PUT', json: { timeZone, weekly } });
    expect(put.status).toBe(200);
    return user.id as string;
  }
  async function newService(agentIds: string[], extra: Record<string, unknown> = {}) {
    const res = await h.api('/api/v1/appointment-services', {
      method: 'POST', json: { name: 'Consultation', durationMinutes: 30, slotStepMinutes: 30, agentIds, minNoticeMinutes: 0, slotsPerOffer: 3, reminderOffsetsSeconds: [86_400, 3600], ...extra },
    });
    expect(res.status).toBe(201);
    return (await res.json()).id as string;
  }
  async function offer(caseId: string, serviceId: string) {
    const res = await h.api(`/api/v1/cases/${caseId}/appointments/offer`, { method: 'POST', json: { serviceId }, key: h.agentKey });
    expect(res.status).toBe(201);
    return (await res.json()) as Appointment;
  }

  it('offer → the customer types a number → held, confirmed: message at the middleware, booking row, timeline', async () => {
    const ana = await newAgent('Ana');
    const serviceId = await newService([ana]);
    const caseId = await customerWrites('p1', 'Can I book a consultation?');
    const started = await offer(caseId, serviceId);

    // The offer: the neutral time picker for the middleware, with the numbered fallback text.
    const offerMsg = await waitForMessage('p1', (r) => JSON.stringify(r.body.content).includes('timePicker'));
    expect(offerMsg.verified).toBe(true);
    const picker = (offerMsg.body.content.content as { type: string }[]).find((b) => b.type === 'timePicker') as unknown as { slots: { id: string; start: string }[]; timezone: string };
    expect(picker.slots).toHaveLength(3);
    expect(picker.timezone).toBe('UTC');
    expect(offerMsg.body.text).toMatch(/1\. .*\n2\. .*\n3\. /);
    const offered = await waitForStatus(started.id, 'awaiting_pick');
    expect(offered.offered.map((s) => s.id)).toEqual(picker.slots.map((s) => s.id));

    await customerWrites('p1', '2');
    const confirmed = await waitForStatus(started.id, 'confirmed');
    expect(confirmed.start).toBe(new Date(picker.slots[1].start).toISOString());
    expect(confirmed.agentId).toBe(ana);
    expect(bookings(started.id).map((b) => [b.status, b.start_at, b.agent_id])).toEqual([['confirmed', Date.parse(picker.slots[1].start), ana]]);

    const confirmation = await waitForMessage('p1', (r) => String(r.body.text).startsWith('Booked: Consultation'));
    expect(confirmation.body.text).toContain('with Ana');
    expect(confirmation.body.content.content).toMatchObject({ type: 'quickReplies', replies: [{ id: 'appt-reschedule' }, { id: 'appt-cancel' }] });

    const events = await timeline(caseId);
    expect(events.map((e) => e.to)).toEqual(['offered', 'confirmed']);
    expect(events[1].description).toMatch(/^Appointment Consultation booked for .* with Ana by Parley$/);
    const listed = await (await h.api(`/api/v1/cases/${caseId}/appointments`, { key: h.agentKey })).json();
    expect(listed.items.map((a: Appointment) => [a.id, a.status])).toEqual([[started.id, 'confirmed']]);
    // The agent's day view lists it.
    const day = confirmed.start!.slice(0, 10);
    const dayView = await (await h.api(`/api/v1/appointments?agentId=${ana}&day=${day}`, { key: h.agentKey })).json();
    expect(dayView.items.map((a: Appointment) => a.id)).toContain(started.id);
  });

  it('a reply that picks no offered slot gets a clear question, and nothing is booked', async () => {
    const bo = await newAgent('Bo');
    const serviceId = await newService([bo]);
    const caseId = await customerWrites('p2', 'appointment please');
    const started = await offer(caseId, serviceId);
    await waitForStatus(started.id, 'awaiting_pick');
    await customerWrites('p2', '7');
    const question = await waitForMessage('p2', (r) => String(r.body.text).includes('does not match any of the offered times'));
    expect(question.body.text).toContain('Reply with a number from 1 to 3');
    expect((await appointment(started.id)).status).toBe('awaiting_pick');
    expect(bookings(started.id)).toEqual([]);
    expect((await timeline(caseId)).map((e) => e.to)).toEqual(['offered', 'pick_unclear']);

    // An agent asks for fresh times: a new offer replaces the old one.
    const again = await h.api(`/api/v1/appointments/${started.id}/reschedule`, { method: 'POST', key: h.agentKey });
    expect(again.status).toBe(202);
    await waitForStatus(started.id, 'awaiting_pick', (a) => a.offered[0]?.id.startsWith('o2-'));
    await customerWrites('p2', '1');
    const booked = await waitForStatus(started.id, 'confirmed');
    const ics = await h.api(`/api/v1/appointments/${started.id}/invite.ics`, { key: h.agentKey });
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(await ics.text()).toContain(`DTSTART:${booked.start!.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}\r\n`);
  });

  it('two customers race for one slot: one wins, the other is told it is taken and offered other slots', async () => {
    const cy = await newAgent('Cy');
    const serviceId = await newService([cy]);
    const [caseA, caseB] = [await customerWrites('r1', 'book me'), await customerWrites('r2', 'book me too')];
    const [a, b] = [await offer(caseA, serviceId), await offer(caseB, serviceId)];
    const [offerA, offerB] = [await waitForStatus(a.id, 'awaiting_pick'), await waitForStatus(b.id, 'awaiting_pick')];
    expect(offerA.offered[0].start).toBe(offerB.offered[0].start);

    await Promise.all([customerWrites('r1', '1'), customerWrites('r2', '1')]);
    const settled = await eventually(async () => {
      const both = [await appointment(a.id), await appointment(b.id)];
      return both.some((x) => x.status === 'confirmed') && both.some((x) => x.status === 'awaiting_pick' && x.offered[0]?.id.startsWith('o2-')) ? both : null;
    });
    const winner = settled.find((x) => x.status === 'confirmed')!;
    const loser = settled.find((x) => x.status !== 'confirmed')!;
    expect(winner.start).toBe(offerA.offered[0].start);
    // The loser's new offer leaves out the slot that was taken.
    expect(loser.offered.map((s) => s.start)).not.toContain(offerA.offered[0].start);
    const loserConversation = loser.id === a.id ? 'r1' : 'r2';
    const reoffer = await waitForMessage(loserConversation, (r) => JSON.stringify(r.body.content).includes('no longer free'));
    expect(reoffer.body.text).toContain('that time was just booked by someone else');
    const live = h.parley.db.$client.prepare(`select count(*) n from appointment_bookings where agent_id = ? and status in ('held','confirmed')`).get(cy) as { n: number };
    expect(live.n).toBe(1);
    expect((await timeline(loser.id === a.id ? caseA : caseB)).map((e) => e.to)).toEqual(['offered', 'slot_taken', 'offered']);
  });

  it('the customer reschedules by keyword, then an agent cancels through the API', async () => {
    const di = await newAgent('Di');
    const serviceId = await newService([di]);
    const caseId = await customerWrites('s1', 'book');
    const started = await offer(caseId, serviceId);
    await waitForStatus(started.id, 'awaiting_pick');
    await customerWrites('s1', '1');
    const first = await waitForStatus(started.id, 'confirmed');

    await customerWrites('s1', 'Reschedule please');
    const reoffered = await waitForStatus(started.id, 'awaiting_pick', (x) => x.offered[0]?.id.startsWith('o2-'));
    expect(bookings(started.id).map((b) => b.status)).toEqual(['cancelled']);
    await waitForMessage('s1', (r) => JSON.stringify(r.body.content).includes('previous time has been released'));
    await customerWrites('s1', '3');
    const second = await waitForStatus(started.id, 'confirmed', (x) => x.start !== first.start);
    expect(second.start).toBe(reoffered.offered[2].start);

    const cancel = await h.api(`/api/v1/appointments/${started.id}/cancel`, { method: 'POST', json: { reason: 'agent unavailable' }, key: h.agentKey });
    expect(cancel.status).toBe(202);
    await waitForStatus(started.id, 'cancelled');
    expect(bookings(started.id).map((b) => b.status)).toEqual(['cancelled', 'cancelled']);
    await waitForMessage('s1', (r) => /Your appointment for Consultation on .* is cancelled/.test(String(r.body.text)));
    const events = await timeline(caseId);
    expect(events.map((e) => e.to)).toEqual(['offered', 'confirmed', 'rescheduling', 'offered', 'confirmed', 'cancelled']);
    expect(events[2].description).toContain('by the customer');
    expect(events[5].description).toContain('(agent unavailable)');
    // A finished appointment cannot be cancelled again.
    const again = await h.api(`/api/v1/appointments/${started.id}/cancel`, { method: 'POST', json: {} });
    expect(again.status).toBe(409);
  });

  it('the customer cancels with the confirmation\'s quick reply (typed as its number on a text channel)', async () => {
    const ed = await newAgent('Ed');
    const serviceId = await newService([ed]);
    const caseId = await customerWrites('s2', 'book');
    const started = await offer(caseId, serviceId);
    await waitForStatus(started.id, 'awaiting_pick');
    await customerWrites('s2', '1');
    await waitForStatus(started.id, 'confirmed');
    await waitForMessage('s2', (r) => String(r.body.text).startsWith('Booked:'));
    // "1. Reschedule  2. Cancel": ingest maps the typed 2 to the Cancel option.
    await customerWrites('s2', '2');
    const cancelled = await waitForStatus(started.id, 'cancelled');
    expect(cancelled.bookingId).toBeNull();
    expect((await timeline(caseId)).at(-1)!.description).toMatch(/cancelled \(cancelled by the customer\) by the customer$/);
  });

  it('reminders fire at their computed times (offsets of 40 s and 20 s before a slot a minute or two ahead)', async () => {
    // A window that opens on the next whole minute at least 70 s from now: its first slot is the appointment.
    const startAt = Math.ceil((Date.now() + 70_000) / 60_000) * 60_000;
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const endAt = Math.min(startAt + 30 * 60_000, Math.floor(startAt / 86_400_000 + 1) * 86_400_000);
    const day = new Date(startAt).toISOString().slice(0, 10);
    const fay = await newAgent('Fay', 'UTC', {});
    await h.api(`/api/v1/agents/${fay}/availability`, {
      method: 'PUT', json: { timeZone: 'UTC', weekly: {}, exceptions: [{ date: day, hours: [{ start: hhmm(startAt), end: endAt % 86_400_000 === 0 ? '24:00' : hhmm(endAt) }] }] },
    });
    const serviceId = await newService([fay], { durationMinutes: 5, slotStepMinutes: 5, reminderOffsetsSeconds: [40, 20], slotsPerOffer: 1 });
    const caseId = await customerWrites('t1', 'book');
    const started = await offer(caseId, serviceId);
    const offered = await waitForStatus(started.id, 'awaiting_pick');
    expect(Date.parse(offered.offered[0].start)).toBe(startAt);
    await customerWrites('t1', '1');
    await waitForStatus(started.id, 'confirmed');

    const reminded = await eventually(async () => {
      const events = (await timeline(caseId)).filter((e) => e.to === 'reminder_sent');
      return events.length === 2 ? events : null;
    }, 150_000, 500);
    for (const [i, offset] of [40, 20].entries()) {
      expect(reminded[i].detail.offsetSeconds).toBe(offset);
      expect(reminded[i].detail.dueAt).toBe(startAt - offset * 1000);
      const late = Date.parse(reminded[i].at) - (startAt - offset * 1000);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(5_000);
    }
    // The timeline records a reminder when it is queued; the message reaches the channel a moment later.
    const reminders = await eventually(() => {
      const sent = sentTo('t1').filter((r) => String(r.body.text).startsWith('Reminder: Consultation'));
      return sent.length >= 2 ? sent : null;
    }, 20_000, 200);
    expect(reminders).toHaveLength(2);
    expect((await appointment(started.id)).status).toBe('reminded');
  }, 200_000);

  it('a rule\'s offer_appointment action starts the flow in the case', async () => {
    const gus = await newAgent('Gus');
    const serviceId = await newService([gus]);
    const accountId = (h.parley.db.$client.prepare('select id from accounts limit 1').get() as { id: string }).id;
    insertPublishedRule(h.parley.db, {
      accountId, name: 'Bookings',
      graph: chain({ trigger: 'message.created', config: { channelIds: [channelId] } },
        { kind: 'condition', all: [{ field: 'message.text', op: 'contains', value: 'cita' }] },
        { kind: 'action', action: 'offer_appointment', input: { serviceId } }),
    });
    const caseId = await customerWrites('u1', 'Quiero una cita');
    const [started] = await eventually(async () => {
      const items = (await (await h.api(`/api/v1/cases/${caseId}/appointments`)).json()).items as Appointment[];
      return items.length ? items : null;
    });
    const offered = await waitForStatus(started.id, 'awaiting_pick');
    await waitForMessage('u1', (r) => JSON.stringify(r.body.content).includes('timePicker'));
    expect(h.parley.db.$client.prepare('select created_by c from appointments where id = ?').get(started.id)).toEqual({ c: expect.stringMatching(/^rule:/) });

    // The customer taps the second slot in a channel with a native picker: a postback with its id.
    const tap = { type: 'postback', externalMessageId: `ext-in-${++n}`, externalConversationId: 'u1', sender: { externalId: 'cust-u1' }, payload: offered.offered[1].id, text: 'the second one', timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, tap), body: JSON.stringify(tap) });
    expect(res.status).toBe(200);
    expect((await waitForStatus(started.id, 'confirmed')).start).toBe(offered.offered[1].start);
  });
});
