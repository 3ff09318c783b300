// The LINE connector against LINE's documented wire format: x-line-signature (computed here with
// node:crypto, independently of the connector), webhook event parsing, the Messaging API requests it
// makes (checked by a local stand-in of the API: reply tokens, push with X-Line-Retry-Key) and the
// set-up calls (GET /v2/bot/info, PUT webhook endpoint).
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendError, SetupError, type ChannelContext, type OutboundMessage, type RawRequest } from '../../connectors/connector';
import { lineConnector } from '../../connectors/line';
import type { LineConfig } from '../../connectors/line/config';
import { LINE_PATHS, lineError, startLineApi, type LineApi } from '../fakes/line-api';
import { freePort } from '../support/free-port';

const SECRET = '8c570fa6dd201bb328f1c1eac23a96d8';
const TOKEN = 'W1nG+line-channel-access-token/for.parley=';
const USER = `U${'4af4980629'.padEnd(32, '0')}`;

let api: LineApi;
beforeAll(async () => { api = await startLineApi({ accessToken: TOKEN }); });
afterAll(async () => { await api.close(); });

const config = (over: Partial<LineConfig> = {}): LineConfig =>
  lineConnector.configSchema.parse({ channelSecret: SECRET, channelAccessToken: TOKEN, apiBaseUrl: api.url, timeoutMs: 2000, ...over });
const channel = (over: Partial<LineConfig> = {}): ChannelContext<LineConfig> => ({ id: 'ch_line', accountId: 'acc_1', config: config(over) });
const deps = { fetch, now: () => Date.now() };

// LINE's scheme (channels.md §16b), written out here rather than imported from the connector.
const sign = (body: string, secret = SECRET) => createHmac('sha256', secret).update(body).digest('base64');
const request = (body: unknown, headers?: Record<string, string>): RawRequest => {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return { method: 'POST', url: 'https://parley.example.com/webhooks/ch_line', headers: { 'content-type': 'application/json', ...(headers ?? { 'x-line-signature': sign(raw) }) }, body: Buffer.from(raw) };
};

const event = (over: Record<string, unknown>) => ({
  type: 'message', mode: 'active', timestamp: 1_625_665_242_211, webhookEventId: '01FZ74A0TDDPYRVKNK77XKC3ZR',
  deliveryContext: { isRedelivery: false }, source: { type: 'user', userId: USER }, replyToken: '757913772c4646b784d4b7ce46d12671', ...over,
});
const webhook = (...events: unknown[]) => ({ destination: `U${'d'.repeat(32)}`, events });
const textEvent = event({ message: { id: '14353798921116', type: 'text', text: 'Hello, where is my order?', quoteToken: 'q3Pl' } });

describe('LINE webhook verification (x-line-signature)', () => {
  const verify = (req: RawRequest, c = channel()) => lineConnector.verify(req, c, deps);

  it('accepts the base64 HMAC-SHA256 of the raw body keyed with the channel secret', () => {
    expect(verify(request(webhook(textEvent)))).toEqual({ ok: true });
  });

  it('known answer from the LINE SDK\'s own tests (line-bot-sdk-nodejs validate-signature): {"hello":"world"} with "test_secret"', () => {
    const sdkChannel = { id: 'ch_sdk', accountId: 'acc_1', config: { ...config(), channelSecret: 'test_secret' } };
    expect(verify(request('{"hello":"world"}', { 'x-line-signature': 't7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=' }), sdkChannel)).toEqual({ ok: true });
    // The SDK's "failure" case: two letters changed in case.
    expect(verify(request('{"hello":"world"}', { 'x-line-signature': 't7Hn4ZDHqs6e+wdvi5TyQivzie0DmMUmuXEBqyyE/tM=' }), sdkChannel)).toMatchObject({ ok: false });
  });

  it('refuses a tampered body and a body signed with another secret, saying so', () => {
    const raw = JSON.stringify(webhook(textEvent));
    const tampered = request(raw.replace('Hello', 'Hallo'), { 'x-line-signature': sign(raw) });
    expect(verify(tampered)).toEqual({ ok: false, reason: 'x-line-signature does not match: the body was altered, or it was signed with another channel secret' });
    expect(verify(request(raw, { 'x-line-signature': sign(raw, 'ffffffffffffffffffffffffffffffff') }))).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match/) });
  });

  it('refuses a missing header and one that is not a base64 SHA-256 digest, naming the check', () => {
    expect(verify(request(webhook(textEvent), {}))).toEqual({ ok: false, reason: 'missing x-line-signature header' });
    const raw = JSON.stringify(webhook(textEvent));
    const hex = createHmac('sha256', SECRET).update(raw).digest('hex');
    expect(verify(request(raw, { 'x-line-signature': hex }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed x-line-signature/) });
    expect(verify(request(raw, { 'x-line-signature': 'sha256=abc' }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed/) });
  });

  it('rejects a config without the 32-character channel secret, naming the field', () => {
    const parsed = lineConnector.configSchema.safeParse({ channelSecret: 'short', channelAccessToken: TOKEN });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['channelSecret'], message: expect.stringMatching(/Channel secret/) });
    expect(lineConnector.configSchema.parse({ channelSecret: SECRET, channelAccessToken: TOKEN }).apiBaseUrl).toBe('https://api.line.me');
  });
});

