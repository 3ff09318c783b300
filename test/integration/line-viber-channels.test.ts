// LINE and Viber end to end on a real Temporal dev server, SQLite file and HTTP, against local
// stand-ins of the LINE Messaging API and the Viber REST bot API: connecting the channel checks the
// credentials and registers the webhook; a signed webhook becomes a case in the inbox; an agent's
// reply arrives at the stand-in in the provider's exact shape; refusals and redeliveries write nothing.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LINE_PATHS, lineError, startLineApi, type LineApi } from '../fakes/line-api';
import { startViberApi, viberStatus, type ViberApi } from '../fakes/viber-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const PUBLIC_URL = 'https://parley.acme.test';
const LINE_SECRET = '0123456789abcdef0123456789abcdef';
const LINE_TOKEN = 'line-long-lived-channel-access-token-for-acme';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: PUBLIC_URL } });
});
afterAll(async () => { await h?.stop(); });

const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
const reply = async (caseId: string, json: unknown) => {
  const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json, key: h.agentKey });
  expect(res.status).toBe(202);
  return (await res.json()).id as string;
};
const messageOf = async (caseId: string, id: string) => (await getCase(caseId)).messages.find((m: { id: string }) => m.id === id);
const rowCount = () => (h.parley.db.$client.prepare('select (select count(*) from messages) + (select count(*) from inbound_events) + (select count(*) from cases) n').get() as { n: number }).n;

