// The Viber connector against Viber's documented wire format: X-Viber-Content-Signature (computed
// here with node:crypto, independently of the connector), callback parsing (64-bit message tokens
// kept exact), the send_message requests it makes (checked by a local stand-in of the REST API, which
// answers in Viber's `status` format) and the set-up calls (get_account_info, set_webhook).
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendError, SetupError, type ChannelContext, type OutboundMessage, type RawRequest } from '../../connectors/connector';
import { viberConnector } from '../../connectors/viber';
import type { ViberConfig } from '../../connectors/viber/config';
import { parseViberAnswer } from '../../connectors/viber/answer';
import { startViberApi, viberStatus, type ViberApi } from '../fakes/viber-api';
import { freePort } from '../support/free-port';

const TOKEN = '4453b6ac12345678-e02c5f12174805f9-daec9cbb5448c51f';
const USER = '01234567890A=';

// A stand-in for Parley's webhook endpoint, answering Viber's set_webhook check.
let webhookStatus = 200;
let receiver: Server;
let receiverUrl: string;
let api: ViberApi;
beforeAll(async () => {
  receiver = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(webhookStatus); res.end(); }); });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  api = await startViberApi({ authToken: TOKEN, resolveWebhook: (url) => url.replace('https://parley.example.com', receiverUrl) });
});
afterAll(async () => {
  await api.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const config = (over: Partial<ViberConfig> = {}): ViberConfig =>
  viberConnector.configSchema.parse({ authToken: TOKEN, senderName: 'Acme Support', apiBaseUrl: api.url, timeoutMs: 2000, ...over });
const channel = (over: Partial<ViberConfig> = {}): ChannelContext<ViberConfig> => ({ id: 'ch_viber', accountId: 'acc_1', config: config(over) });
const deps = { fetch, now: () => Date.now() };

// Viber's scheme (channels.md §19b), written out here rather than imported from the connector.
const sign = (body: string, key = TOKEN) => createHmac('sha256', key).update(body).digest('hex');
const request = (body: string, headers?: Record<string, string>): RawRequest =>
  ({ method: 'POST', url: 'https://parley.example.com/webhooks/ch_viber', headers: { 'content-type': 'application/json', ...(headers ?? { 'x-viber-content-signature': sign(body) }) }, body: Buffer.from(body) });

// Callbacks written as Viber sends them: message_token a bare 64-bit number.
const sender = `{"id":"${USER}","name":"John McClane","avatar":"https://avatar.example.com","country":"UK","language":"en","api_version":10}`;
const messageCallback = (message: string, token = '4912661846655238145') =>
  `{"event":"message","timestamp":1457764197627,"chat_hostname":"SN-376_","message_token":${token},"sender":${sender},"message":${message},"silent":false}`;
const textCallback = messageCallback('{"type":"text","text":"a message to the service","tracking_data":"tracking data"}');

describe('Viber webhook verification (X-Viber-Content-Signature)', () => {
  const verify = (req: RawRequest, c = channel()) => viberConnector.verify(req, c, deps);

  it('accepts the hex HMAC-SHA256 of the raw body keyed with the auth token', () => {
    expect(verify(request(textCallback))).toEqual({ ok: true });
  });

  it('known answer from bottender\'s Viber connector tests: its `subscribed` request signed with "ACCESS_TOKEN"', () => {
    const body = '{"event":"subscribed","timestamp":1457764197627,"user":{"id":"01234567890A=","name":"John McClane","avatar":"http://avatar.example.com","country":"UK","language":"en","apiVersion":1},"messageToken":4912661846655238000}';
    const bottender = { id: 'ch_b', accountId: 'acc_1', config: { ...config(), authToken: 'ACCESS_TOKEN' } };
    expect(verify(request(body, { 'x-viber-content-signature': 'a4b6913412505d2c6031e7ec75e75c51bdc2fe30dc367301528a28b2008300a4' }), bottender)).toEqual({ ok: true });
    expect(verify(request(body, { 'x-viber-content-signature': '250a5136d2f241195d4cb981a7293958434ec3ba9e50ed20788e9b030a1dd878' }), bottender)).toMatchObject({ ok: false });
  });

  it('refuses a tampered body and a body signed with another token, saying so', () => {
    expect(verify(request(textCallback.replace('a message', 'another message'), { 'x-viber-content-signature': sign(textCallback) })))
      .toEqual({ ok: false, reason: "X-Viber-Content-Signature does not match: the body was altered, or it was signed with another bot's auth token" });
    expect(verify(request(textCallback, { 'x-viber-content-signature': sign(textCallback, 'another-token') }))).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match/) });
  });

  it('refuses a missing header and one that is not 64 hex characters, naming the check', () => {
    expect(verify(request(textCallback, {}))).toEqual({ ok: false, reason: 'missing X-Viber-Content-Signature header' });
    const base64 = createHmac('sha256', TOKEN).update(textCallback).digest('base64');
    expect(verify(request(textCallback, { 'x-viber-content-signature': base64 }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed X-Viber-Content-Signature/) });
  });

  it('rejects a config without a Viber token or with a sender name over 28 characters, naming the field', () => {
    expect(viberConnector.configSchema.safeParse({ authToken: 'xoxb-not-viber' }).error!.issues[0]).toMatchObject({ path: ['authToken'] });
    expect(viberConnector.configSchema.safeParse({ authToken: TOKEN, senderName: 'A'.repeat(29) }).error!.issues[0]).toMatchObject({ path: ['senderName'], message: expect.stringMatching(/28/) });
    expect(viberConnector.configSchema.parse({ authToken: TOKEN }).apiBaseUrl).toBe('https://chatapi.viber.com');
  });
});

