// The Slack connector against Slack's documented wire format: v0 signatures (signed here with
// node:crypto, independently of Parley's code, plus Slack's published example), Events API and
// interactivity parsing, chat.postMessage through a local stand-in of the Web API, and auth.test.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendError, SetupError, type ChannelContext, type OutboundMessage, type RawRequest } from '../../connectors/connector';
import { slackConnector } from '../../connectors/slack';
import type { SlackConfig } from '../../connectors/slack/config';
import { rateLimited, startSlackApi, type SlackApi } from '../fakes/slack-api';

const TOKEN = 'xoxb-1111-2222-parleytest';
const SIGNING_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const NOW = 1_764_000_000_000;

let api: SlackApi;
beforeAll(async () => { api = await startSlackApi({ token: TOKEN }); });
afterAll(async () => { await api.close(); });

const config = (over: Partial<SlackConfig> = {}): SlackConfig =>
  slackConnector.configSchema.parse({ botToken: TOKEN, signingSecret: SIGNING_SECRET, apiBaseUrl: api.url, timeoutMs: 2000, botUserId: 'U0PARLEYBOT', ...over });
const channel = (over: Partial<SlackConfig> = {}): ChannelContext<SlackConfig> => ({ id: 'ch_sl', accountId: 'acc_1', config: config(over) });
const deps = { fetch, now: () => NOW };

/** Slack's scheme, written out with node:crypto: v0=hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body)). */
const sign = (secret: string, ts: number | string, body: string) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;

function signed(body: string, opts: { secret?: string; ts?: number; contentType?: string; headers?: Record<string, string> } = {}): RawRequest {
  const ts = opts.ts ?? Math.floor(NOW / 1000);
  return {
    method: 'POST', url: 'https://parley.example.com/webhooks/ch_sl',
    headers: { 'content-type': opts.contentType ?? 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(opts.secret ?? SIGNING_SECRET, ts, body), ...opts.headers },
    body: Buffer.from(body),
  };
}

const dm = { token: 'legacy', team_id: 'T0PARLEY', api_app_id: 'A1', type: 'event_callback', event_id: 'Ev0DM1', event_time: 1_764_000_000, event: {
  type: 'message', channel: 'D024BE91L', channel_type: 'im', user: 'U2147483697', text: 'Hi, I need help with my invoice', ts: '1764000000.000100', client_msg_id: 'c-1',
} };

describe('Slack request verification (v0 signatures)', () => {
  const verify = (req: RawRequest, at = NOW) => slackConnector.verify(req, channel(), { fetch, now: () => at });
  const body = JSON.stringify(dm);

  it("accepts Slack's published example (docs.slack.dev, Verifying requests from Slack)", () => {
    const example = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const req: RawRequest = { method: 'POST', url: 'https://x', body: Buffer.from(example), headers: {
      'x-slack-request-timestamp': '1531420618', 'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    } };
    expect(slackConnector.verify(req, channel({ signingSecret: '8f742231b10e8888abcd99yyyzzz85a5' }), { fetch, now: () => 1531420618_000 + 30_000 })).toEqual({ ok: true });
  });

  it('accepts a request signed now with the signing secret, and one 299 s old', () => {
    expect(verify(signed(body))).toEqual({ ok: true });
    expect(verify(signed(body), NOW + 299_000)).toEqual({ ok: true });
  });

  it('refuses a tampered body and another secret with a signature mismatch', () => {
    const tampered = { ...signed(body), body: Buffer.from(body.replace('invoice', 'refund!')) };
    expect(verify(tampered)).toMatchObject({ ok: false, reason: expect.stringMatching(/^signature mismatch/) });
    expect(verify(signed(body, { secret: 'ffffffffffffffffffffffffffffffff' }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^signature mismatch/) });
  });

  it('names each missing header', () => {
    const req = signed(body);
    const without = (name: string) => ({ ...req, headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== name)) });
    expect(verify(without('x-slack-signature'))).toEqual({ ok: false, reason: 'missing Slack header: X-Slack-Signature' });
    expect(verify(without('x-slack-request-timestamp'))).toEqual({ ok: false, reason: 'missing Slack header: X-Slack-Request-Timestamp' });
    expect(verify({ ...req, headers: {} })).toEqual({ ok: false, reason: 'missing Slack headers: X-Slack-Request-Timestamp, X-Slack-Signature' });
  });

  it('refuses stale and future timestamps outside the 5-minute window, saying by how much', () => {
    expect(verify(signed(body, { ts: Math.floor(NOW / 1000) - 412 }))).toEqual({ ok: false, reason: 'stale X-Slack-Request-Timestamp: signed 412 s ago, tolerance is 300 s' });
    expect(verify(signed(body, { ts: Math.floor(NOW / 1000) + 360 }))).toEqual({ ok: false, reason: 'X-Slack-Request-Timestamp is 360 s in the future, tolerance is 300 s' });
  });

  it('refuses malformed headers', () => {
    const req = signed(body);
    expect(verify({ ...req, headers: { ...req.headers, 'x-slack-request-timestamp': '2026-03-01T12:00:00Z' } })).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed X-Slack-Request-Timestamp/) });
    expect(verify({ ...req, headers: { ...req.headers, 'x-slack-signature': 'sha256=abc' } })).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed X-Slack-Signature/) });
  });
});

