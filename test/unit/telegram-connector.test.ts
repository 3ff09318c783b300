// The Telegram connector against Telegram's documented wire format: the secret-token check,
// Update parsing, the Bot API requests it makes (checked by a local stand-in of the Bot API) and
// the set-up calls (getMe, setWebhook).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendError, SetupError, type ChannelContext, type OutboundMessage, type RawRequest } from '../../connectors/connector';
import { telegramConnector } from '../../connectors/telegram';
import type { TelegramConfig } from '../../connectors/telegram/config';
import { floodWait, startTelegramApi, type TelegramApi } from '../fakes/telegram-api';
import { freePort } from '../support/free-port';

const TOKEN = '123456789:AAtest-token_for_parley';
const SECRET = 'parley-webhook-secret_1';

let api: TelegramApi;
beforeAll(async () => { api = await startTelegramApi({ token: TOKEN }); });
afterAll(async () => { await api.close(); });

const config = (over: Partial<TelegramConfig> = {}): TelegramConfig =>
  telegramConnector.configSchema.parse({ botToken: TOKEN, secretToken: SECRET, apiBaseUrl: api.url, timeoutMs: 2000, ...over });
const channel = (over: Partial<TelegramConfig> = {}): ChannelContext<TelegramConfig> => ({ id: 'ch_tg', accountId: 'acc_1', config: config(over) });
const deps = { fetch, now: () => Date.now() };

const request = (body: unknown, headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': SECRET }): RawRequest => ({
  method: 'POST', url: 'https://parley.example.com/webhooks/ch_tg', headers: { 'content-type': 'application/json', ...headers }, body: Buffer.from(JSON.stringify(body)),
});

const jane = { id: 4242, is_bot: false, first_name: 'Jane', last_name: 'Doe', username: 'jane', language_code: 'en' };
const textUpdate = { update_id: 10001, message: { message_id: 5, from: jane, chat: { id: 4242, type: 'private', first_name: 'Jane' }, date: 1_700_000_000, text: 'hi, where is my order?' } };

describe('Telegram webhook verification (X-Telegram-Bot-Api-Secret-Token)', () => {
  const verify = (req: RawRequest, c = channel()) => telegramConnector.verify(req, c, deps);

  it('accepts the secret token given to setWebhook', () => {
    expect(verify(request(textUpdate))).toEqual({ ok: true });
  });

  it('refuses a request without the header, saying so', () => {
    expect(verify(request(textUpdate, {}))).toEqual({ ok: false, reason: 'missing X-Telegram-Bot-Api-Secret-Token header' });
  });

  it('refuses another secret, and a header with characters Telegram never sends', () => {
    expect(verify(request(textUpdate, { 'x-telegram-bot-api-secret-token': 'another-secret' }))).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match the channel's secret token/) });
    expect(verify(request(textUpdate, { 'x-telegram-bot-api-secret-token': 'has spaces and ünïcode' }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed X-Telegram-Bot-Api-Secret-Token/) });
  });

  it('generates a secret token Telegram accepts when the config has none', () => {
    const prepared = telegramConnector.prepareConfig!(telegramConnector.configSchema.parse({ botToken: TOKEN }));
    expect(prepared.secretToken).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(prepared.apiBaseUrl).toBe('https://api.telegram.org');
  });

  it('rejects a config whose token is not a BotFather token, naming the field', () => {
    const parsed = telegramConnector.configSchema.safeParse({ botToken: 'xoxb-not-telegram' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['botToken'], message: expect.stringMatching(/BotFather/) });
  });
});

