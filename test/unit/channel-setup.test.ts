// Connecting provider channels through the API: the connector's set-up runs against the provider
// (here local stand-ins of Telegram's Bot API and Slack's Web API) before anything is stored, a
// refusal quotes the provider and leaves no channel behind, and the answer says what is left to do.
// Then the webhooks of the connected channels: refusals write nothing, retries are de-duplicated.
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackApi, type SlackApi } from '../fakes/slack-api';
import { startTelegramApi, type TelegramApi } from '../fakes/telegram-api';
import { testApp } from '../support/test-app';

const TG_TOKEN = '987654321:AAparley-setup-test';
const SLACK_TOKEN = 'xoxb-setup-test';
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';

let telegram: TelegramApi;
let slack: SlackApi;
beforeAll(async () => {
  telegram = await startTelegramApi({ token: TG_TOKEN, bot: { id: 987654321, username: 'acme_help_bot' } });
  slack = await startSlackApi({ token: SLACK_TOKEN, team: { id: 'T0ACME', name: 'Acme' } });
});
afterAll(async () => { await telegram.close(); await slack.close(); });

let t: ReturnType<typeof testApp>;
beforeEach(() => { t = testApp(); telegram.calls.length = 0; slack.calls.length = 0; });
afterEach(() => t.close());

const create = (body: unknown) => t.request('/api/v1/channels', { method: 'POST', json: body });
const written = () => t.count('inbound_events') + t.count('messages') + t.count('cases');

describe('connecting a Telegram bot', () => {
  it('checks the token, registers the webhook with its secret, and says what is left to do', async () => {
    const res = await create({ type: 'telegram', name: 'Acme bot', config: { botToken: TG_TOKEN, apiBaseUrl: telegram.url } });
    expect(res.status).toBe(201);
    const channel = await res.json();
    expect(telegram.calls.map((c) => c.method)).toEqual(['getMe', 'setWebhook']);
    const setWebhook = telegram.calls[1].body;
    expect(setWebhook.url).toBe(`https://parley.example.com/webhooks/${channel.id}`);
    expect(setWebhook.secret_token).toBe(channel.generatedSecrets.secretToken);
    expect(channel.config).toMatchObject({ botToken: '••••••••', secretToken: '••••••••', botUsername: 'acme_help_bot' });
    expect(channel.nextSteps[0]).toMatchObject({ value: channel.webhookUrl });
    expect(channel.nextSteps.map((s: { text: string }) => s.text).join(' ')).toContain('@acme_help_bot');
    const read = await (await t.request(`/api/v1/channels/${channel.id}`)).json();
    expect(read.nextSteps).toEqual(channel.nextSteps);
    expect(JSON.stringify(read)).not.toContain(TG_TOKEN);
  });

  it("a token Telegram refuses: 422 with Telegram's reason, no channel, no webhook", async () => {
    const res = await create({ type: 'telegram', name: 'Acme bot', config: { botToken: '987654321:revoked', apiBaseUrl: telegram.url } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'channel_setup_failed', detail: 'Telegram refused the set-up: the bot token was not accepted: Telegram getMe failed with 401: Unauthorized' });
    expect(t.count('channels')).toBe(0);
    expect(telegram.callsOf('setWebhook')).toHaveLength(0);
  });

  it('a new token on PATCH is checked and the webhook registered again; a refused one changes nothing', async () => {
    const channel = await (await create({ type: 'telegram', name: 'Acme bot', config: { botToken: TG_TOKEN, apiBaseUrl: telegram.url } })).json();
    const bad = await t.request(`/api/v1/channels/${channel.id}`, { method: 'PATCH', json: { config: { botToken: '987654321:typo' } } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).detail).toMatch(/Unauthorized/);
    telegram.calls.length = 0;
    const renamed = await t.request(`/api/v1/channels/${channel.id}`, { method: 'PATCH', json: { name: 'Acme support bot', config: { timeoutMs: 5000 } } });
    expect(renamed.status).toBe(200);
    expect(telegram.calls.map((c) => c.method)).toEqual(['getMe', 'setWebhook']);
    // The stored token is still the good one: the webhook was registered with it.
    expect(telegram.calls[1].token).toBe(TG_TOKEN);
  });

  it('webhooks: the right secret token is accepted once, a retry is a duplicate, a wrong one writes nothing', async () => {
    const channel = await (await create({ type: 'telegram', name: 'Acme bot', config: { botToken: TG_TOKEN, apiBaseUrl: telegram.url, secretToken: 'my-own-secret' } })).json();
    const update = JSON.stringify({ update_id: 5001, message: { message_id: 1, from: { id: 77, is_bot: false, first_name: 'Ana' }, chat: { id: 77, type: 'private' }, date: 1_764_000_000, text: 'hola' } });
    const post = (secret?: string) => t.request(`/webhooks/${channel.id}`, { method: 'POST', key: null, body: update, headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) } });
    for (const [secret, reason] of [[undefined, 'missing X-Telegram-Bot-Api-Secret-Token header'], ['not-the-secret', 'does not match']] as const) {
      const refused = await post(secret);
      expect(refused.status).toBe(401);
      expect((await refused.json()).detail).toContain(reason);
    }
    expect(written()).toBe(0);
    expect(await (await post('my-own-secret')).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await (await post('my-own-secret')).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(t.count('messages')).toBe(1);
  });
});