describe('LINE webhook parsing', () => {
  const parse = (body: unknown) => lineConnector.parse(request(body), channel());

  it('a text message becomes a message event keyed by webhookEventId, in the user\'s chat, keeping LINE\'s message id', () => {
    expect(parse(webhook(textEvent))).toEqual([{
      kind: 'message', eventId: 'line:01FZ74A0TDDPYRVKNK77XKC3ZR', providerMessageId: '14353798921116', threadId: USER,
      sender: { externalId: USER }, text: 'Hello, where is my order?', attachments: [], occurredAt: 1_625_665_242_211, raw: expect.objectContaining({ replyToken: '757913772c4646b784d4b7ce46d12671' }),
    }]);
  });

  it('image, video, audio and file messages become attachments fetched later by message id (external content by its URL); a location becomes text', () => {
    const events = parse(webhook(
      event({ webhookEventId: 'E1', message: { id: '1001', type: 'image', contentProvider: { type: 'line' }, quoteToken: 'q' } }),
      event({ webhookEventId: 'E2', message: { id: '1002', type: 'video', duration: 6000, contentProvider: { type: 'external', originalContentUrl: 'https://cdn.example.com/v.mp4' } } }),
      event({ webhookEventId: 'E3', message: { id: '1003', type: 'audio', duration: 2000, contentProvider: { type: 'line' } } }),
      event({ webhookEventId: 'E4', message: { id: '1004', type: 'file', fileName: 'invoice.pdf', fileSize: 5555 } }),
      event({ webhookEventId: 'E5', message: { id: '1005', type: 'location', title: 'Shop', address: 'Shibuya, Tokyo', latitude: 35.65, longitude: 139.7 } }),
    ));
    expect(events.map((e) => e.kind === 'message' && [e.providerMessageId, e.text, e.attachments])).toEqual([
      ['1001', '', [{ mime: 'image/jpeg', name: 'image-1001.jpg', url: 'line-content:1001' }]],
      ['1002', '', [{ mime: 'video/mp4', name: 'video-1002.mp4', url: 'https://cdn.example.com/v.mp4' }]],
      ['1003', '', [{ mime: 'audio/mp4', name: 'audio-1003.m4a', url: 'line-content:1003' }]],
      ['1004', '', [{ mime: 'application/octet-stream', name: 'invoice.pdf', url: 'line-content:1004', size: 5555 }]],
      ['1005', 'Shop, Shibuya, Tokyo (35.65, 139.7)', []],
    ]);
  });

  it('a postback becomes a postback with its data; a date picker\'s choice is its text', () => {
    const [tap, picked] = parse(webhook(
      event({ type: 'postback', webhookEventId: 'P1', postback: { data: 'billing' } }),
      event({ type: 'postback', webhookEventId: 'P2', postback: { data: 'slot', params: { datetime: '2026-03-02T10:00' } } }),
    ));
    expect(tap).toEqual({ kind: 'postback', eventId: 'line:P1', providerMessageId: 'P1', threadId: USER, sender: { externalId: USER }, payload: 'billing', text: 'billing', occurredAt: 1_625_665_242_211, raw: expect.anything() });
    expect(picked).toMatchObject({ kind: 'postback', payload: 'slot', text: '2026-03-02T10:00' });
  });

  it('a group message is threaded by the group, sent by the user', () => {
    const group = `C${'1'.repeat(32)}`;
    expect(parse(webhook(event({ source: { type: 'group', groupId: group, userId: USER }, message: { id: '7', type: 'text', text: 'hi' } })))[0]).toMatchObject({ threadId: group, sender: { externalId: USER } });
  });

  it('skips follow, unfollow, stickers, unsend, standby-mode events and the console\'s empty "Verify" request', () => {
    expect(parse(webhook(
      event({ type: 'follow', webhookEventId: 'F1', follow: { isUnblocked: false } }),
      event({ type: 'unfollow', webhookEventId: 'F2', replyToken: undefined }),
      event({ webhookEventId: 'S1', message: { id: '9', type: 'sticker', packageId: '1', stickerId: '1' } }),
      event({ type: 'unsend', webhookEventId: 'U1', unsend: { messageId: '1' } }),
      event({ webhookEventId: 'M1', mode: 'standby', message: { id: '10', type: 'text', text: 'not ours' } }),
    ))).toEqual([]);
    expect(parse(webhook())).toEqual([]);
  });

  it('refuses a body that is not a LINE webhook with 400 and the field path', () => {
    let error: any;
    try { parse({ destination: 'U1', events: [{ type: 'message', timestamp: 1 }] }); } catch (err) { error = err; }
    expect(error).toMatchObject({ status: 400, code: 'invalid_payload' });
    expect(error.errors[0]).toMatchObject({ path: 'events.0.webhookEventId' });
    expect(() => lineConnector.parse(request('{not json'), channel())).toThrow(/not valid JSON/);
  });
});