describe('Viber callback parsing', () => {
  const parse = (body: string) => viberConnector.parse(request(body), channel());

  it('a text message becomes a message event keyed by the exact 64-bit message_token, in the user\'s chat', () => {
    expect(parse(textCallback)).toEqual([{
      kind: 'message', eventId: 'viber:4912661846655238145', providerMessageId: '4912661846655238145', threadId: USER,
      sender: { externalId: USER, name: 'John McClane', language: 'en' }, text: 'a message to the service', attachments: [], occurredAt: 1457764197627, raw: expect.anything(),
    }]);
  });

  it('picture, video and file messages become attachments by their media URL; location and contact become text', () => {
    const events = [
      parse(messageCallback('{"type":"picture","text":"broken lid","media":"https://dl-media.viber.com/p.jpg","thumbnail":"https://dl-media.viber.com/t.jpg","file_name":"p.jpg","size":20480}', '1')),
      parse(messageCallback('{"type":"video","media":"https://dl-media.viber.com/v.mp4","size":1000000,"duration":12}', '2')),
      parse(messageCallback('{"type":"file","media":"https://dl-media.viber.com/f","file_name":"invoice.pdf","size":5555}', '3')),
      parse(messageCallback('{"type":"location","location":{"lat":50.76891,"lon":6.11499}}', '4')),
      parse(messageCallback('{"type":"contact","contact":{"name":"Itamar","phone_number":"+972511123123"}}', '5')),
    ].map(([e]) => e.kind === 'message' && [e.text, e.attachments]);
    expect(events).toEqual([
      ['broken lid', [{ mime: 'image/jpeg', name: 'p.jpg', url: 'https://dl-media.viber.com/p.jpg', size: 20480 }]],
      ['', [{ mime: 'video/mp4', url: 'https://dl-media.viber.com/v.mp4', size: 1000000 }]],
      ['', [{ mime: 'application/pdf', name: 'invoice.pdf', url: 'https://dl-media.viber.com/f', size: 5555 }]],
      ['(50.76891, 6.11499)', []],
      ['Itamar +972511123123', []],
    ]);
  });

  it('delivered, seen and failed become receipts of the message Parley sent (by its token)', () => {
    const receipt = (event: string, extra = '') => parse(`{"event":"${event}","timestamp":1457764197627,"chat_hostname":"SN-376_","message_token":4912661846655238145,"user_id":"${USER}"${extra}}`);
    expect(receipt('delivered')).toEqual([{ kind: 'receipt', eventId: 'viber:delivered:4912661846655238145', providerMessageId: '4912661846655238145', status: 'delivered', occurredAt: 1457764197627 }]);
    expect(receipt('seen')[0]).toMatchObject({ status: 'read', eventId: 'viber:seen:4912661846655238145' });
    expect(receipt('failed', ',"desc":"failure description"')[0]).toMatchObject({ status: 'failed', reason: 'failure description' });
  });

  it('a keyboard tap (a text message carrying the button\'s ActionBody) is recognised as the option', () => {
    const [tap] = parse(messageCallback('{"type":"text","text":"delivery"}', '6'));
    const sent = { content: { type: 'quickReplies' as const, text: 'What is it about?', replies: [{ id: 'billing', title: 'Billing', payload: 'BILLING' }, { id: 'delivery', title: 'Delivery', payload: 'DELIVERY' }] } };
    expect(parseViberAnswer(tap, sent)).toMatchObject({ optionId: 'delivery', payload: 'DELIVERY' });
  });

  it('skips the set_webhook check, subscriptions, conversation_started and stickers', () => {
    expect(parse('{"event":"webhook","timestamp":1457764197627,"chat_hostname":"SN-376_","message_token":241256543215}')).toEqual([]);
    expect(parse(`{"event":"subscribed","timestamp":1457764197627,"chat_hostname":"SN-376_","user":${sender},"message_token":4912661846655238145}`)).toEqual([]);
    expect(parse(`{"event":"unsubscribed","timestamp":1457764197627,"chat_hostname":"SN-376_","user_id":"${USER}","message_token":4912661846655238145}`)).toEqual([]);
    expect(parse(`{"event":"conversation_started","timestamp":1457764197627,"chat_hostname":"SN-376_","message_token":4912661846655238145,"type":"open","context":"ctx","user":${sender},"subscribed":false}`)).toEqual([]);
    expect(parse(messageCallback('{"type":"sticker","sticker_id":46105}', '7'))).toEqual([]);
  });

  it('refuses a body that is not a Viber callback with 400 and the field path', () => {
    let error: any;
    try { parse('{"timestamp":1}'); } catch (err) { error = err; }
    expect(error).toMatchObject({ status: 400, code: 'invalid_payload' });
    expect(error.errors[0]).toMatchObject({ path: 'event' });
    expect(() => parse('{not json')).toThrow(/not valid JSON/);
  });
});