describe('connecting a Slack app', () => {
  const slackConfig = { botToken: SLACK_TOKEN, signingSecret: SIGNING_SECRET };
  const sign = (ts: number, body: string, secret = SIGNING_SECRET) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;

  it('checks the token with auth.test and lists the console steps with the exact Request URL', async () => {
    const res = await create({ type: 'slack', name: 'Acme Slack', config: { ...slackConfig, apiBaseUrl: slack.url } });
    expect(res.status).toBe(201);
    const channel = await res.json();
    expect(slack.calls.map((c) => c.method)).toEqual(['auth.test']);
    expect(channel.config).toMatchObject({ teamId: 'T0ACME', team: 'Acme', botUserId: 'U0PARLEYBOT', botToken: '••••••••', signingSecret: '••••••••' });
    expect(channel.generatedSecrets).toEqual({});
    expect(channel.nextSteps[0]).toEqual({ text: expect.stringMatching(/Event Subscriptions/), value: `https://parley.example.com/webhooks/${channel.id}` });
  });

  it("a token Slack refuses: 422 with Slack's error code and no channel", async () => {
    const res = await create({ type: 'slack', name: 'Acme Slack', config: { ...slackConfig, apiBaseUrl: slack.url, botToken: 'xoxb-revoked' } });
    expect(res.status).toBe(422);
    expect((await res.json()).detail).toBe('Slack refused the set-up: the bot token was not accepted: Slack auth.test failed: invalid_auth');
    expect(t.count('channels')).toBe(0);
  });

  it('webhooks: url_verification answered with the challenge, a Slack retry de-duplicated, a stale signature refused', async () => {
    const channel = await (await create({ type: 'slack', name: 'Acme Slack', config: { ...slackConfig, apiBaseUrl: slack.url } })).json();
    const post = (body: string, opts: { ts?: number; headers?: Record<string, string> } = {}) => {
      const ts = opts.ts ?? Math.floor(Date.now() / 1000);
      return t.request(`/webhooks/${channel.id}`, { method: 'POST', key: null, body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(ts, body), ...opts.headers } });
    };
    const challenge = await post(JSON.stringify({ token: 'x', challenge: 'ch4ll3ng3', type: 'url_verification' }));
    expect(challenge.status).toBe(200);
    expect(challenge.headers.get('content-type')).toContain('text/plain');
    expect(await challenge.text()).toBe('ch4ll3ng3');

    const event = JSON.stringify({ type: 'event_callback', team_id: 'T0ACME', event_id: 'Ev0RETRY', event_time: 1, event: { type: 'message', channel: 'D0ANA', channel_type: 'im', user: 'U0ANA', text: 'hello', ts: '1764000000.000100' } });
    const stale = await post(event, { ts: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    expect((await stale.json()).detail).toMatch(/^Webhook refused: stale X-Slack-Request-Timestamp: signed 6\d\d s ago/);
    expect(written()).toBe(0);
    expect(await (await post(event)).json()).toMatchObject({ accepted: 1 });
    // Slack retries (no 200 within 3 s) with X-Slack-Retry-Num and the same event_id.
    const retry = await post(event, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(await retry.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(t.count('messages')).toBe(1);
  });
});

describe('retired channel types', () => {
  it('Google Business Messages is refused with its retirement date, as a new user would try it', async () => {
    const res = await create({ type: 'google-business-messages', name: 'GBM', config: { agentId: 'x' } });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.code).toBe('channel_type_retired');
    expect(problem.detail).toBe('Google Business Messages was retired on 2024-07-31; it can no longer be connected.');
    expect(t.count('channels')).toBe(0);
  });
});

describe('what GET /channel-types tells the connect form', () => {
  type Prop = { title?: string; description?: string; readOnly?: boolean; 'x-parley-learned'?: boolean; 'x-parley-primary'?: boolean };
  type ChannelTypeView = { type: string; connectable: boolean; inbound: string; hasWebhook: boolean; connectFrom: string; configSchema?: { properties: Record<string, Prop>; required?: string[] }; secretFields?: string[] };
  const types = async () => (await (await t.request('/api/v1/channel-types')).json()).items as ChannelTypeView[];

  it('every field of every connectable channel has a title and a one-line hint; no label is derived from a key', async () => {
    const connectable = (await types()).filter((c) => c.connectable && c.connectFrom === 'settings');
    expect(connectable.map((c) => c.type).sort()).toEqual(expect.arrayContaining(['apple-messages', 'byoc', 'email', 'instagram-direct', 'line', 'messenger', 'slack', 'sms', 'teams', 'telegram', 'viber', 'wechat', 'whatsapp', 'x-dm']));
    const unlabelled = connectable.flatMap((c) => Object.entries(c.configSchema!.properties)
      .filter(([, p]) => !p.title?.trim() || !p.description?.trim() || p.description.includes('\n'))
      .map(([key]) => `${c.type}.${key}`));
    expect(unlabelled).toEqual([]);
  });

  it('titles follow the provider consoles, and the values Parley learns are marked (never required, read-only)', async () => {
    const byType = new Map((await types()).map((c) => [c.type, c]));
    const props = (type: string) => byType.get(type)!.configSchema!.properties;
    expect(props('telegram').botToken.title).toBe('Bot token (from @BotFather)');
    expect(props('messenger').pageAccessToken.title).toBe('Page access token');
    expect(props('sms').accountSid.title).toBe('Twilio Account SID');
    expect(props('slack').botToken.title).toBe('Bot User OAuth Token');
    const learned = (type: string) => Object.entries(props(type)).filter(([, p]) => p['x-parley-learned']).map(([k]) => k);
    expect(learned('telegram')).toEqual(['botUsername']);
    expect(learned('slack')).toEqual(['teamId', 'team', 'botUserId']);
    expect(learned('viber')).toEqual(['accountName', 'accountUri', 'webhookRegistered']);
    expect(learned('sms')).toEqual(['webhookUrl']);
    expect(learned('x-dm')).toEqual(['userId', 'username', 'webhookId', 'dmSubscribed', 'activitySubscriptionId', 'readReceiptSubscriptionId', 'webhookSetupProblem']);
    expect(learned('messenger')).toEqual(['pageName', 'webhookSubscribed', 'appCallbackSet', 'webhookSetupProblem']);
    for (const c of byType.values()) {
      for (const [key, prop] of Object.entries(c.configSchema?.properties ?? {})) {
        if (!prop['x-parley-learned']) continue;
        expect(prop.readOnly, `${c.type}.${key}`).toBe(true);
        expect(c.configSchema!.required ?? [], `${c.type}.${key}`).not.toContain(key);
        expect(c.secretFields, `${c.type}.${key}`).not.toContain(key);
      }
    }
    // Optional fields that still belong up front: the sender number, the SMTP login.
    expect(props('sms').from['x-parley-primary']).toBe(true);
    expect(props('email').smtpUser['x-parley-primary']).toBe(true);
  });

  it('says which channel types have a webhook URL and where each is connected (no lists in the console)', async () => {
    const byType = new Map((await types()).map((c) => [c.type, c]));
    expect(byType.get('email')).toMatchObject({ inbound: 'mail', hasWebhook: false, connectFrom: 'settings' });
    expect(byType.get('webchat')).toMatchObject({ inbound: 'widget', hasWebhook: false, connectFrom: 'websites' });
    expect(byType.get('telegram')).toMatchObject({ inbound: 'webhook', hasWebhook: true, connectFrom: 'settings' });
    const one = await (await t.request('/api/v1/channel-types/viber')).json();
    expect(one).toMatchObject({ inbound: 'webhook', hasWebhook: true, connectFrom: 'settings' });
  });
});
