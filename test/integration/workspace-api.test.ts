// The agent workspace's API on a real Parley: canned responses (CRUD, roles, short-code clashes,
// search), internal notes with @mentions (validated, live through the stream), the case's reply
// window and per-message rendering report, and the SLA targets agents read.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { signByocRequest } from '../fakes/sign-byoc';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');

describe('agent workspace API', () => {
  let h: Harness;
  let mw: ByocMiddleware;
  let channelId: string;
  let caseId: string;

  beforeAll(async () => {
    mw = await startByocMiddleware({ secret: SECRET });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'byoc', name: 'MW', config: { outboundUrl: mw.url, secret: SECRET } } });
    channelId = (await res.json()).id;
    const body = { type: 'message', externalMessageId: 'ws-in-1', externalConversationId: 'ws1', sender: { externalId: 'cust-ws1', name: 'Lucía' }, text: 'Hola, where is my order?', timestamp: Date.now() };
    const hook = await fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signByocRequest(SECRET, body), body: JSON.stringify(body) });
    caseId = (await hook.json()).caseIds[0];
  });
  afterAll(async () => {
    await h?.stop();
    await mw?.close();
  });

  it('canned responses: admins create, change and delete; agents read and search; clashes are 409', async () => {
    const created = await h.api('/api/v1/canned-responses', { method: 'POST', json: { shortCode: 'refund', title: 'Refund on its way', content: 'Hi {{contact.name}}, your refund is on its way.' } });
    expect(created.status).toBe(201);
    const refund = await created.json();
    expect(refund).toMatchObject({ shortCode: 'refund', title: 'Refund on its way' });
    await h.api('/api/v1/canned-responses', { method: 'POST', json: { shortCode: 'hello', title: 'Greeting', content: 'Hello! How can I help with your refund?' } });

    const clash = await h.api('/api/v1/canned-responses', { method: 'POST', json: { shortCode: 'refund', title: 'Again', content: 'x' } });
    expect(clash.status).toBe(409);
    expect((await clash.json()).code).toBe('short_code_taken');

    const byAgent = await h.api('/api/v1/canned-responses', { method: 'POST', key: h.agentKey, json: { shortCode: 'mine', title: 'Mine', content: 'x' } });
    expect(byAgent.status).toBe(403);
    const invalid = await h.api('/api/v1/canned-responses', { method: 'POST', json: { shortCode: 'Has Spaces', title: '', content: 'x' } });
    expect(invalid.status).toBe(400);

    // Search: a short-code prefix ranks first, a match in another's text still counts.
    const search = await (await h.api('/api/v1/canned-responses?q=refund', { key: h.agentKey })).json();
    expect(search.items.map((c: { shortCode: string }) => c.shortCode)).toEqual(['refund', 'hello']);

    const patched = await h.api(`/api/v1/canned-responses/${refund.id}`, { method: 'PATCH', json: { title: 'Refund sent' } });
    expect(patched.status).toBe(200);
    expect((await patched.json()).title).toBe('Refund sent');
    expect((await h.api(`/api/v1/canned-responses/${refund.id}`, { method: 'PATCH', json: {} })).status).toBe(400);
    expect((await h.api(`/api/v1/canned-responses/${refund.id}`, { method: 'PATCH', json: { shortCode: 'hello' } })).status).toBe(409);
    expect((await h.api(`/api/v1/canned-responses/${refund.id}`, { method: 'DELETE', key: h.agentKey })).status).toBe(403);
    expect((await h.api(`/api/v1/canned-responses/${refund.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await h.api(`/api/v1/canned-responses/${refund.id}`)).status).toBe(404);
    expect((await h.api('/api/v1/canned-responses/can_nope', { method: 'DELETE' })).status).toBe(404);
  });

  it('internal notes: @mentions are recorded by user id, unknown users refused, other consoles told live', async () => {
    const user = await (await h.api('/api/v1/users', { method: 'POST', json: { email: 'ana@example.com', name: 'Ana Ruiz', role: 'agent', password: 'correct horse battery' } })).json();

    // A live stream opened before the note hears about it (the case is touched).
    const ctl = new AbortController();
    const stream = await h.api('/api/v1/stream', { signal: ctl.signal });
    const reader = stream.body!.getReader();
    let seen = '';
    const heard = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return false;
        seen += new TextDecoder().decode(value);
        if (/event: case\ndata: .*"id":"case_/.test(seen) && seen.includes(caseId)) return true;
      }
    })();
    await new Promise((r) => setTimeout(r, 700));
    seen = '';

    const note = await h.api(`/api/v1/cases/${caseId}/notes`, { method: 'POST', key: h.agentKey, json: { text: '@Ana Ruiz can you check the courier?', mentions: [user.id] } });
    expect(note.status).toBe(201);
    expect(await note.json()).toMatchObject({ caseId, text: '@Ana Ruiz can you check the courier?', mentions: [user.id] });
    expect(await Promise.race([heard, new Promise((r) => setTimeout(() => r(false), 3000))])).toBe(true);
    ctl.abort();

    const unknown = await h.api(`/api/v1/cases/${caseId}/notes`, { method: 'POST', json: { text: 'hi @ghost', mentions: ['usr_ghost'] } });
    expect(unknown.status).toBe(400);
    expect((await h.api(`/api/v1/cases/${caseId}/notes`, { method: 'POST', json: { text: '   ' } })).status).toBe(400);
    expect((await h.api('/api/v1/cases/case_nope/notes', { method: 'POST', json: { text: 'x' } })).status).toBe(404);

    const list = await (await h.api(`/api/v1/cases/${caseId}/notes`)).json();
    expect(list.items).toHaveLength(1);
    const ws = await (await h.api(`/api/v1/cases/${caseId}/workspace`)).json();
    expect(ws.notes.map((n: { text: string }) => n.text)).toEqual(['@Ana Ruiz can you check the courier?']);
  });

  it('workspace: the reply window and how each outbound message reached the customer', async () => {
    await eventually(async () => (await (await h.api(`/api/v1/cases/${caseId}`)).json()).lastInboundAt);
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, {
      method: 'POST', key: h.agentKey,
      json: { content: { type: 'quickReplies', text: 'Which order?', replies: [{ id: 'o1', title: 'Order 1001', payload: 'O1' }, { id: 'o2', title: 'Order 1002', payload: 'O2' }] } },
    });
    expect(reply.status).toBe(202);
    const { id: messageId } = await reply.json();
    const ws = await (await h.api(`/api/v1/cases/${caseId}/workspace`, { key: h.agentKey })).json();
    expect(ws.replyWindow).toMatchObject({ channelName: expect.any(String), open: true, templates: false });
    const rendering = ws.rendering.find((r: { messageId: string }) => r.messageId === messageId);
    expect(rendering.outcome).toMatch(/native|degraded|fallback/);
    expect(rendering.report).toHaveLength(1);
    expect(rendering.report[0]).toMatchObject({ block: 'content', type: 'quickReplies' });
    // Once the workflow delivered it, the thread carries the rendering stored as sent.
    const sent = await eventually(async () => {
      const m = (await (await h.api(`/api/v1/cases/${caseId}`)).json()).messages.find((x: { id: string }) => x.id === messageId);
      return m?.deliveryStatus === 'sent' || m?.deliveryStatus === 'delivered' ? m : null;
    });
    expect(sent.rendering).toMatchObject({ outcome: 'native', text: null, report: [{ block: 'content', type: 'quickReplies', outcome: 'native' }] });
    const after = (await (await h.api(`/api/v1/cases/${caseId}/workspace`)).json()).rendering.find((r: { messageId: string }) => r.messageId === messageId);
    expect(after).toMatchObject({ outcome: 'native', source: 'sent' });
    expect((await h.api('/api/v1/cases/case_nope/workspace')).status).toBe(404);
  });

  it('the OpenAPI document describes every workspace route with the statuses it answers', async () => {
    // (The document may list more, e.g. a 400 for every route with a validated path.)
    const doc = await (await fetch(`${h.parley.url}/api/openapi.json`)).json();
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
    expect(statuses('/api/v1/canned-responses', 'get')).toEqual(expect.arrayContaining(['200', '400', '401']));
    expect(statuses('/api/v1/canned-responses', 'post')).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409']));
    expect(statuses('/api/v1/canned-responses/{id}', 'get')).toEqual(expect.arrayContaining(['200', '401', '404']));
    expect(statuses('/api/v1/canned-responses/{id}', 'patch')).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409']));
    expect(statuses('/api/v1/canned-responses/{id}', 'delete')).toEqual(expect.arrayContaining(['204', '401', '403', '404']));
    expect(statuses('/api/v1/cases/{id}/notes', 'post')).toEqual(expect.arrayContaining(['201', '400', '401', '404']));
    expect(statuses('/api/v1/cases/{id}/workspace', 'get')).toEqual(expect.arrayContaining(['200', '401', '404']));
    expect(doc.components.schemas.CannedResponse.required).toEqual(expect.arrayContaining(['shortCode', 'title', 'content']));
  });

  it('SLA targets: defaults, set by an admin, read by an agent', async () => {
    expect(await (await h.api('/api/v1/workspace/sla', { key: h.agentKey })).json()).toEqual({ slaFirstResponseMinutes: 60, slaNextResponseMinutes: 30 });
    const put = await h.api('/api/v1/settings/automation', { method: 'PUT', json: { slaFirstResponseMinutes: 15, slaNextResponseMinutes: 10 } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ slaFirstResponseMinutes: 15, slaNextResponseMinutes: 10 });
    expect(await (await h.api('/api/v1/workspace/sla', { key: h.agentKey })).json()).toEqual({ slaFirstResponseMinutes: 15, slaNextResponseMinutes: 10 });
    expect((await h.api('/api/v1/settings/automation', { method: 'PUT', json: { slaFirstResponseMinutes: 0 } })).status).toBe(400);
  });
});