describe('LINE channel through the case workflow', () => {
  let line: LineApi;
  let channel: { id: string; webhookUrl: string; nextSteps: { text: string; value?: string }[] };
  let eventNo = 0;

  beforeAll(async () => {
    line = await startLineApi({ accessToken: LINE_TOKEN, bot: { userId: `U${'a'.repeat(32)}`, basicId: '@acme', displayName: 'Acme' } });
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'line', name: 'Acme LINE', config: { channelSecret: LINE_SECRET, channelAccessToken: LINE_TOKEN, apiBaseUrl: line.url, dataApiBaseUrl: line.url } } });
    expect(res.status).toBe(201);
    channel = await res.json();
  });
  afterAll(async () => { await line?.close(); });

  const user = (n: number) => `U${String(n).padStart(32, '0')}`;
  const post = (body: string, signature = createHmac('sha256', LINE_SECRET).update(body).digest('base64')) => fetch(`${h.parley.url}/webhooks/${channel.id}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body,
  });
  const textWebhook = (userNo: number, text: string, webhookEventId = `01HLINE${++eventNo}`) => JSON.stringify({
    destination: `U${'a'.repeat(32)}`,
    events: [{
      type: 'message', mode: 'active', timestamp: Date.now(), webhookEventId, deliveryContext: { isRedelivery: false },
      source: { type: 'user', userId: user(userNo) }, replyToken: line.issueReplyToken(),
      message: { id: String(900_000 + eventNo), type: 'text', text, quoteToken: 'q' },
    }],
  });

  it('connecting checked the access token, set the webhook endpoint and says what is left to do', () => {
    expect(channel.webhookUrl).toBe(`${PUBLIC_URL}/webhooks/${channel.id}`);
    expect(line.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET ${LINE_PATHS.info}`, `PUT ${LINE_PATHS.webhook}`]);
    expect(line.webhookEndpoint()).toBe(channel.webhookUrl);
    expect(channel.nextSteps[0]).toMatchObject({ value: channel.webhookUrl, text: expect.stringMatching(/Use webhook/) });
    expect(channel.nextSteps.map((s) => s.text).join(' ')).toMatch(/Auto-reply messages/);
  });

  it('a token LINE refuses: the channel is not created, and the answer quotes LINE', async () => {
    const before = (await (await h.api('/api/v1/channels')).json()).items.length;
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'line', name: 'Wrong token', config: { channelSecret: LINE_SECRET, channelAccessToken: 'a-revoked-channel-access-token', apiBaseUrl: line.url } } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'channel_setup_failed', detail: expect.stringMatching(/^LINE refused the set-up: the channel access token was not accepted: .*Authentication failed/) });
    expect((await (await h.api('/api/v1/channels')).json()).items.length).toBe(before);
  });

  it('signed webhook → case in the inbox → agent reply pushed to the user with a retry key', async () => {
    const res = await post(textWebhook(1, 'こんにちは、注文はどこですか？'));
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();
    const inbox = await (await h.api('/api/v1/cases', { key: h.agentKey })).json();
    expect(inbox.items.find((c: { id: string }) => c.id === caseId)).toMatchObject({ status: 'new' });
    expect((await getCase(caseId)).messages[0]).toMatchObject({ direction: 'in', text: 'こんにちは、注文はどこですか？', providerMessageId: String(900_000 + eventNo) });
    await eventually(async () => (await getCase(caseId)).lastInboundAt);

    // The first answer within seconds uses the event's reply token (free; single use)…
    const replies = line.callsTo(LINE_PATHS.reply).length;
    const first = await reply(caseId, { text: '少々お待ちください。' });
    const [byToken] = (await line.waitForCalls(LINE_PATHS.reply, replies + 1)).slice(replies);
    expect(byToken.body).toEqual({ replyToken: expect.any(String), messages: [{ type: 'text', text: '少々お待ちください。' }] });
    await eventually(async () => (await messageOf(caseId, first)).deliveryStatus === 'sent');

    // …the next one has no token left and is pushed.
    const pushes = line.callsTo(LINE_PATHS.push).length;
    const id = await reply(caseId, { content: { type: 'quickReplies', text: 'ご用件は？', replies: [{ id: 'billing', title: '請求', payload: 'BILLING' }, { id: 'delivery', title: '配送', payload: 'DELIVERY' }] } });
    const [call] = (await line.waitForCalls(LINE_PATHS.push, pushes + 1)).slice(pushes);
    expect(call.headers.authorization).toBe(`Bearer ${LINE_TOKEN}`);
    expect(call.headers['x-line-retry-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call.body).toEqual({ to: user(1), messages: [{ type: 'text', text: 'ご用件は？', quickReply: { items: [
      { type: 'action', action: { type: 'postback', label: '請求', data: 'billing', displayText: '請求' } },
      { type: 'action', action: { type: 'postback', label: '配送', data: 'delivery', displayText: '配送' } },
    ] } }] });
    const sent = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'sent' ? m : null; });
    expect(sent.providerMessageId).toMatch(/^\d+$/);

    // The customer taps 配送: LINE posts a postback event; it is recorded as the answer.
    const tap = JSON.stringify({ destination: 'x', events: [{
      type: 'postback', mode: 'active', timestamp: Date.now(), webhookEventId: `01HLINE${++eventNo}`, source: { type: 'user', userId: user(1) },
      replyToken: line.issueReplyToken(), postback: { data: 'delivery' },
    }] });
    expect((await post(tap)).status).toBe(200);
    expect((await getCase(caseId)).messages.at(-1)).toMatchObject({ direction: 'in', content: { postback: { payload: 'delivery' }, answer: { messageId: id, optionId: 'delivery', payload: 'DELIVERY' } } });
  });

  it('a customer\'s photo: the agent opens it (content API with the token), the same bytes; the second open does not call LINE', async () => {
    const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
    const messageId = '470555000111';
    line.addContent(messageId, JPEG, 'image/jpeg');
    const photo = JSON.stringify({ destination: `U${'a'.repeat(32)}`, events: [{
      type: 'message', mode: 'active', timestamp: Date.now(), webhookEventId: `01HLINE${++eventNo}`, deliveryContext: { isRedelivery: false },
      source: { type: 'user', userId: user(5) }, replyToken: line.issueReplyToken(), message: { id: messageId, type: 'image', contentProvider: { type: 'line' }, quoteToken: 'q' },
    }] });
    const { caseIds: [caseId] } = await (await post(photo)).json();
    const [attachment] = (await getCase(caseId)).messages[0].attachments;
    expect(attachment).toMatchObject({ mime: 'image/jpeg', url: `line-content:${messageId}` });
    const open = () => h.api(`/api/v1/attachments/${attachment.id}`, { key: h.agentKey });
    const first = await open();
    expect(first.status).toBe(200);
    expect(Buffer.from(await first.arrayBuffer()).equals(JPEG)).toBe(true);
    expect(Buffer.from(await (await open()).arrayBuffer()).equals(JPEG)).toBe(true);
    expect(line.callsTo(`/v2/bot/message/${messageId}/content`).map((c) => c.headers.authorization)).toEqual([`Bearer ${LINE_TOKEN}`]);
  });

  it('a redelivered event (same webhookEventId) is stored once; tampered, wrongly signed, unsigned and malformed requests write nothing', async () => {
    const body = textWebhook(2, 'hello');
    const first = await (await post(body)).json();
    expect(await (await post(body)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await getCase(first.caseIds[0])).messages).toHaveLength(1);

    const before = rowCount();
    const fresh = textWebhook(3, 'hola');
    const refusals: [Response, RegExp][] = [
      [await post(fresh.replace('hola', 'adiós'), createHmac('sha256', LINE_SECRET).update(fresh).digest('base64')), /x-line-signature does not match/],
      [await post(fresh, createHmac('sha256', 'fedcba9876543210fedcba9876543210').update(fresh).digest('base64')), /x-line-signature does not match/],
      [await fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fresh }), /missing x-line-signature header/],
      [await post(fresh, 'not-a-signature'), /malformed x-line-signature/],
    ];
    for (const [res, reason] of refusals) {
      expect(res.status).toBe(401);
      expect((await res.json()).detail).toMatch(reason);
    }
    expect(rowCount()).toBe(before);

    // The console's "Verify" button: a signed body with no events, answered 200 with nothing stored.
    const verifyButton = await post(JSON.stringify({ destination: `U${'a'.repeat(32)}`, events: [] }));
    expect(verifyButton.status).toBe(200);
    expect(await verifyButton.json()).toEqual({ accepted: 0, duplicates: 0, caseIds: [] });
    expect(rowCount()).toBe(before);
  });

  it("LINE's 429 with Retry-After is waited out exactly; a 400 fails the message with LINE's reason", async () => {
    const { caseIds: [caseId] } = await (await post(textWebhook(4, 'still there?'))).json();
    // The event's reply token answers first; the replies below are pushed.
    const ack = await reply(caseId, { text: 'One moment.' });
    await eventually(async () => (await messageOf(caseId, ack)).deliveryStatus === 'sent');
    const pushes = line.callsTo(LINE_PATHS.push).length;
    line.answerNext(LINE_PATHS.push, lineError(429, 'Too Many Requests', undefined, { 'retry-after': '3' }));
    const id = await reply(caseId, { text: 'Yes, checking now.' });
    const waiting = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryError ? m : null; });
    expect(waiting).toMatchObject({ deliveryStatus: 'queued', deliveryError: expect.stringMatching(/^Temporary failure \(retrying in 3 s as the provider asked\): LINE POST \/v2\/bot\/message\/push failed with 429/) });
    const [first, second] = (await line.waitForCalls(LINE_PATHS.push, pushes + 2, 20_000)).slice(pushes);
    expect(second.at - first.at).toBeGreaterThanOrEqual(2900);
    expect(second.headers['x-line-retry-key']).toBe(first.headers['x-line-retry-key']);
    await eventually(async () => (await messageOf(caseId, id)).deliveryStatus === 'sent');

    line.answerNext(LINE_PATHS.push, lineError(400, 'The request body has 1 error(s)', [{ message: 'The user blocked the account', property: 'to' }]));
    const failedId = await reply(caseId, { text: 'Hello?' });
    const failed = await eventually(async () => { const m = await messageOf(caseId, failedId); return m.deliveryStatus === 'failed' ? m : null; });
    expect(failed.deliveryError).toBe('LINE POST /v2/bot/message/push failed with 400: The request body has 1 error(s) (to: The user blocked the account)');
  });
});