describe('LINE outbound through the Messaging API', () => {
  beforeEach(() => { api.calls.length = 0; });
  let n = 0;
  const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    id: `msg_line_${++n}`, caseId: 'case_1', threadId: USER, recipient: { externalId: USER },
    content: { content: { type: 'text', text: 'Your parcel ships today.', format: 'plain' } }, text: 'Your parcel ships today.', attachments: [], ...over,
  });
  const send = (m: OutboundMessage, c = channel()) => lineConnector.send(m, c, deps);
  const sendError = (m: OutboundMessage, c = channel()) => send(m, c).then(() => { throw new Error('expected a SendError'); }, (err: unknown) => err as SendError);
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('without a reply token: POST /v2/bot/message/push {to, messages} with the bearer token and a UUID X-Line-Retry-Key', async () => {
    const sent = await send(message());
    const [call] = api.calls;
    expect(call).toMatchObject({ method: 'POST', path: LINE_PATHS.push });
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call.headers['x-line-retry-key']).toMatch(UUID);
    expect(call.body).toEqual({ to: USER, messages: [{ type: 'text', text: 'Your parcel ships today.' }] });
    expect(sent.providerMessageId).toMatch(/^\d+$/);
  });

  it('a retried push of the same message carries the same retry key; LINE\'s 409 "already accepted" counts as sent', async () => {
    const m = message();
    await send(m);
    const again = await send(m);
    const [first, second] = api.callsTo(LINE_PATHS.push);
    expect(second.headers['x-line-retry-key']).toBe(first.headers['x-line-retry-key']);
    expect(again.providerMessageId).toBeTruthy();
    // Another message gets another key.
    await send(message());
    expect(api.callsTo(LINE_PATHS.push)[2].headers['x-line-retry-key']).not.toBe(first.headers['x-line-retry-key']);
  });

  it('with a fresh reply token: POST /v2/bot/message/reply {replyToken, messages}, no push', async () => {
    const replyToken = api.issueReplyToken();
    await send(message({ context: { line: { replyToken, receivedAt: Date.now() - 5_000 } } }));
    expect(api.calls.map((c) => c.path)).toEqual([LINE_PATHS.reply]);
    expect(api.calls[0].body).toEqual({ replyToken, messages: [{ type: 'text', text: 'Your parcel ships today.' }] });
    expect(api.calls[0].headers['x-line-retry-key']).toBeUndefined();
  });

  it('a stale reply token is not tried; a token LINE refuses ("Invalid reply token") falls back to push', async () => {
    const replyToken = api.issueReplyToken();
    await send(message({ context: { line: { replyToken, receivedAt: Date.now() - 120_000 } } }));
    expect(api.calls.map((c) => c.path)).toEqual([LINE_PATHS.push]);
    api.calls.length = 0;
    await send(message({ context: { line: { replyToken: 'used-or-expired-token', receivedAt: Date.now() } } }));
    expect(api.calls.map((c) => c.path)).toEqual([LINE_PATHS.reply, LINE_PATHS.push]);
    expect(api.calls[1].body.messages).toEqual([{ type: 'text', text: 'Your parcel ships today.' }]);
  });

  it('quick replies go natively; more than 5 message objects are split over requests, each with its own retry key', async () => {
    await send(message({ content: { content: { type: 'quickReplies', text: 'When should we call?', replies: [{ id: 'am', title: 'Morning', payload: 'AM' }, { id: 'pm', title: 'Afternoon', payload: 'PM' }] } } }));
    const body = api.calls[0].body;
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]).toMatchObject({ type: 'text', text: 'When should we call?', quickReply: { items: [
      { type: 'action', action: { type: 'postback', label: 'Morning', data: 'am', displayText: 'Morning' } },
      { type: 'action', action: { type: 'postback', label: 'Afternoon', data: 'pm', displayText: 'Afternoon' } },
    ] } });
    api.calls.length = 0;
    const long = 'x'.repeat(5000 * 6);
    await send(message({ content: { content: { type: 'text', text: long, format: 'plain' } }, text: long }));
    const pushes = api.callsTo(LINE_PATHS.push);
    expect(pushes.map((c) => c.body.messages.length)).toEqual([5, 1]);
    expect(new Set(pushes.map((c) => c.headers['x-line-retry-key'])).size).toBe(2);
  });

  it('LINE cannot send files: attached files go as links, ≤5 per request', async () => {
    const files = Array.from({ length: 6 }, (_, i) => ({ url: `https://files.example.com/f${i}.pdf`, mime: 'application/pdf', ...(i === 0 ? { name: 'invoice.pdf' } : {}) }));
    await send(message({ attachments: files }));
    expect(api.calls.map((c) => c.body.messages)).toEqual([
      [{ type: 'text', text: 'Your parcel ships today.' }],
      [{ type: 'text', text: 'invoice.pdf: https://files.example.com/f0.pdf' }, ...[1, 2, 3, 4].map((i) => ({ type: 'text', text: `https://files.example.com/f${i}.pdf` }))],
      [{ type: 'text', text: 'https://files.example.com/f5.pdf' }],
    ]);
  });

  it('429: transient, with Retry-After as retryAfterMs', async () => {
    api.answerNext(LINE_PATHS.push, lineError(429, 'You have reached your monthly limit.', undefined, { 'retry-after': '12' }));
    const err = await sendError(message());
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ transient: true, status: 429, retryAfterMs: 12_000, message: 'LINE POST /v2/bot/message/push failed with 429: You have reached your monthly limit.' });
  });

  it('400 and 401: permanent, quoting LINE\'s message and details; 5xx, timeouts and no connection: transient', async () => {
    api.answerNext(LINE_PATHS.push, lineError(400, 'The request body has 1 error(s)', [{ message: 'Invalid to', property: 'to' }]));
    expect(await sendError(message())).toMatchObject({ transient: false, status: 400, message: 'LINE POST /v2/bot/message/push failed with 400: The request body has 1 error(s) (to: Invalid to)' });
    expect(await sendError(message(), channel({ channelAccessToken: 'revoked-token-revoked-token' }))).toMatchObject({ transient: false, status: 401, message: expect.stringContaining('Authentication failed') });
    api.answerNext(LINE_PATHS.push, lineError(500, 'Internal server error'));
    expect(await sendError(message())).toMatchObject({ transient: true, status: 500, retryAfterMs: undefined });
    api.answerNext(LINE_PATHS.push, { delayMs: 800 });
    expect(await sendError(message(), channel({ timeoutMs: 200 }))).toMatchObject({ transient: true, message: expect.stringMatching(/did not answer within 200 ms/) });
    expect(await sendError(message(), channel({ apiBaseUrl: `http://127.0.0.1:${await freePort()}` }))).toMatchObject({ transient: true, message: expect.stringMatching(/unreachable: ECONNREFUSED/) });
  });

  it('declares the Messaging API\'s published rate: 2,000 requests/s per channel', () => {
    expect(lineConnector.rateLimit).toEqual({ perSecond: 2000, burst: 2000 });
  });
});

