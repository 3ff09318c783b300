// Appointment workflows survive their worker: Parley stops while an offer waits for the customer's
// pick; a new Parley starts on the same data directory and task queue; the customer picks there and
// the booking is confirmed — the offer sent once, the confirmation sent once, one booking row.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 24).toString('base64');
const ALL_DAY = [{ start: '00:00', end: '24:00' }];

describe('appointments across a worker restart', () => {
  const running: Harness[] = [];
  let mw: ByocMiddleware;
  let dataDir: string | undefined;
  afterAll(async () => {
    for (const h of running) await h.stop({ keepData: true }).catch(() => {});
    await mw?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('an offer made before the restart is picked and confirmed after it, each message sent once', async () => {
    mw = await startByocMiddleware({ secret: SECRET });
    const taskQueue = `appointments-restart-${randomUUID()}`;
    const first = await startHarness({ temporalAddress: inject('temporalAddress'), taskQueue });
    running.push(first);
    dataDir = first.dataDir;
    const channelId = (await (await first.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: mw.url, secret: SECRET } } })).json()).id as string;
    const agent = await (await first.api('/api/v1/users', { method: 'POST', json: { email: 'rosa@example.com', name: 'Rosa', role: 'agent', password: 'a long password' } })).json();
    const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ALL_DAY]));
    expect((await first.api(`/api/v1/agents/${agent.id}/availability`, { method: 'PUT', json: { timeZone: 'UTC', weekly: week } })).status).toBe(200);
    const service = await (await first.api('/api/v1/appointment-services', { method: 'POST', json: { name: 'Fitting', durationMinutes: 30, agentIds: [agent.id], minNoticeMinutes: 0, slotsPerOffer: 3 } })).json();
    let n = 0;
    const customerWrites = async (h: Harness, text: string) => {
      const body = { type: 'message', externalMessageId: `restart-${++n}`, externalConversationId: 'restart-1', sender: { externalId: 'cust-restart', name: 'Nora' }, text, timestamp: Date.now() };
      const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
      return ((await res.json()) as { caseIds: string[] }).caseIds[0];
    };
    const caseId = await customerWrites(first, 'I would like a fitting');
    const started = await (await first.api(`/api/v1/cases/${caseId}/appointments/offer`, { method: 'POST', json: { serviceId: service.id }, key: first.agentKey })).json();
    await eventually(async () => (await (await first.api(`/api/v1/appointments/${started.id}`)).json()).status === 'awaiting_pick', 30_000, 100);
    await first.stop({ keepData: true });
    running.splice(running.indexOf(first), 1);

    const second = await startHarness({ temporalAddress: inject('temporalAddress'), taskQueue, dataDir });
    running.push(second);
    await customerWrites(second, '1');
    const confirmed = await eventually(async () => {
      const a = await (await second.api(`/api/v1/appointments/${started.id}`)).json();
      return a.status === 'confirmed' ? a : null;
    }, 45_000, 200);
    expect(confirmed.agentId).toBe(agent.id);

    const texts = () => mw.received.filter((r) => r.body?.externalConversationId === 'restart-1').map((r) => String(r.body.text));
    await eventually(() => texts().some((t) => t.startsWith('Booked: Fitting')), 20_000, 100);
    await new Promise((r) => setTimeout(r, 1000));
    expect(texts().filter((t) => t.startsWith('Pick a time for Fitting'))).toHaveLength(1);
    expect(texts().filter((t) => t.startsWith('Booked: Fitting'))).toHaveLength(1);
    const rows = second.parley.db.$client.prepare('select status from appointment_bookings where appointment_id = ?').all(started.id) as { status: string }[];
    expect(rows).toEqual([{ status: 'confirmed' }]);
  });
});