describe('Viber outbound through send_message', () => {
  beforeEach(() => { api.calls.length = 0; });
  const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    id: 'msg_1', caseId: 'case_1', threadId: USER, recipient: { externalId: USER },
    content: { content: { type: 'text', text: 'Your parcel ships today.', format: 'plain' } }, text: 'Your parcel ships today.', attachments: [], ...over,
  });
  const send = (m: OutboundMessage, c = channel()) => viberConnector.send(m, c, deps);
  const sendError = (m: OutboundMessage, c = channel()) => send(m, c).then(() => { throw new Error('expected a SendError'); }, (err: unknown) => err as SendError);

  it('plain text: POST /pa/send_message with X-Viber-Auth-Token, the sender name, and Viber\'s exact message token back', async () => {
    const sent = await send(message());
    const [call] = api.callsOf('send_message');
    expect(call.headers['x-viber-auth-token']).toBe(TOKEN);
    expect(call.body).toEqual({ receiver: USER, sender: { name: 'Acme Support' }, type: 'text', text: 'Your parcel ships today.' });
    // 64-bit: the digits Viber wrote, which a JSON.parse double would have rounded.
    expect(sent.providerMessageId).toMatch(/^\d{19}$/);
    expect(String(Number(sent.providerMessageId))).not.toBe(sent.providerMessageId);
  });

  it('the bot\'s own name stands in for a missing sender name; an avatar is sent when configured', async () => {
    await send(message(), channel({ senderName: undefined, accountName: 'Acme bot', senderAvatar: 'https://acme.example.com/a.png' }));
    expect(api.calls[0].body.sender).toEqual({ name: 'Acme bot', avatar: 'https://acme.example.com/a.png' });
  });

  it('quick replies as the renderer\'s keyboard of silent reply buttons; files by URL after the content', async () => {
    await send(message({
      content: { content: { type: 'quickReplies', text: 'When should we call?', replies: [{ id: 'am', title: 'Morning', payload: 'AM' }, { id: 'pm', title: 'Afternoon', payload: 'PM' }] } },
      attachments: [{ url: 'https://files.example.com/label.png', mime: 'image/png' }, { url: 'https://files.example.com/invoice.pdf', mime: 'application/pdf', name: 'invoice.pdf', size: 5555 }],
    }));
    const bodies = api.callsOf('send_message').map((c) => c.body);
    expect(bodies[0]).toMatchObject({ type: 'text', text: 'When should we call?', keyboard: { Type: 'keyboard', Buttons: [
      { ActionType: 'reply', ActionBody: 'am', Text: 'Morning', Silent: true },
      { ActionType: 'reply', ActionBody: 'pm', Text: 'Afternoon', Silent: true },
    ] } });
    expect(bodies.slice(1)).toEqual([
      { receiver: USER, sender: { name: 'Acme Support' }, type: 'picture', media: 'https://files.example.com/label.png', text: '' },
      { receiver: USER, sender: { name: 'Acme Support' }, type: 'file', media: 'https://files.example.com/invoice.pdf', size: 5555, file_name: 'invoice.pdf' },
    ]);
  });

  it('a Viber status ≠ 0 is an error even with HTTP 200: receiverNotSubscribed and badData are permanent, tooManyRequests transient', async () => {
    api.answerNext('send_message', viberStatus(6, 'receiverNotSubscribed'));
    expect(await sendError(message())).toMatchObject({ transient: false, status: 200, message: 'Viber send_message failed with status 6: receiverNotSubscribed' });
    expect(await sendError(message({ recipient: { externalId: '' } }))).toMatchObject({ transient: false, message: 'Viber send_message failed with status 4: missingData (missingData: receiver)' });
    api.answerNext('send_message', viberStatus(12, 'tooManyRequests'));
    expect(await sendError(message())).toMatchObject({ transient: true, message: 'Viber send_message failed with status 12: tooManyRequests' });
    expect(await sendError(message(), channel({ authToken: '0000000000000000-0000000000000000-0000000000000000' }))).toMatchObject({ transient: false, message: expect.stringContaining('status 2: invalidAuthToken') });
  });

  it('HTTP 429 with Retry-After is transient with retryAfterMs; 5xx and timeouts transient; other 4xx permanent', async () => {
    api.answerNext('send_message', { httpStatus: 429, text: '{"status":12,"status_message":"tooManyRequests"}', headers: { 'retry-after': '4' } });
    expect(await sendError(message())).toMatchObject({ transient: true, status: 429, retryAfterMs: 4000, message: 'Viber send_message failed with HTTP 429: tooManyRequests' });
    api.answerNext('send_message', { httpStatus: 503, text: 'Service Unavailable' });
    expect(await sendError(message())).toMatchObject({ transient: true, status: 503, retryAfterMs: undefined });
    api.answerNext('send_message', { httpStatus: 403, text: '' });
    expect(await sendError(message())).toMatchObject({ transient: false, status: 403 });
    api.answerNext('send_message', { delayMs: 800 });
    expect(await sendError(message(), channel({ timeoutMs: 200 }))).toMatchObject({ transient: true, message: expect.stringMatching(/did not answer within 200 ms/) });
    expect(await sendError(message(), channel({ apiBaseUrl: `http://127.0.0.1:${await freePort()}` }))).toMatchObject({ transient: true, message: expect.stringMatching(/unreachable: ECONNREFUSED/) });
  });
});