describe('Viber channel through the case workflow', () => {
  const VIBER_TOKEN = '4453b6ac12345678-e02c5f12174805f9-daec9cbb5448c51f';
  let viber: ViberApi;
  let channel: { id: string; webhookUrl: string; nextSteps: { text: string; value?: string }[] };
  let token = 7_000_000_000_000_000_000n;

  beforeAll(async () => {
    // The public URL Parley registers is not reachable from the test: Viber's check call goes to the harness.
    viber = await startViberApi({ authToken: VIBER_TOKEN, account: { id: 'pa:1', name: 'Acme', uri: 'acme' }, resolveWebhook: (url) => url.replace(PUBLIC_URL, h.parley.url) });
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'viber', name: 'Acme Viber', config: { authToken: VIBER_TOKEN, senderName: 'Acme Support', apiBaseUrl: viber.url } } });
    expect(res.status).toBe(201);
    channel = await res.json();
  });
  afterAll(async () => { await viber?.close(); });

  const post = (body: string, signature = createHmac('sha256', VIBER_TOKEN).update(body).digest('hex')) => fetch(`${h.parley.url}/webhooks/${channel.id}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-viber-content-signature': signature }, body,
  });
  const userId = (n: number) => `${String(n).padStart(11, '0')}A=`;
  // As Viber writes it: message_token a bare 64-bit number.
  const textCallback = (n: number, text: string, messageToken = String(++token)) =>
    `{"event":"message","timestamp":${Date.now()},"chat_hostname":"SN-376_","message_token":${messageToken},"sender":{"id":"${userId(n)}","name":"Олена","language":"uk","country":"UA","api_version":10},"message":{"type":"text","text":"${text}"},"silent":false}`;

  it('creating checked the token and registered the webhook in the same request; Viber\'s check call found the channel and opened no case', async () => {
    expect(viber.calls.map((c) => c.method)).toEqual(['get_account_info', 'set_webhook']);
    expect(viber.callsOf('set_webhook').map((c) => c.body.url)).toEqual([channel.webhookUrl]);
    expect(viber.webhookChecks).toEqual([[`${h.parley.url}/webhooks/${channel.id}`, 200]]);
    expect(viber.webhook()).toBe(channel.webhookUrl);
    expect(channel.nextSteps[0]).toMatchObject({ value: channel.webhookUrl, text: expect.stringMatching(/Nothing to paste: Parley registered/) });
    expect((channel as unknown as { config: Record<string, unknown> }).config).toMatchObject({ webhookRegistered: true, accountName: 'Acme' });

    // A config change registers it again (a new token, a moved public URL).
    const before = rowCount();
    const res = await h.api(`/api/v1/channels/${channel.id}`, { method: 'PATCH', json: { config: {} } });
    expect(res.status).toBe(200);
    expect(viber.callsOf('set_webhook')).toHaveLength(2);
    expect(rowCount()).toBe(before);
  });

  it('a webhook Viber cannot register (its check call fails) refuses the creation, and nothing is stored', async () => {
    const channelsBefore = (await (await h.api('/api/v1/channels?limit=100')).json()).items.length;
    const refusing = await startViberApi({ authToken: VIBER_TOKEN, account: { id: 'pa:2', name: 'Acme 2', uri: 'acme2' }, resolveWebhook: () => `${h.parley.url}/webhooks/ch_nobody` });
    try {
      const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'viber', name: 'Unreachable', config: { authToken: VIBER_TOKEN, apiBaseUrl: refusing.url } } });
      expect(res.status).toBe(422);
      expect((await res.json()).detail).toMatch(/^Viber refused the set-up: the webhook https:\/\/.*\/webhooks\/ch_\w+ could not be registered: Viber set_webhook failed with status 1: invalidUrl/);
      expect((await (await h.api('/api/v1/channels?limit=100')).json()).items).toHaveLength(channelsBefore);
    } finally {
      await refusing.close();
    }
  });

  it('a token Viber refuses: the channel is not created, and the answer quotes Viber', async () => {
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'viber', name: 'Wrong', config: { authToken: '0000000000000000-0000000000000000-0000000000000000', apiBaseUrl: viber.url } } });
    expect(res.status).toBe(422);
    expect((await res.json()).detail).toBe('Viber refused the set-up: the auth token was not accepted: Viber get_account_info failed with status 2: invalidAuthToken');
  });

  it('signed message → case → agent reply with buttons as a keyboard, with the sender name → delivered receipt → message status', async () => {
    const res = await post(textCallback(1, 'Де моє замовлення?'));
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();
    const theCase = await getCase(caseId);
    expect(theCase.messages[0]).toMatchObject({ direction: 'in', text: 'Де моє замовлення?' });
    expect((await (await h.api(`/api/v1/contacts/${theCase.contactId}`)).json()).name).toBe('Олена');
    await eventually(async () => (await getCase(caseId)).lastInboundAt);

    const sends = viber.callsOf('send_message').length;
    const id = await reply(caseId, { content: { type: 'buttons', text: 'Про що йдеться?', buttons: [
      { id: 'billing', title: 'Рахунок', action: { type: 'postback', payload: 'BILLING' } },
      { id: 'delivery', title: 'Доставка', action: { type: 'postback', payload: 'DELIVERY' } },
    ] } });
    const [call] = (await viber.waitForCalls('send_message', sends + 1)).slice(sends);
    expect(call.headers['x-viber-auth-token']).toBe(VIBER_TOKEN);
    expect(call.body).toMatchObject({ receiver: userId(1), sender: { name: 'Acme Support' }, type: 'text', text: 'Про що йдеться?', keyboard: { Type: 'keyboard', Buttons: [
      { ActionType: 'reply', ActionBody: 'billing', Text: 'Рахунок' }, { ActionType: 'reply', ActionBody: 'delivery', Text: 'Доставка' },
    ] } });
    const sent = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'sent' ? m : null; });
    expect(sent.providerMessageId).toMatch(/^\d{19}$/);

    const delivered = `{"event":"delivered","timestamp":${Date.now()},"chat_hostname":"SN-376_","message_token":${sent.providerMessageId},"user_id":"${userId(1)}"}`;
    expect((await post(delivered)).status).toBe(200);
    expect((await messageOf(caseId, id)).deliveryStatus).toBe('delivered');

    // The customer taps Доставка: Viber sends the button's ActionBody as a text message.
    expect((await post(textCallback(1, 'delivery'))).status).toBe(200);
    expect((await getCase(caseId)).messages.at(-1)).toMatchObject({ direction: 'in', content: { answer: { messageId: id, optionId: 'delivery', payload: 'DELIVERY' } } });
  });

  it('a redelivered callback (same message_token) is stored once; tampered, wrongly signed and unsigned callbacks write nothing', async () => {
    const body = textCallback(2, 'hello');
    const first = await (await post(body)).json();
    expect(await (await post(body)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await getCase(first.caseIds[0])).messages).toHaveLength(1);

    const before = rowCount();
    const fresh = textCallback(3, 'hola');
    const refusals: [Response, RegExp][] = [
      [await post(fresh.replace('hola', 'adiós'), createHmac('sha256', VIBER_TOKEN).update(fresh).digest('hex')), /X-Viber-Content-Signature does not match/],
      [await post(fresh, createHmac('sha256', 'another-token').update(fresh).digest('hex')), /X-Viber-Content-Signature does not match/],
      [await fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fresh }), /missing X-Viber-Content-Signature header/],
      [await post(fresh, 'zz'), /malformed X-Viber-Content-Signature/],
    ];
    for (const [res, reason] of refusals) {
      expect(res.status).toBe(401);
      expect((await res.json()).detail).toMatch(reason);
    }
    expect(rowCount()).toBe(before);
  });

  it('a user who unsubscribed: Viber\'s status 6 in an HTTP 200 fails the message with Viber\'s reason', async () => {
    const { caseIds: [caseId] } = await (await post(textCallback(4, 'bye'))).json();
    viber.answerNext('send_message', viberStatus(6, 'receiverNotSubscribed'));
    const id = await reply(caseId, { text: 'Are you still there?' });
    const failed = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'failed' ? m : null; });
    expect(failed.deliveryError).toBe('Viber send_message failed with status 6: receiverNotSubscribed');
  });
});
