// Messenger and WhatsApp end to end on a real Parley (Temporal dev server, SQLite file, HTTP) against
// a local stand-in of Meta's Graph API: set-up with next steps, the hub.challenge handshake, signed
// webhooks → cases in the inbox, agent replies in Meta's exact request shapes (HUMAN_AGENT after
// 24 h on Messenger, templates only after 24 h on WhatsApp), delivery receipts → message status.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { metaJson, signMetaBody } from '../fakes/sign-meta';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const APP_SECRET = '9a8b7c6d5e4f30211203f4e5d6c7b8a9';
const PAGE_ID = '106540352242922';
const PAGE_TOKEN = 'EAAG-page-token-integration-01';
const PHONE_NUMBER_ID = '109876543210987';
const WABA_ID = '102290129340398';
const WA_TOKEN = 'EAAJB-system-user-integration-01';
const HOUR = 3_600_000;
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

describe('Meta channels through the case workflow', () => {
  let h: Harness;
  let graph: MetaGraphApi;
  let messenger: { id: string; webhookUrl: string; config: Record<string, unknown>; nextSteps: { text: string; value?: string }[] };
  let whatsapp: { id: string };
  let n = 0;

  beforeAll(async () => {
    graph = await startMetaGraphApi({
      tokens: [PAGE_TOKEN, WA_TOKEN], whatsappPhoneNumbers: [PHONE_NUMBER_ID],
      media: { '5550001112223334': { mime: 'image/jpeg', bytes: JPEG } },
      tokenOwners: { [PAGE_TOKEN]: { id: PAGE_ID, name: 'Acme Shoes' } },
      templates: {
        [WABA_ID]: [
          { name: 'order_shipped', language: 'es', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hola {{1}}, tu pedido {{2}} ya salió.' }] },
          { name: 'spring_sale', language: 'es', status: 'PENDING', category: 'MARKETING', components: [{ type: 'BODY', text: '¡Rebajas!' }] },
        ],
      },
    });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    const created = await h.api('/api/v1/channels', {
      method: 'POST',
      json: { type: 'messenger', name: 'Acme on Messenger', config: { pageId: PAGE_ID, pageAccessToken: PAGE_TOKEN, appSecret: APP_SECRET, graphApiBaseUrl: graph.url } },
    });
    expect(created.status).toBe(201);
    messenger = await created.json();
    const wa = await h.api('/api/v1/channels', {
      method: 'POST',
      json: { type: 'whatsapp', name: 'Acme WhatsApp', config: { phoneNumberId: PHONE_NUMBER_ID, businessAccountId: WABA_ID, accessToken: WA_TOKEN, appSecret: APP_SECRET, verifyToken: 'wa-verify-token-1', graphApiBaseUrl: graph.url } },
    });
    expect(wa.status).toBe(201);
    whatsapp = await wa.json();
  });
  afterAll(async () => {
    await h?.stop();
    await graph?.close();
  });

  const post = (channelId: string, body: object, secret = APP_SECRET) =>
    fetch(`${h.parley.url}/webhooks/${channelId}`, { method: 'POST', headers: signMetaBody(secret, body), body: metaJson(body) });
  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
  const messengerText = (psid: string, text: string, timestamp = Date.now(), mid = `m_in_${++n}`) => ({
    object: 'page', entry: [{ id: PAGE_ID, time: timestamp, messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp, message: { mid, text } }] }],
  });
  const whatsappText = (waId: string, name: string, text: string, timestampMs: number) => ({
    object: 'whatsapp_business_account',
    entry: [{
      id: WABA_ID,
      changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
        contacts: [{ profile: { name }, wa_id: waId }],
        messages: [{ from: waId, id: `wamid.in${++n}`, timestamp: String(Math.floor(timestampMs / 1000)), type: 'text', text: { body: text } }],
      } }],
    }],
  });
  // What a webhook writes (the dispatch queue is left out: the dispatcher drains it in the background).
  const rowCount = () => (h.parley.db.$client.prepare('select (select count(*) from messages) + (select count(*) from inbound_events) + (select count(*) from cases) + (select count(*) from contact_identities) n').get() as { n: number }).n;

  it('creating a Messenger channel checks the Page token and says what to paste in Meta’s dashboard', async () => {
    expect(graph.received.some((r) => r.path === '/v25.0/me' && r.token === PAGE_TOKEN)).toBe(true);
    expect(messenger.config).toMatchObject({ pageId: PAGE_ID, pageName: 'Acme Shoes', pageAccessToken: '••••••••', appSecret: '••••••••' });
    const verifyToken = messenger.config.verifyToken as string;
    expect(verifyToken).toMatch(/^[\w-]{32}$/);
    expect(messenger.nextSteps.map((s) => s.value)).toEqual(expect.arrayContaining([messenger.webhookUrl, verifyToken]));

    const refused = await h.api('/api/v1/channels', {
      method: 'POST', json: { type: 'messenger', name: 'Bad token', config: { pageId: PAGE_ID, pageAccessToken: 'EAAG-not-a-valid-token-000', appSecret: APP_SECRET, graphApiBaseUrl: graph.url } },
    });
    expect(refused.status).toBe(422);
    expect((await refused.json()).detail).toMatch(/^Facebook Messenger refused the set-up: the pageAccessToken was not accepted: .*Invalid OAuth access token/);
  });

  it('answers Meta’s hub.challenge with the right verify token, refuses a wrong one', async () => {
    const url = (token: string) => `${h.parley.url}/webhooks/${messenger.id}?${new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' })}`;
    const ok = await fetch(url(messenger.config.verifyToken as string));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(url('not-the-token'));
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
  });

  it('a signed Messenger message → case in the inbox → agent reply at the Graph API → delivery receipt', async () => {
    const body = messengerText('6543219876543210', '¿Tenéis la talla 42?');
    const res = await post(messenger.id, body);
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();
    const inbox = await (await h.api('/api/v1/cases')).json();
    expect(inbox.items.map((c: { id: string }) => c.id)).toContain(caseId);
    expect((await getCase(caseId)).messages[0]).toMatchObject({ direction: 'in', text: '¿Tenéis la talla 42?' });

    // Meta redelivers: the same mid is stored once.
    const again = await post(messenger.id, body);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });

    const sendsBefore = graph.sends().length;
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, {
      method: 'POST', key: h.agentKey,
      json: { content: { type: 'quickReplies', text: 'Sí. ¿Qué color?', replies: [{ id: 'negro', title: 'Negro', payload: 'black' }, { id: 'blanco', title: 'Blanco', payload: 'white' }] } },
    });
    expect(reply.status).toBe(202);
    const [sent] = (await graph.waitForSends(sendsBefore + 1, 20_000)).slice(sendsBefore);
    expect(sent.path).toBe('/v25.0/me/messages');
    expect(sent.token).toBe(PAGE_TOKEN);
    expect(sent.body).toEqual({
      recipient: { id: '6543219876543210' }, messaging_type: 'RESPONSE',
      message: { text: 'Sí. ¿Qué color?', quick_replies: [{ content_type: 'text', title: 'Negro', payload: 'negro' }, { content_type: 'text', title: 'Blanco', payload: 'blanco' }] },
    });
    const out = await eventually(async () => {
      const m = (await getCase(caseId)).messages.at(-1);
      return m.deliveryStatus === 'sent' ? m : null;
    });
    expect(out.providerMessageId).toMatch(/^m_/);

    const delivery = { object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: '6543219876543210' }, recipient: { id: PAGE_ID }, timestamp: Date.now(), delivery: { mids: [out.providerMessageId], watermark: Date.now() } }] }] };
    expect((await post(messenger.id, delivery)).status).toBe(200);
    expect((await getCase(caseId)).messages.at(-1).deliveryStatus).toBe('delivered');

    // The customer taps a quick reply: the answer is recorded against the question.
    const tap = { object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: '6543219876543210' }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid: `m_tap_${++n}`, text: 'Blanco', quick_reply: { payload: 'blanco' } } }] }] };
    expect((await post(messenger.id, tap)).status).toBe(200);
    const answered = (await getCase(caseId)).messages.at(-1);
    expect(answered).toMatchObject({ direction: 'in', text: 'Blanco', content: { postback: { payload: 'blanco' }, answer: { messageId: out.id, optionId: 'blanco', payload: 'white' } } });
  });

  it('a forged or tampered Messenger webhook gets 401 and writes nothing', async () => {
    const before = rowCount();
    const body = messengerText('111', 'pay me');
    const forged = await post(messenger.id, body, 'not-the-app-secret');
    expect(forged.status).toBe(401);
    expect((await forged.json()).detail).toMatch(/^Webhook refused: signature mismatch/);
    const unsigned = await fetch(`${h.parley.url}/webhooks/${messenger.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: metaJson(body) });
    expect((await unsigned.json()).detail).toBe('Webhook refused: missing X-Hub-Signature-256 header');
    const headers = signMetaBody(APP_SECRET, body);
    const tampered = await fetch(`${h.parley.url}/webhooks/${messenger.id}`, { method: 'POST', headers, body: metaJson(body).replace('pay me', 'pay you') });
    expect(tampered.status).toBe(401);
    expect(rowCount()).toBe(before);
  });

  it('two days after the customer wrote, an agent’s Messenger reply goes out tagged HUMAN_AGENT', async () => {
    const res = await post(messenger.id, messengerText('7777777777777777', 'Hola?', Date.now() - 48 * HOUR));
    const { caseIds: [caseId] } = await res.json();
    const sendsBefore = graph.sends().length;
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'Perdona la espera.' } });
    expect(reply.status).toBe(202);
    const [sent] = (await graph.waitForSends(sendsBefore + 1, 20_000)).slice(sendsBefore);
    expect(sent.body).toEqual({ recipient: { id: '7777777777777777' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Perdona la espera.' } });
  });

  it('WhatsApp: after 24 h a free-text reply is refused, an approved template with variables is sent; statuses update it', async () => {
    const res = await post(whatsapp.id, whatsappText('34600111222', 'Lucía Pérez', '¿Dónde está mi pedido?', Date.now() - 25 * HOUR));
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();
    const theCase = await getCase(caseId);
    const contact = await (await h.api(`/api/v1/contacts/${theCase.contactId}`)).json();
    expect(contact.name).toBe('Lucía Pérez');

    const refused = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'Ya salió.' } });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'reply_window_closed', detail: expect.stringMatching(/only an approved template can be sent now/) });

    const templates = await (await h.api(`/api/v1/channels/${whatsapp.id}/templates`)).json();
    const noTemplates = await h.api(`/api/v1/channels/${messenger.id}/templates`);
    expect(noTemplates.status).toBe(409);
    expect((await noTemplates.json()).code).toBe('templates_unsupported');
    expect(templates.items).toEqual([expect.objectContaining({ name: 'order_shipped', language: 'es', bodyVariables: 2, bodyText: 'Hola {{1}}, tu pedido {{2}} ya salió.' })]);

    const sendsBefore = graph.sends().length;
    const reply = await h.api(`/api/v1/cases/${caseId}/messages`, {
      method: 'POST', key: h.agentKey,
      json: { content: { type: 'template', name: 'order_shipped', language: 'es', bodyText: templates.items[0].bodyText, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Lucía' }, { type: 'text', text: '#4711' }] }] } },
    });
    expect(reply.status).toBe(202);
    const { id: messageId } = await reply.json();
    const [sent] = (await graph.waitForSends(sendsBefore + 1, 20_000)).slice(sendsBefore);
    expect(sent.path).toBe(`/v25.0/${PHONE_NUMBER_ID}/messages`);
    expect(sent.token).toBe(WA_TOKEN);
    expect(sent.body).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: '34600111222', biz_opaque_callback_data: messageId, type: 'template',
      template: { name: 'order_shipped', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Lucía' }, { type: 'text', text: '#4711' }] }] },
    });
    const out = await eventually(async () => {
      const m = (await getCase(caseId)).messages.find((x: { id: string }) => x.id === messageId);
      return m?.deliveryStatus === 'sent' ? m : null;
    });

    const statuses = (status: string) => ({
      object: 'whatsapp_business_account',
      entry: [{ id: WABA_ID, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE_NUMBER_ID }, statuses: [{ id: out.providerMessageId, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: '34600111222', biz_opaque_callback_data: messageId }] } }] }],
    });
    await post(whatsapp.id, statuses('read'));
    await post(whatsapp.id, statuses('delivered'));
    const after = (await getCase(caseId)).messages.find((x: { id: string }) => x.id === messageId);
    expect(after.deliveryStatus).toBe('read');
  });

  it('WhatsApp: a throughput limit (429, Retry-After) is retried after the wait Meta asked for, then sent', async () => {
    const res = await post(whatsapp.id, whatsappText('34600555666', 'Pablo', 'Hola', Date.now()));
    const { caseIds: [caseId] } = await res.json();
    const before = graph.received.length;
    graph.failNext({ status: 429, headers: { 'retry-after': '1' }, json: { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, fbtrace_id: 'x' } } });
    const { id: messageId } = await (await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'Hola Pablo' } })).json();
    const sent = await eventually(async () => {
      const m = (await getCase(caseId)).messages.find((x: { id: string }) => x.id === messageId);
      return m?.deliveryStatus === 'sent' ? m : null;
    });
    expect(sent.providerMessageId).toMatch(/^wamid\./);
    const attempts = graph.received.slice(before).filter((r) => r.path.endsWith('/messages'));
    expect(attempts).toHaveLength(2);
    expect(attempts[1].body).toEqual(attempts[0].body);
  });

  it('WhatsApp: an inbound photo is on the message and agents open it through Parley', async () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: WABA_ID, changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE_NUMBER_ID }, contacts: [{ profile: { name: 'Iker' }, wa_id: '34600777888' }],
        messages: [{ from: '34600777888', id: `wamid.img${++n}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'image', image: { caption: 'Está roto', mime_type: 'image/jpeg', sha256: 'x', id: '5550001112223334' } }],
      } }] }],
    };
    const { caseIds: [caseId] } = await (await post(whatsapp.id, body)).json();
    const [message] = (await getCase(caseId)).messages;
    expect(message).toMatchObject({ text: 'Está roto', attachments: [{ url: `/api/v1/channels/${whatsapp.id}/media/5550001112223334`, mime: 'image/jpeg' }] });
    const file = await h.api(message.attachments[0].url, { key: h.agentKey });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(JPEG);
    expect((await h.api(`/api/v1/channels/${whatsapp.id}/media/404404`, { key: h.agentKey })).status).toBe(404);
  });

  it('WhatsApp: a permanent Meta error fails the message at once with Meta’s reason', async () => {
    const res = await post(whatsapp.id, whatsappText('34600333444', 'Marta', 'Hola', Date.now()));
    const { caseIds: [caseId] } = await res.json();
    graph.failNext({ status: 400, json: { error: { message: '(#131026) Message undeliverable', type: 'OAuthException', code: 131026, error_data: { messaging_product: 'whatsapp', details: 'Message Undeliverable.' }, fbtrace_id: 'x' } } });
    const { id: messageId } = await (await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'Hola Marta' } })).json();
    const failed = await eventually(async () => {
      const m = (await getCase(caseId)).messages.find((x: { id: string }) => x.id === messageId);
      return m?.deliveryStatus === 'failed' ? m : null;
    });
    expect(failed.deliveryError).toBe('Meta Graph API answered 400 (code 131026): (#131026) Message undeliverable — Message Undeliverable. (send the WhatsApp message)');
  });
});