describe('Viber set-up', () => {
  beforeEach(() => { api.calls.length = 0; webhookStatus = 200; });
  const webhookUrl = 'https://parley.example.com/webhooks/ch_viber';

  it('on creation checks the token with get_account_info and registers the webhook at once (the channel\'s id is reserved, so Viber\'s check call finds it)', async () => {
    const result = await viberConnector.setup!(channel(), { webhookUrl, reason: 'create' }, deps);
    expect(api.calls.map((c) => c.method)).toEqual(['get_account_info', 'set_webhook']);
    expect(api.calls[0].headers['x-viber-auth-token']).toBe(TOKEN);
    expect(api.webhookChecks.at(-1)).toEqual([`${receiverUrl}/webhooks/ch_viber`, 200]);
    expect(result).toEqual({ config: { accountName: 'Parley test bot', accountUri: 'parleytestbot', webhookRegistered: true } });
    const steps = viberConnector.nextSteps!(config(result!.config), { webhookUrl });
    expect(steps[0]).toMatchObject({ value: webhookUrl, text: expect.stringMatching(/Nothing to paste: Parley registered/) });
    expect(JSON.stringify(steps)).not.toContain(TOKEN);
  });

  it('a channel connected before creation registered the webhook is told how to register it (PATCH)', () => {
    const steps = viberConnector.nextSteps!(config({ webhookRegistered: false }), { webhookUrl });
    expect(steps[0]).toMatchObject({ value: 'https://parley.example.com/api/v1/channels/ch_viber', text: expect.stringMatching(/PATCH .*\{"config": \{\}\}/) });
  });

  it('on a config change registers the webhook; Viber\'s signed check call is answered by the webhook', async () => {
    const result = await viberConnector.setup!(channel(), { webhookUrl, reason: 'update' }, deps);
    expect(api.calls.map((c) => c.method)).toEqual(['get_account_info', 'set_webhook']);
    expect(api.calls[1].body).toEqual({ url: webhookUrl, event_types: ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'], send_name: true, send_photo: false });
    expect(api.webhookChecks.at(-1)).toEqual([`${receiverUrl}/webhooks/ch_viber`, 200]);
    expect(result).toMatchObject({ config: { webhookRegistered: true } });
    expect(viberConnector.nextSteps!(config(result!.config), { webhookUrl })[0]).toMatchObject({ value: webhookUrl, text: expect.stringMatching(/registered/) });
  });

  it('a token Viber refuses, or a webhook whose check call fails, refuses the set-up with Viber\'s reason', async () => {
    const bad = await viberConnector.setup!(channel({ authToken: '0000000000000000-0000000000000000-0000000000000000' }), { webhookUrl, reason: 'update' }, deps).then(() => new Error('expected a SetupError'), (e: unknown) => e as Error);
    expect(bad).toBeInstanceOf(SetupError);
    expect(bad.message).toBe('the auth token was not accepted: Viber get_account_info failed with status 2: invalidAuthToken');
    expect(api.callsOf('set_webhook')).toHaveLength(0);
    webhookStatus = 404;
    const unreachable = await viberConnector.setup!(channel(), { webhookUrl, reason: 'update' }, deps).then(() => new Error('expected a SetupError'), (e: unknown) => e as Error);
    expect(unreachable).toBeInstanceOf(SetupError);
    expect(unreachable.message).toMatch(/^the webhook https:\/\/parley.example.com\/webhooks\/ch_viber could not be registered: Viber set_webhook failed with status 1: invalidUrl \(Result\[HttpRequest\[POST .*status code: 404\]\)/);
  });
});
