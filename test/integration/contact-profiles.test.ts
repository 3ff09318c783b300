// Contacts from channels whose webhooks carry only an id (Messenger, LINE) get their name and
// language from the provider's profile, after the webhook was answered; the learned language is
// what the words Parley adds follow. A failing profile call changes nothing but is no obstacle.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { metaJson, signMetaBody } from '../fakes/sign-meta';
import { startLineApi, type LineApi } from '../fakes/line-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const APP_SECRET = '9a8b7c6d5e4f30211203f4e5d6c7b8a9';
const PAGE_ID = '106540352242922';
const PAGE_TOKEN = 'EAAG-page-token-profiles-01';
const PSID = '6543219876543210';
const FAILING_PSID = '6543219876543299';
const LINE_SECRET = '0123456789abcdef0123456789abcdef';
const LINE_TOKEN = 'line-channel-access-token-profiles-01';
const LINE_USER = `U${'7'.repeat(32)}`;

describe('contacts get their name and language from the provider\'s profile', () => {
  let h: Harness;
  let graph: MetaGraphApi;
  let line: LineApi;
  let messengerId: string;
  let lineId: string;
  let n = 0;

  beforeAll(async () => {
    graph = await startMetaGraphApi({
      tokens: [PAGE_TOKEN], tokenOwners: { [PAGE_TOKEN]: { id: PAGE_ID, name: 'Zapatería Lucero' } },
      userProfiles: {
        [PSID]: { token: PAGE_TOKEN, profile: { first_name: 'Lucía', last_name: 'Fernández', locale: 'es_ES' } },
        [FAILING_PSID]: { token: PAGE_TOKEN, profile: { first_name: 'Never', last_name: 'Seen', locale: 'en_US' } },
      },
    });
    line = await startLineApi({ accessToken: LINE_TOKEN, profiles: { [LINE_USER]: { displayName: '佐藤 花子', language: 'ja' } } });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: 'https://parley.lucero.test' } });
    const fb = await h.api('/api/v1/channels', {
      method: 'POST', json: { type: 'messenger', name: 'Lucero on Messenger', config: { pageId: PAGE_ID, pageAccessToken: PAGE_TOKEN, appSecret: APP_SECRET, graphApiBaseUrl: graph.url } },
    });
    expect(fb.status).toBe(201);
    messengerId = (await fb.json()).id;
    const ln = await h.api('/api/v1/channels', {
      method: 'POST', json: { type: 'line', name: 'Lucero LINE', config: { channelSecret: LINE_SECRET, channelAccessToken: LINE_TOKEN, apiBaseUrl: line.url } },
    });
    expect(ln.status).toBe(201);
    lineId = (await ln.json()).id;
  });
  afterAll(async () => {
    await h?.stop();
    await graph?.close();
    await line?.close();
  });

  const postMessenger = (psid: string, text: string) => {
    const timestamp = Date.now();
    const body = { object: 'page', entry: [{ id: PAGE_ID, time: timestamp, messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp, message: { mid: `m_in_${++n}`, text } }] }] };
    return fetch(`${h.parley.url}/webhooks/${messengerId}`, { method: 'POST', headers: signMetaBody(APP_SECRET, body), body: metaJson(body) });
  };
  const contactOf = async (caseId: string) => {
    const c = await (await h.api(`/api/v1/cases/${caseId}`)).json();
    return (await h.api(`/api/v1/contacts/${c.contactId}`)).json();
  };
  const profileCalls = (psid: string) => graph.received.filter((r) => r.method === 'GET' && r.path === `/v25.0/${psid}`);

  it('Messenger: a message from a PSID → the contact is "Lucía Fernández", es-ES, and replies follow Spanish', async () => {
    const res = await postMessenger(PSID, '¿Tenéis estas botas en el 38?');
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();
    const contact = await eventually(async () => { const c = await contactOf(caseId); return c.name ? c : null; });
    expect(contact).toMatchObject({ name: 'Lucía Fernández', language: 'es-ES' });
    expect(profileCalls(PSID)).toHaveLength(1);
    expect(profileCalls(PSID)[0]).toMatchObject({ token: PAGE_TOKEN, query: { fields: 'first_name,last_name,locale' } });
    // The inbox shows the name.
    const inbox = await (await h.api('/api/v1/cases')).json();
    expect(inbox.items.find((c: { id: string }) => c.id === caseId)).toMatchObject({ contactName: 'Lucía Fernández' });

    // The agent offers two quick replies (native on Messenger) and fitting times: the times are in Spanish.
    const sendsBefore = graph.sends().length;
    const quick = await h.api(`/api/v1/cases/${caseId}/messages`, {
      method: 'POST', key: h.agentKey,
      json: { content: { type: 'quickReplies', text: 'Sí, las tenemos. ¿Qué color?', replies: [{ id: 'negro', title: 'Negro', payload: 'black' }, { id: 'marron', title: 'Marrón', payload: 'brown' }] } },
    });
    expect(quick.status, await quick.clone().text()).toBe(202);
    const start = '2026-12-07T09:30:00Z';
    const times = await h.api(`/api/v1/cases/${caseId}/messages`, {
      method: 'POST', key: h.agentKey,
      json: { content: { type: 'timePicker', title: '¿Cuándo vienes a probártelas?', timezone: 'Europe/Madrid', slots: [{ id: 's1', start, durationMinutes: 30 }] } },
    });
    expect(times.status, await times.clone().text()).toBe(202);
    const [quickSent, timesSent] = (await graph.waitForSends(sendsBefore + 2, 20_000)).slice(sendsBefore);
    expect(quickSent.body.message).toEqual({
      text: 'Sí, las tenemos. ¿Qué color?', quick_replies: [{ content_type: 'text', title: 'Negro', payload: 'negro' }, { content_type: 'text', title: 'Marrón', payload: 'marron' }],
    });
    const spanish = new Intl.DateTimeFormat('es-ES', { timeZone: 'Europe/Madrid', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(start));
    expect(timesSent.body.message.quick_replies[0].title).toBe(spanish);
    expect(spanish).toMatch(/lun/);

    // Later messages do not ask again (once a day at most, and nothing is missing now).
    await postMessenger(PSID, 'Negro');
    await eventually(async () => (await (await h.api(`/api/v1/cases/${caseId}`)).json()).messages.length >= 4);
    expect(profileCalls(PSID)).toHaveLength(1);
  });

  it('LINE: a message → the contact gets the displayName and language', async () => {
    const body = JSON.stringify({
      destination: `U${'a'.repeat(32)}`,
      events: [{
        type: 'message', mode: 'active', timestamp: Date.now(), webhookEventId: '01HPROFILE1', deliveryContext: { isRedelivery: false },
        source: { type: 'user', userId: LINE_USER }, replyToken: line.issueReplyToken(),
        message: { id: '910000', type: 'text', text: '予約を変更したいです', quoteToken: 'q' },
      }],
    });
    const res = await fetch(`${h.parley.url}/webhooks/${lineId}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': createHmac('sha256', LINE_SECRET).update(body).digest('base64') }, body,
    });
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();
    const contact = await eventually(async () => { const c = await contactOf(caseId); return c.name ? c : null; });
    expect(contact).toMatchObject({ name: '佐藤 花子', language: 'ja' });
    const [call] = line.callsTo(`/v2/bot/profile/${LINE_USER}`);
    expect(call.headers.authorization).toBe(`Bearer ${LINE_TOKEN}`);
  });

  it('a profile call that fails (500 at the provider): the message is still a case, the contact stays unnamed', async () => {
    graph.failNext({ status: 500, json: { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, fbtrace_id: 'x' } } });
    const res = await postMessenger(FAILING_PSID, 'Hello?');
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();
    await eventually(() => profileCalls(FAILING_PSID).length === 1);
    const view = await eventually(async () => { const c = await (await h.api(`/api/v1/cases/${caseId}`)).json(); return c.lastInboundAt ? c : null; });
    expect(view.messages[0]).toMatchObject({ direction: 'in', text: 'Hello?' });
    const contact = await contactOf(caseId);
    expect(contact.name).toBeNull();
    expect(contact.language).toBeNull();
    // Tried once today: the next message does not ask again.
    await postMessenger(FAILING_PSID, 'Anyone?');
    await eventually(async () => (await (await h.api(`/api/v1/cases/${caseId}`)).json()).messages.length >= 2);
    expect(profileCalls(FAILING_PSID)).toHaveLength(1);
  });
});
