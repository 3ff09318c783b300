// BYOC end to end on a real Temporal dev server, a real SQLite file and real HTTP: a customer
// message becomes a case, an agent replies, the middleware receives a correctly signed request,
// statuses move through the workflow, and a closed case stays closed.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 3).toString('base64');

describe('BYOC channel through the case workflow', () => {
  let h: Harness;
  let mw: ByocMiddleware;
  let channelId: string;
  let n = 0;

  beforeAll(async () => {
    mw = await startByocMiddleware({ secret: SECRET });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_CASE_AUTO_CLOSE_AFTER: '2s' } });
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: mw.url, secret: SECRET } } });
    channelId = (await res.json()).id;
  });
  afterAll(async () => {
    await h?.stop();
    await mw?.close();
  });

  const customerWrites = async (conversation: string, text: string, sender: Record<string, string> = {}) => {
    const body = { type: 'message', externalMessageId: `ext-in-${++n}`, externalConversationId: conversation, sender: { externalId: `cust-${conversation}`, name: 'Ana', ...sender }, text, timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return (await res.json()) as { caseIds: string[] };
  };
  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();

  it('inbound → case in the inbox → agent reply delivered, signed, to the middleware', async () => {
    const { caseIds: [caseId] } = await customerWrites('c1', 'My parcel never arrived');
    const list = await (await h.api('/api/v1/cases')).json();
    expect(list.items.map((c: { id: string }) => c.id)).toContain(caseId);
    // The workflow mirrors the inbound message's reply-window anchor.
    await eventually(async () => (await getCase(caseId)).lastInboundAt);

    const before = mw.received.length;
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { text: 'Sorry! A new one ships today.' }, key: h.agentKey });
    expect(reply.status).toBe(202);
    const { id: messageId } = await reply.json();
    const [request] = (await mw.waitFor(before + 1)).slice(before);
    expect(request.verified).toBe(true);
    expect(request.headers['webhook-id']).toBe(messageId);
    expect(request.headers['idempotency-key']).toBe(messageId);
    expect(request.body).toMatchObject({ messageId, caseId, externalConversationId: 'c1', recipient: { externalId: 'cust-c1' }, text: 'Sorry! A new one ships today.' });

    const after = await eventually(async () => {
      const c = await getCase(caseId);
      return c.messages.at(-1).deliveryStatus === 'sent' && c.status === 'open' && c.lastOutboundAt ? c : null;
    });
    expect(after.messages.at(-1).providerMessageId).toMatch(/^ext-/);
  });

  it('a Spanish-speaking customer: the outbound body carries locale "es" and Spanish words; a slot typed in Spanish is the answer', async () => {
    // The middleware knows her language and says so (sender.language): it becomes the contact's.
    const { caseIds: [caseId] } = await customerWrites('c-es', 'Quiero pedir cita', { language: 'es' });
    const { contactId } = await getCase(caseId);
    expect((await (await h.api(`/api/v1/contacts/${contactId}`)).json()).language).toBe('es');

    const before = mw.received.length;
    const picker = {
      type: 'timePicker', title: 'Elige una hora', timezone: 'Europe/Madrid',
      slots: [{ id: 's1', start: '2026-12-01T09:00:00Z', durationMinutes: 30 }, { id: 's2', start: '2026-12-01T15:30:00Z', durationMinutes: 30 }],
    };
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { content: picker }, key: h.agentKey });
    expect(reply.status).toBe(202);
    const { id: questionId } = await reply.json();
    const [request] = (await mw.waitFor(before + 1)).slice(before);
    expect(request.verified).toBe(true);
    expect(request.body).toMatchObject({ messageId: questionId, locale: 'es', content: { content: picker } });
    expect(request.body.text).toBe([
      'Elige una hora', 'Horas en Europe/Madrid:', '1. mar, 1 dic 2026, 10:00–10:30', '2. mar, 1 dic 2026, 16:30–17:00',
      '', 'Responde con el número o la opción.',
    ].join('\n'));
    await eventually(async () => (await getCase(caseId)).messages.at(-1).deliveryStatus === 'sent');

    // She answers with the slot as she read it, in Spanish: it is recorded as her choice of that slot.
    await customerWrites('c-es', 'mar, 1 dic 2026, 16:30–17:00');
    const answered = await eventually(async () => {
      const last = (await getCase(caseId)).messages.at(-1);
      return last.direction === 'in' && last.text === 'mar, 1 dic 2026, 16:30–17:00' ? last : null;
    });
    expect(answered.content.answer).toEqual({ messageId: questionId, optionId: 's2', payload: '2026-12-01T15:30:00Z' });
  });

  it('a provider retry of the same delivery stores one message and reaches the workflow once', async () => {
    const body = { type: 'message', externalMessageId: 'ext-retry-1', externalConversationId: 'c7', sender: { externalId: 'cust-c7' }, text: 'hello once', timestamp: Date.now() };
    const headers = signByocRequest(SECRET, body);
    const first = await (await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
    const again = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers, body: JSON.stringify(body) });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const caseId = first.caseIds[0];
    await eventually(async () => (await getCase(caseId)).inboundCount === 1);
    await new Promise((r) => setTimeout(r, 300));
    const theCase = await getCase(caseId);
    expect(theCase.messages).toHaveLength(1);
    expect(theCase.inboundCount).toBe(1);
  });

  it('a forged signature gets 401 and writes nothing', async () => {
    const count = () => (h.parley.db.$client.prepare('select (select count(*) from messages) + (select count(*) from inbound_events) + (select count(*) from dispatch_queue) n').get() as { n: number }).n;
    const before = count();
    const body = { type: 'message', externalMessageId: 'ext-forged', externalConversationId: 'c8', sender: { externalId: 'mallory' }, text: 'pay me', timestamp: Date.now() };
    const forged = signByocRequest('whsec_' + Buffer.alloc(32, 99).toString('base64'), body);
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: forged, body: JSON.stringify(body) });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(count()).toBe(before);
  });

  it('delivery-status callbacks update the message', async () => {
    const { caseIds: [caseId] } = await customerWrites('c2', 'hello');
    const { id: messageId } = await (await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { text: 'hi!' } })).json();
    await eventually(async () => (await getCase(caseId)).messages.at(-1).deliveryStatus === 'sent');
    const receipt = { type: 'delivery', messageId, status: 'read', timestamp: Date.now() };
    const res = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, receipt), body: JSON.stringify(receipt) });
    expect(res.status).toBe(200);
    expect((await getCase(caseId)).messages.at(-1).deliveryStatus).toBe('read');
  });

  it('status changes go through the workflow; an illegal one is refused with 409 and changes nothing', async () => {
    const { caseIds: [caseId] } = await customerWrites('c3', 'question');
    const toPending = await h.api(`/api/v1/cases/${caseId}`, { method: 'PATCH', json: { status: 'pending' } });
    expect(toPending.status).toBe(200);
    expect((await toPending.json()).status).toBe('pending');
    const back = await h.api(`/api/v1/cases/${caseId}`, { method: 'PATCH', json: { status: 'new' } });
    expect(back.status).toBe(409);
    const problem = await back.json();
    expect(problem.code).toBe('illegal_status_transition');
    expect(problem.detail).toMatch(/new/);
    expect((await getCase(caseId)).status).toBe('pending');
    // The customer writing again brings a pending case back to open.
    await customerWrites('c3', 'any news?');
    await eventually(async () => (await getCase(caseId)).status === 'open');
    // The audit trail says who did what.
    const ana = await (await h.api('/api/v1/users', { method: 'POST', json: { email: 'ana@example.com', name: 'Ana', role: 'agent', password: 'a long password' } })).json();
    await h.api(`/api/v1/cases/${caseId}`, { method: 'PATCH', json: { assigneeId: ana.id } });
    const { events, statusUpdatedBy } = await getCase(caseId);
    expect(statusUpdatedBy).toBe('customer');
    expect(events.map((e: { type: string; from: string; to: string; actor: string }) => [e.type, e.from, e.to, e.actor])).toEqual([
      ['status_changed', 'new', 'pending', expect.stringMatching(/^key_/)],
      ['status_changed', 'pending', 'open', 'customer'],
      ['assignee_changed', null, ana.id, expect.stringMatching(/^key_/)],
    ]);
  });

  it('a resolved case closes itself after the configured delay; the next message opens a new case', async () => {
    const { caseIds: [caseId] } = await customerWrites('c4', 'thanks, solved');
    const resolved = await h.api(`/api/v1/cases/${caseId}`, { method: 'PATCH', json: { status: 'resolved' } });
    expect((await resolved.json()).autoCloseAt).toBeTruthy();
    const closed = await eventually(async () => {
      const c = await getCase(caseId);
      return c.status === 'closed' ? c : null;
    }, 20_000, 200);
    expect(closed.statusUpdatedBy).toBe('system');
    expect(closed.events.at(-1)).toMatchObject({ type: 'status_changed', from: 'resolved', to: 'closed', actor: 'system' });
    const closedPatch = await h.api(`/api/v1/cases/${caseId}`, { method: 'PATCH', json: { status: 'open' } });
    expect(closedPatch.status).toBe(409);
    expect((await closedPatch.json()).code).toBe('case_closed');

    const { caseIds: [next] } = await customerWrites('c4', 'one more thing');
    expect(next).not.toBe(caseId);
    expect((await getCase(next)).status).toBe('new');
    const card = await (await h.api(`/api/v1/contacts/${(await getCase(next)).contactId}`)).json();
    expect(card.cases.map((c: { id: string }) => c.id)).toEqual([next, caseId]);
  });

  it('a resolved case the customer writes to again reopens instead of closing', async () => {
    const { caseIds: [caseId] } = await customerWrites('c5', 'hi');
    await h.api(`/api/v1/cases/${caseId}`, { method: 'PATCH', json: { status: 'resolved' } });
    await customerWrites('c5', 'wait, one more question');
    await eventually(async () => (await getCase(caseId)).status === 'open');
    await new Promise((r) => setTimeout(r, 2500));
    expect((await getCase(caseId)).status).toBe('open');
  });

  it('closing by hand is final too', async () => {
    const { caseIds: [caseId] } = await customerWrites('c6', 'spam');
    const closed = await h.api(`/api/v1/cases/${caseId}`, { method: 'PATCH', json: { status: 'closed' } });
    expect((await closed.json()).status).toBe('closed');
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: { text: 'hello?' } });
    expect(reply.status).toBe(409);
  });
});