describe('Telegram Update parsing', () => {
  const parse = (body: unknown) => telegramConnector.parse(request(body), channel(), { fetch, now: () => 1_700_000_999_000 });

  it('a text message becomes a message event keyed by update_id, in the chat thread', () => {
    expect(parse(textUpdate)).toEqual([{
      kind: 'message', eventId: 'telegram:10001', providerMessageId: '5', threadId: '4242',
      sender: { externalId: '4242', name: 'Jane Doe', language: 'en' }, text: 'hi, where is my order?', attachments: [],
      occurredAt: 1_700_000_000_000, raw: expect.anything(),
    }]);
  });

  it('a photo keeps its caption and the largest size; a document its name, type and size', () => {
    const photo = parse({ update_id: 10002, message: { ...textUpdate.message, text: undefined, caption: 'broken lid', photo: [
      { file_id: 'small', file_unique_id: 'u1', width: 90, height: 90, file_size: 1200 },
      { file_id: 'large', file_unique_id: 'u2', width: 1280, height: 1280, file_size: 98_000 },
    ] } });
    expect(photo[0]).toMatchObject({ kind: 'message', text: 'broken lid', attachments: [{ mime: 'image/jpeg', name: 'photo-u2.jpg', size: 98_000 }] });
    const doc = parse({ update_id: 10003, message: { ...textUpdate.message, text: undefined, document: { file_id: 'd1', file_name: 'invoice.pdf', mime_type: 'application/pdf', file_size: 5555 } } });
    expect(doc[0]).toMatchObject({ kind: 'message', text: '', attachments: [{ mime: 'application/pdf', name: 'invoice.pdf', size: 5555 }] });
  });

  it('an inline-keyboard tap becomes a postback with the tapped button title, stamped when it arrived', () => {
    const tap = { update_id: 10004, callback_query: { id: 'cbq-77', from: jane, data: 'billing', chat_instance: '-99', message: {
      message_id: 6, from: { id: 123456789, is_bot: true, first_name: 'Bot' }, chat: { id: 4242, type: 'private' }, date: 1_700_000_100, text: 'What is it about?',
      reply_markup: { inline_keyboard: [[{ text: 'Billing', callback_data: 'billing' }], [{ text: 'Delivery', callback_data: 'delivery' }]] },
    } } };
    expect(parse(tap)).toEqual([{
      kind: 'postback', eventId: 'telegram:10004', providerMessageId: 'cbq-77', threadId: '4242', sender: { externalId: '4242', name: 'Jane Doe', language: 'en' },
      payload: 'billing', text: 'Billing', occurredAt: 1_700_000_999_000, raw: expect.anything(),
    }]);
    // Telegram shows a spinner on the button until the bot answers the callback query: the webhook reply does it.
    expect(telegramConnector.webhookResponse!(request(tap), channel())).toEqual({
      status: 200, contentType: 'application/json', body: JSON.stringify({ method: 'answerCallbackQuery', callback_query_id: 'cbq-77' }),
    });
    expect(telegramConnector.webhookResponse!(request(textUpdate), channel())).toBeNull();
  });

  it('skips what Parley does not handle: edits, channel posts, stickers, bots', () => {
    expect(parse({ update_id: 1, edited_message: { ...textUpdate.message, edit_date: 1_700_000_050, text: 'edited' } })).toEqual([]);
    expect(parse({ update_id: 2, channel_post: { message_id: 1, chat: { id: -100, type: 'channel' }, date: 1, text: 'news' } })).toEqual([]);
    expect(parse({ update_id: 3, message: { ...textUpdate.message, text: undefined, sticker: { file_id: 's' } } })).toEqual([]);
    expect(parse({ update_id: 4, message: { ...textUpdate.message, from: { id: 9, is_bot: true, first_name: 'OtherBot' } } })).toEqual([]);
  });

  it('refuses a body that is not an Update with 400 and the field path', () => {
    let error: any;
    try { parse({ message: textUpdate.message }); } catch (err) { error = err; }
    expect(error).toMatchObject({ status: 400, code: 'invalid_payload' });
    expect(error.errors[0]).toMatchObject({ path: 'update_id' });
    expect(() => telegramConnector.parse({ ...request({}), body: Buffer.from('{not json') }, channel())).toThrow(/not valid JSON/);
  });
});