describe('Slack Events API and interactivity parsing', () => {
  const parse = (req: RawRequest) => slackConnector.parse(req, channel(), deps);
  const event = (e: Record<string, unknown>, id = 'Ev0X') => JSON.stringify({ ...dm, event_id: id, event: { ...dm.event, ...e } });

  it('answers url_verification with the challenge and stores nothing', () => {
    const req = signed(JSON.stringify({ token: 'legacy', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' }));
    expect(parse(req)).toEqual([]);
    expect(slackConnector.webhookResponse!(req, channel())).toEqual({ status: 200, contentType: 'text/plain', body: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    expect(slackConnector.webhookResponse!(signed(JSON.stringify(dm)), channel())).toBeNull();
  });

  it('a direct message becomes a message keyed by event_id, in the DM thread', () => {
    expect(parse(signed(JSON.stringify(dm)))).toEqual([{
      kind: 'message', eventId: 'slack:Ev0DM1', providerMessageId: '1764000000.000100', threadId: 'D024BE91L',
      sender: { externalId: 'U2147483697' }, text: 'Hi, I need help with my invoice', attachments: [], occurredAt: 1_764_000_000_000, raw: expect.anything(),
    }]);
  });

  it('a channel message opens a thread of its own; a reply in that thread joins it', () => {
    const top = parse(signed(event({ channel: 'C0SUPPORT', channel_type: 'channel', ts: '1764000100.000200' }, 'Ev1')));
    const reply = parse(signed(event({ channel: 'C0SUPPORT', channel_type: 'channel', ts: '1764000200.000300', thread_ts: '1764000100.000200' }, 'Ev2')));
    expect(top[0].kind === 'message' && top[0].threadId).toBe('C0SUPPORT:1764000100.000200');
    expect(reply[0].kind === 'message' && reply[0].threadId).toBe('C0SUPPORT:1764000100.000200');
  });

  it('keeps shared files (file_share) as attachments', () => {
    const [msg] = parse(signed(event({ subtype: 'file_share', text: 'see photo', files: [{ id: 'F1', name: 'lid.png', mimetype: 'image/png', size: 2048, url_private: 'https://files.slack.com/files-pri/T0-F1/lid.png' }] })));
    expect(msg).toMatchObject({ kind: 'message', text: 'see photo', attachments: [{ mime: 'image/png', name: 'lid.png', size: 2048, url: 'https://files.slack.com/files-pri/T0-F1/lid.png' }] });
  });

  it('skips bot messages, the app\'s own, edits, joins and other event types', () => {
    expect(parse(signed(event({ bot_id: 'B0OTHER', user: undefined, text: 'beep' })))).toEqual([]);
    expect(parse(signed(event({ subtype: 'bot_message', bot_id: 'B0OTHER' })))).toEqual([]);
    expect(parse(signed(event({ user: 'U0PARLEYBOT', text: 'our own reply' })))).toEqual([]);
    expect(parse(signed(event({ subtype: 'message_changed', message: { text: 'edited' } })))).toEqual([]);
    expect(parse(signed(event({ subtype: 'channel_join', text: '<@U1> has joined' })))).toEqual([]);
    expect(parse(signed(JSON.stringify({ ...dm, event: { type: 'reaction_added', user: 'U1', reaction: 'thumbsup' } })))).toEqual([]);
    expect(parse(signed(JSON.stringify({ type: 'app_rate_limited', token: 't', team_id: 'T1', minute_rate_limited: 1518467820, api_app_id: 'A1' })))).toEqual([]);
  });

  it('a block_actions tap (form-encoded payload=) becomes a postback with the button value and title', () => {
    const payload = {
      type: 'block_actions', user: { id: 'U2147483697', username: 'ana', name: 'ana', team_id: 'T0PARLEY' }, api_app_id: 'A1', token: 'legacy',
      container: { type: 'message', message_ts: '1764000300.000400', channel_id: 'D024BE91L', is_ephemeral: false },
      trigger_id: '123.456.abc', team: { id: 'T0PARLEY', domain: 'parley' }, channel: { id: 'D024BE91L', name: 'directmessage' },
      message: { type: 'message', ts: '1764000300.000400', text: 'What is it about?' },
      response_url: 'https://hooks.slack.com/actions/T0/1/abc',
      actions: [{ action_id: '0.0', block_id: 'b1', text: { type: 'plain_text', text: 'Billing', emoji: true }, value: 'billing', type: 'button', action_ts: '1764000310.123456' }],
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const req = signed(body, { contentType: 'application/x-www-form-urlencoded' });
    expect(slackConnector.verify(req, channel(), deps)).toEqual({ ok: true });
    expect(parse(req)).toEqual([{
      kind: 'postback', eventId: 'slack:action:D024BE91L:1764000300.000400:0.0:1764000310.123456', providerMessageId: '1764000310.123456',
      threadId: 'D024BE91L', sender: { externalId: 'U2147483697', name: 'ana' }, payload: 'billing', text: 'Billing', occurredAt: 1_764_000_310_123, raw: expect.anything(),
    }]);
  });

  it('refuses bodies that are not Slack requests with 400 and the field path', () => {
    expect(() => parse(signed('{"type":"event_callback","event":{"type":"message"}}'))).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: 'event_id' })] }));
    expect(() => parse(signed('payload=%7Bnot-json', { contentType: 'application/x-www-form-urlencoded' }))).toThrow(/not valid JSON/);
    expect(() => parse(signed('{"type":"something_else"}'))).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('Slack outbound through chat.postMessage', () => {
  beforeEach(() => { api.calls.length = 0; });
  const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    id: 'msg_1', caseId: 'case_1', threadId: 'D024BE91L', recipient: { externalId: 'U2147483697' },
    content: { content: { type: 'text', text: 'Your invoice is on its way.', format: 'plain' } }, text: 'Your invoice is on its way.', attachments: [], ...over,
  });
  const send = (m: OutboundMessage, c = channel()) => slackConnector.send(m, c, deps);
  const sendError = (m: OutboundMessage, c = channel()) => send(m, c).then(() => { throw new Error('expected a SendError'); }, (err: unknown) => err as SendError);

  it('POST /api/chat.postMessage with the bot token, JSON, the DM channel and the text', async () => {
    const sent = await send(message());
    const [call] = api.callsOf('chat.postMessage');
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(call.body).toEqual({ channel: 'D024BE91L', text: 'Your invoice is on its way.', mrkdwn: false });
    expect(sent.providerMessageId).toMatch(/^\d+\.\d{6}$/);
  });

  it("buttons in a channel thread: the renderer's Block Kit actions, in the thread, with the text fallback", async () => {
    await send(message({ threadId: 'C0SUPPORT:1764000100.000200', content: { content: { type: 'buttons', text: 'What is it about?', buttons: [
      { id: 'billing', title: 'Billing', action: { type: 'postback', payload: 'BILLING' } },
      { id: 'delivery', title: 'Delivery', action: { type: 'postback', payload: 'DELIVERY' } },
    ] } } }));
    const [call] = api.callsOf('chat.postMessage');
    expect(call.body).toMatchObject({ channel: 'C0SUPPORT', thread_ts: '1764000100.000200', text: expect.stringContaining('What is it about?') });
    const actions = call.body.blocks.find((b: { type: string }) => b.type === 'actions');
    expect(actions.elements).toEqual([
      { type: 'button', text: { type: 'plain_text', text: 'Billing', emoji: true }, action_id: expect.any(String), value: 'billing' },
      { type: 'button', text: { type: 'plain_text', text: 'Delivery', emoji: true }, action_id: expect.any(String), value: 'delivery' },
    ]);
  });

  it('HTTP 429: transient with Retry-After in ms; ok:false errors classified by code', async () => {
    api.answerNext('chat.postMessage', rateLimited(4));
    expect(await sendError(message())).toMatchObject({ transient: true, status: 429, retryAfterMs: 4000 });
    api.answerNext('chat.postMessage', { json: { ok: false, error: 'channel_not_found' } });
    expect(await sendError(message())).toMatchObject({ transient: false, message: 'Slack chat.postMessage failed: channel_not_found' });
    api.answerNext('chat.postMessage', { json: { ok: false, error: 'service_unavailable' } });
    expect(await sendError(message())).toMatchObject({ transient: true, message: 'Slack chat.postMessage failed: service_unavailable' });
    api.answerNext('chat.postMessage', { status: 503, json: { ok: false, error: 'service_unavailable' } });
    expect(await sendError(message())).toMatchObject({ transient: true, status: 503 });
    expect(await sendError(message(), channel({ botToken: 'xoxb-revoked' }))).toMatchObject({ transient: false, message: expect.stringContaining('invalid_auth') });
    api.answerNext('chat.postMessage', { delayMs: 800 });
    expect(await sendError(message(), channel({ timeoutMs: 200 }))).toMatchObject({ transient: true, message: expect.stringMatching(/did not answer within 200 ms/) });
  });

  it('declares chat.postMessage\'s rate: about 1 message/s per conversation', () => {
    expect(slackConnector.rateLimit?.perConversation).toEqual({ perSecond: 1, burst: 3 });
  });
});

describe('Slack set-up', () => {
  beforeEach(() => { api.calls.length = 0; });
  const context = { webhookUrl: 'https://parley.example.com/webhooks/ch_sl', reason: 'create' as const };

  it('checks the token with auth.test and learns the workspace and the bot user', async () => {
    const result = await slackConnector.setup!(channel({ botUserId: undefined }), context, deps);
    expect(api.calls.map((c) => c.method)).toEqual(['auth.test']);
    expect(api.calls[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(result).toEqual({ config: { teamId: 'T0PARLEY', team: 'Parley Test', botUserId: 'U0PARLEYBOT' } });
    const steps = slackConnector.nextSteps!(config({ team: 'Parley Test' }), context);
    expect(steps.filter((s) => s.value === context.webhookUrl)).toHaveLength(2);
    expect(steps[0].text).toMatch(/Event Subscriptions/);
    expect(JSON.stringify(steps)).not.toContain(SIGNING_SECRET);
  });

  it("a token Slack refuses fails the set-up with Slack's error code", async () => {
    const err = await slackConnector.setup!(channel({ botToken: 'xoxb-revoked' }), context, deps).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(SetupError);
    expect((err as Error).message).toBe('the bot token was not accepted: Slack auth.test failed: invalid_auth');
  });
});