describe('LINE set-up', () => {
  beforeEach(() => { api.calls.length = 0; });
  const context = { webhookUrl: 'https://parley.example.com/webhooks/ch_line', reason: 'create' as const };

  it('checks the access token with GET /v2/bot/info, then sets the webhook endpoint', async () => {
    const result = await lineConnector.setup!(channel(), context, deps);
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET ${LINE_PATHS.info}`, `PUT ${LINE_PATHS.webhook}`]);
    expect(api.calls[1].body).toEqual({ endpoint: context.webhookUrl });
    expect(api.webhookEndpoint()).toBe(context.webhookUrl);
    expect(result).toEqual({ config: { botUserId: `U${'b'.repeat(32)}`, botBasicId: '@parley-test', botDisplayName: 'Parley test' } });
    const steps = lineConnector.nextSteps!(config(result!.config), context);
    expect(steps[0]).toMatchObject({ value: context.webhookUrl, text: expect.stringMatching(/Use webhook/) });
    expect(steps.map((s) => s.text).join(' ')).toMatch(/Auto-reply messages.*@parley-test/s);
    expect(JSON.stringify(steps)).not.toContain(SECRET);
    expect(JSON.stringify(steps)).not.toContain(TOKEN);
  });

  it('a token LINE refuses fails the set-up with LINE\'s reason and sets no webhook', async () => {
    const err = await lineConnector.setup!(channel({ channelAccessToken: 'revoked-token-revoked-token' }), context, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SetupError);
    expect((err as Error).message).toBe('the channel access token was not accepted: LINE GET /v2/bot/info failed with 401: Authentication failed. Confirm that the access token in the authorization header is valid.');
    expect(api.callsTo(LINE_PATHS.webhook)).toHaveLength(0);
  });

  it('an endpoint LINE refuses fails the set-up with its reason', async () => {
    const err = await lineConnector.setup!(channel(), { ...context, webhookUrl: 'http://localhost:8080/webhooks/ch_line' }, deps).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(SetupError);
    expect((err as Error).message).toMatch(/webhook URL http:\/\/localhost:8080\/webhooks\/ch_line could not be set: .*Invalid webhook endpoint URL/);
  });
});

describe('LINE inbound files through the content API', () => {
  const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
  const fetchMedia = (ref: string, over: Partial<LineConfig> = {}) => lineConnector.fetchMedia!(config({ dataApiBaseUrl: api.url, ...over }), ref, deps);
  const failure = (ref: string, over: Partial<LineConfig> = {}) => fetchMedia(ref, over).then(() => { throw new Error('expected a SendError'); }, (err: unknown) => err as SendError);

  it('defaults to api-data.line.me, a host of its own', () => {
    expect(lineConnector.configSchema.parse({ channelSecret: SECRET, channelAccessToken: TOKEN }).dataApiBaseUrl).toBe('https://api-data.line.me');
  });

  it('GET /v2/bot/message/{id}/content with the bearer token: the exact bytes and their type', async () => {
    api.addContent('1001', JPEG, 'image/jpeg');
    const media = await fetchMedia('line-content:1001');
    expect(Buffer.from(media.bytes).equals(JPEG)).toBe(true);
    expect(media.mime).toBe('image/jpeg');
    const [call] = api.callsTo('/v2/bot/message/1001/content');
    expect(call).toMatchObject({ method: 'GET', headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }) });
  });

  it('content LINE no longer holds is permanent, quoting LINE; a refused token too; 5xx and a slow LINE are transient', async () => {
    expect(await failure('line-content:999')).toMatchObject({ transient: false, status: 404, message: 'LINE answered 404 for the content of message 999: Not found' });
    expect(await failure('line-content:1001', { channelAccessToken: 'another-token-of-someone-else' })).toMatchObject({ transient: false, status: 401 });
    api.answerNext('/v2/bot/message/1001/content', lineError(500, 'Internal server error'));
    expect(await failure('line-content:1001')).toMatchObject({ transient: true, status: 500 });
    api.answerNext('/v2/bot/message/1001/content', { delayMs: 800 });
    expect(await failure('line-content:1001', { timeoutMs: 200 })).toMatchObject({ transient: true, message: 'LINE content download did not answer within 200 ms.' });
    expect(await failure('not-a-reference')).toMatchObject({ transient: false });
  });
});