describe('Telegram outbound through the Bot API', () => {
  beforeEach(() => { api.calls.length = 0; });
  const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    id: 'msg_1', caseId: 'case_1', threadId: '4242', recipient: { externalId: '4242' },
    content: { content: { type: 'text', text: 'Your parcel ships today.', format: 'plain' } }, text: 'Your parcel ships today.', attachments: [], ...over,
  });
  const send = (m: OutboundMessage, c = channel()) => telegramConnector.send(m, c, deps);
  const sendError = (m: OutboundMessage, c = channel()) => send(m, c).then(() => { throw new Error('expected a SendError'); }, (err: unknown) => err as SendError);

  it('plain text: POST /bot<token>/sendMessage {chat_id, text}', async () => {
    const sent = await send(message());
    const [call] = api.callsOf('sendMessage');
    expect(call.token).toBe(TOKEN);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).toEqual({ chat_id: '4242', text: 'Your parcel ships today.' });
    expect(sent.providerMessageId).toMatch(/^\d+$/);
  });

  it("buttons: the renderer's inline keyboard with callback_data; files as sendPhoto / sendDocument", async () => {
    await send(message({
      content: { content: { type: 'buttons', text: 'What is it about?', buttons: [
        { id: 'billing', title: 'Billing', action: { type: 'postback', payload: 'BILLING' } },
        { id: 'site', title: 'Our site', action: { type: 'url', url: 'https://shop.example.com' } },
      ] } },
      attachments: [{ url: 'https://files.example.com/label.png', mime: 'image/png' }, { url: 'https://files.example.com/invoice.pdf', mime: 'application/pdf', name: 'invoice.pdf' }],
    }));
    expect(api.calls.map((c) => c.method)).toEqual(['sendMessage', 'sendPhoto', 'sendDocument']);
    expect(api.calls[0].body).toEqual({ chat_id: '4242', text: 'What is it about?', reply_markup: { inline_keyboard: [[{ text: 'Billing', callback_data: 'billing' }], [{ text: 'Our site', url: 'https://shop.example.com' }]] } });
    expect(api.calls[1].body).toEqual({ chat_id: '4242', photo: 'https://files.example.com/label.png' });
    expect(api.calls[2].body).toEqual({ chat_id: '4242', document: 'https://files.example.com/invoice.pdf' });
  });

  it('429: transient, with Telegram\'s parameters.retry_after as retryAfterMs', async () => {
    api.answerNext('sendMessage', floodWait(7));
    const err = await sendError(message());
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ transient: true, status: 429, retryAfterMs: 7000 });
    expect(err.message).toContain('Too Many Requests: retry after 7');
  });

  it('400 and 403: permanent, quoting Telegram\'s description; 5xx and timeouts: transient', async () => {
    api.answerNext('sendMessage', { status: 403, json: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } });
    expect(await sendError(message())).toMatchObject({ transient: false, status: 403, message: 'Telegram sendMessage failed with 403: Forbidden: bot was blocked by the user' });
    expect(await sendError(message({ threadId: '', recipient: { externalId: '' } }))).toMatchObject({ transient: false, message: expect.stringContaining('chat_id is empty') });
    api.answerNext('sendMessage', { status: 502, json: { ok: false, error_code: 502, description: 'Bad Gateway' } });
    expect(await sendError(message())).toMatchObject({ transient: true, status: 502, retryAfterMs: undefined });
    api.answerNext('sendMessage', { delayMs: 800 });
    expect(await sendError(message(), channel({ timeoutMs: 200 }))).toMatchObject({ transient: true, message: expect.stringMatching(/did not answer within 200 ms/) });
    expect(await sendError(message(), channel({ apiBaseUrl: `http://127.0.0.1:${await freePort()}` }))).toMatchObject({ transient: true, message: expect.stringMatching(/unreachable: ECONNREFUSED/) });
  });

  it('a wrong bot token is a permanent 401', async () => {
    expect(await sendError(message(), channel({ botToken: '123456789:wrong' }))).toMatchObject({ transient: false, status: 401, message: expect.stringContaining('Unauthorized') });
  });

  it('declares Telegram\'s published rate: ~30 messages/s per bot, 1/s per chat', () => {
    expect(telegramConnector.rateLimit).toEqual({ perSecond: 30, burst: 30, perConversation: { perSecond: 1, burst: 3 } });
  });
});

describe('Telegram set-up', () => {
  beforeEach(() => { api.calls.length = 0; });
  const context = { webhookUrl: 'https://parley.example.com/webhooks/ch_tg', reason: 'create' as const };

  it('checks the token with getMe, then registers the webhook with the secret token', async () => {
    const result = await telegramConnector.setup!(channel(), context, deps);
    expect(api.calls.map((c) => c.method)).toEqual(['getMe', 'setWebhook']);
    expect(api.calls[1].body).toEqual({ url: 'https://parley.example.com/webhooks/ch_tg', secret_token: SECRET, allowed_updates: ['message', 'callback_query'] });
    expect(result).toEqual({ config: { botUsername: 'parley_test_bot' } });
    const steps = telegramConnector.nextSteps!(config({ botUsername: 'parley_test_bot' }), context);
    expect(steps[0].value).toBe(context.webhookUrl);
    expect(steps.map((s) => s.text).join(' ')).toMatch(/@parley_test_bot/);
    expect(JSON.stringify(steps)).not.toContain(SECRET);
  });

  it("a token Telegram refuses fails the set-up with Telegram's reason and registers nothing", async () => {
    const err = await telegramConnector.setup!(channel({ botToken: '123456789:revoked' }), context, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SetupError);
    expect((err as Error).message).toBe('the bot token was not accepted: Telegram getMe failed with 401: Unauthorized');
    expect(api.callsOf('setWebhook')).toHaveLength(0);
  });

  it('a webhook Telegram refuses fails the set-up with its reason', async () => {
    api.answerNext('setWebhook', { status: 400, json: { ok: false, error_code: 400, description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook' } });
    const err = await telegramConnector.setup!(channel(), { ...context, webhookUrl: 'http://localhost:8080/webhooks/ch_tg' }, deps).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(SetupError);
    expect((err as Error).message).toMatch(/webhook http:\/\/localhost:8080\/webhooks\/ch_tg could not be registered: .*An HTTPS URL must be provided/);
  });
});
