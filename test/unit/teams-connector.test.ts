// The Teams connector against Bot Framework's documented protocol: JWT verification against a
// local OpenID metadata + JWKS (tokens signed in the test with jose), Activity parsing, the Bot
// Connector requests it makes (checked by a local stand-in), the client-credentials token cache,
// error classification and the set-up check.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendError, SetupError, type ChannelContext, type OutboundMessage, type RawRequest } from '../../connectors/connector';
import { teamsConnector } from '../../connectors/teams';
import type { TeamsConfig } from '../../connectors/teams/config';
import { clearBotFrameworkKeyCache } from '../../connectors/teams/openid-keys';
import { getRendering } from '../../connectors/renderers';
import { RICH_CONTENT_SAMPLES } from '../../scripts/docs/rich-content-samples';
import { startTeamsApi, type TeamsApi } from '../fakes/teams-api';

const APP_ID = randomUUID();
const PASSWORD = 'fake~client~secret~0123456789';

let api: TeamsApi;
beforeAll(async () => { api = await startTeamsApi({ appId: APP_ID, appPassword: PASSWORD }); });
afterAll(async () => { await api.close(); });
beforeEach(() => clearBotFrameworkKeyCache());

const config = (over: Partial<TeamsConfig> = {}): TeamsConfig =>
  teamsConnector.configSchema.parse({ appId: APP_ID, appPassword: PASSWORD, openIdMetadataUrl: api.openIdMetadataUrl, tokenUrl: api.tokenUrl, timeoutMs: 2000, ...over });
const channel = (over: Partial<TeamsConfig> = {}): ChannelContext<TeamsConfig> => ({ id: 'ch_teams', accountId: 'acc_1', config: config(over) });
const deps = { fetch, now: () => Date.now() };

/** A port nothing listens on: one the system just gave out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const USER = { id: '29:1a2b3c-user', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-0000000000aa' };
const CONVERSATION = 'a:1pL9-personal-conversation';
const messageActivity = (over: Record<string, unknown> = {}) => ({
  type: 'message', id: '1700000000123', timestamp: '2026-11-27T10:00:00.123Z', localTimestamp: '2026-11-27T11:00:00.123+01:00',
  serviceUrl: api.serviceUrl, channelId: 'msteams',
  from: USER, conversation: { id: CONVERSATION, conversationType: 'personal', tenantId: 'tenant-1' }, recipient: { id: `28:${APP_ID}`, name: 'Acme bot' },
  textFormat: 'plain', locale: 'es-ES', text: '¿Dónde está mi pedido?',
  attachments: [{ contentType: 'text/html', content: '<p>¿Dónde está mi pedido?</p>' }],
  entities: [{ type: 'clientInfo', locale: 'es-ES', country: 'ES', platform: 'Web' }],
  channelData: { tenant: { id: 'tenant-1' } },
  ...over,
});
const request = (body: unknown, authorization?: string): RawRequest => ({
  method: 'POST', url: 'https://parley.example.com/webhooks/ch_teams',
  headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
  body: Buffer.from(JSON.stringify(body)),
});

describe('Teams webhook verification (Bot Framework JWT)', () => {
  const verify = (req: RawRequest, c = channel(), d = deps) => teamsConnector.verify(req, c, d);
  const signed = async (body = messageActivity(), o: Parameters<TeamsApi['signToken']>[1] = {}) => request(body, `Bearer ${await api.signToken(api.serviceUrl, o)}`);

  it('accepts a token signed with a published key, for this bot, naming the activity\'s serviceUrl', async () => {
    expect(await verify(await signed())).toEqual({ ok: true });
    // The metadata and keys were fetched from the configured OpenID metadata URL, then cached.
    expect(await verify(await signed())).toEqual({ ok: true });
    expect(api.callsOf('metadata').length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a request without Authorization, or without a bearer JWT', async () => {
    expect(await verify(request(messageActivity()))).toEqual({ ok: false, reason: 'missing Authorization header: Bot Framework sends "Bearer <JWT>"' });
    expect(await verify(request(messageActivity(), 'Basic dXNlcjpwYXNz'))).toEqual({ ok: false, reason: 'malformed Authorization header: expected "Bearer <JWT>"' });
  });

  it('refuses a tampered token (payload changed after signing)', async () => {
    const token = await api.signToken(api.serviceUrl);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, serviceurl: 'https://evil.example.com/' })).toString('base64url');
    const result = await verify(request(messageActivity({ serviceUrl: 'https://evil.example.com/' }), `Bearer ${h}.${forged}.${s}`));
    expect(result).toEqual({ ok: false, reason: 'signature mismatch: the token was altered or signed with another key' });
  });

  it('refuses a token signed with a key Bot Framework does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    expect(await verify(await signed(messageActivity(), { key: privateKey }))).toEqual({ ok: false, reason: 'signature mismatch: the token was altered or signed with another key' });
    expect(await verify(await signed(messageActivity(), { key: privateKey, kid: 'unknown-kid' }))).toEqual({ ok: false, reason: 'the token is signed with a key that is not in the Bot Framework key set' });
  });

  it('refuses an expired token beyond the 5-minute tolerance, and accepts one within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await signed(messageActivity(), { issuedAt: now - 3600 - 400, expiresIn: 3600 });
    expect(await verify(expired)).toMatchObject({ ok: false, reason: expect.stringMatching(/^the token expired at .* \(clock tolerance 300 s\)$/) });
    expect(await verify(await signed(messageActivity(), { issuedAt: now - 3600 - 200, expiresIn: 3600 }))).toEqual({ ok: true });
    // The injected clock decides: the same fresh token is stale two hours later.
    const later = { fetch, now: () => Date.now() + 2 * 3600_000 };
    expect(await verify(await signed(), channel(), later)).toMatchObject({ ok: false, reason: expect.stringMatching(/^the token expired/) });
  });

  it('refuses a token not yet valid', async () => {
    const result = await verify(await signed(messageActivity(), { issuedAt: Math.floor(Date.now() / 1000) + 900 }));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^the token is not valid before/) });
  });

  it('refuses a token for another bot (audience) and one from another issuer', async () => {
    expect(await verify(await signed(messageActivity(), { claims: { aud: 'another-app-id' } }))).toEqual({
      ok: false, reason: `wrong audience "another-app-id": the token is for another bot, not this channel's appId ${APP_ID}`,
    });
    expect(await verify(await signed(messageActivity(), { claims: { iss: 'https://sts.windows.net/evil/' } }))).toEqual({
      ok: false, reason: 'wrong issuer "https://sts.windows.net/evil/": Bot Framework tokens are issued by https://api.botframework.com',
    });
  });

  it('refuses a valid token whose serviceurl claim is not the activity\'s serviceUrl', async () => {
    const result = await verify(await signed(messageActivity({ serviceUrl: 'https://smba.attacker.example/emea/' })));
    expect(result).toEqual({ ok: false, reason: `serviceUrl mismatch: the token was issued for ${api.serviceUrl}, the activity names https://smba.attacker.example/emea/` });
    expect(await verify(await signed(messageActivity(), { claims: { serviceurl: undefined } }))).toEqual({ ok: false, reason: 'the token has no serviceurl claim' });
  });

  it('refuses a key that is not endorsed for the activity\'s channel', async () => {
    expect(await verify(await signed(messageActivity({ channelId: 'skype' })))).toEqual({ ok: false, reason: 'the signing key is not endorsed for channel "skype"' });
  });

  it('follows a key rollover: a token with a new kid reloads the key set, at most every five minutes', async () => {
    expect(await verify(await signed())).toEqual({ ok: true });
    await api.rotateKey();
    const loads = api.callsOf('keys').length;
    // Right after a load, an unknown kid does not make Parley fetch again (no refetch storm from forged kids).
    expect(await verify(await signed())).toEqual({ ok: false, reason: 'the token is signed with a key that is not in the Bot Framework key set' });
    expect(api.callsOf('keys').length).toBe(loads);
    const sixMinutesLater = { fetch, now: () => Date.now() + 6 * 60_000 };
    expect(await verify(await signed(), channel(), sixMinutesLater)).toEqual({ ok: true });
    expect(api.callsOf('keys').length).toBe(loads + 1);
  });

  it('says so when the key set cannot be loaded', async () => {
    const port = await closedPort();
    const result = await verify(await signed(), channel({ openIdMetadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration` }));
    expect(result).toEqual({ ok: false, reason: `the signing keys could not be loaded: the OpenID metadata http://127.0.0.1:${port}/v1/.well-known/openidconfiguration is unreachable: ECONNREFUSED` });
  });
});

describe('Teams Activity parsing', () => {
  const parse = (body: unknown) => teamsConnector.parse(request(body), channel(), { fetch, now: () => 1_800_000_000_000 });

  it('reads a personal message: sender, conversation as the thread, activity id as the event id', () => {
    expect(parse(messageActivity())).toEqual([{
      kind: 'message', eventId: `teams:${CONVERSATION}:1700000000123`, providerMessageId: '1700000000123', threadId: CONVERSATION,
      sender: { externalId: USER.id, name: 'Megan Bowen', language: 'es-ES' }, text: '¿Dónde está mi pedido?', attachments: [],
      occurredAt: Date.parse('2026-11-27T10:00:00.123Z'), raw: expect.objectContaining({ serviceUrl: api.serviceUrl }),
    }]);
  });

  it('drops the bot\'s @mention in a channel message', () => {
    const [event] = parse(messageActivity({ text: '<at>Acme bot</at> necesito ayuda', conversation: { id: '19:abc@thread.tacv2;messageid=1700000000000', conversationType: 'channel' } }));
    expect(event).toMatchObject({ kind: 'message', text: 'necesito ayuda', threadId: '19:abc@thread.tacv2;messageid=1700000000000' });
  });

  it('reads files (download info) and pasted images as attachments', () => {
    const [event] = parse(messageActivity({ text: '', attachments: [
      { contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'factura.pdf', contentUrl: 'https://contoso.sharepoint.com/factura.pdf', content: { downloadUrl: 'https://download.example/factura.pdf', uniqueId: 'u1', fileType: 'pdf' } },
      { contentType: 'image/png', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/abc/views/original' },
    ] }));
    expect(event).toMatchObject({ kind: 'message', text: '', attachments: [
      { mime: 'application/pdf', url: 'https://download.example/factura.pdf', name: 'factura.pdf' },
      { mime: 'image/png', url: 'https://smba.trafficmanager.net/emea/v3/attachments/abc/views/original' },
    ] });
  });

  it('reads an Adaptive Card Action.Submit of a Parley option as a postback', () => {
    const [event] = parse(messageActivity({ text: undefined, attachments: undefined, value: { parleyOption: 'delivery' } }));
    expect(event).toMatchObject({ kind: 'postback', payload: 'delivery', text: 'delivery', threadId: CONVERSATION });
  });

  it('reads an Input.ChoiceSet and an author\'s form as postbacks', () => {
    expect(parse(messageActivity({ text: undefined, value: { parleyChoice: 'slot2' } }))[0]).toMatchObject({ kind: 'postback', payload: 'slot2' });
    const [form] = parse(messageActivity({ text: undefined, value: { parleyForm: 'Contacto', email: 'megan@contoso.com', phone: '+34600000000' } }));
    expect(form).toMatchObject({ kind: 'postback', text: 'email: megan@contoso.com\nphone: +34600000000' });
    expect(JSON.parse((form as { payload: string }).payload)).toEqual({ parleyForm: 'Contacto', email: 'megan@contoso.com', phone: '+34600000000' });
  });

  it('an author\'s Adaptive Card answer (its own action data) maps to the card action it came from', () => {
    const card = RICH_CONTENT_SAMPLES.adaptiveCard;
    const [event] = parse(messageActivity({ text: undefined, value: { action: 'confirm', comment: 'gracias' } }));
    expect(event).toMatchObject({ kind: 'postback', text: 'action: confirm\ncomment: gracias' });
    expect(getRendering('teams')!.parseAnswer(event, card)).toMatchObject({ optionId: 'confirm-booking' });
    const [other] = parse(messageActivity({ text: undefined, value: { action: 'cancel' } }));
    expect(getRendering('teams')!.parseAnswer(other, card)).toBeNull();
  });

  it('reads a read receipt (an event named application/vnd.microsoft.readReceipt) as the named message read', () => {
    // Microsoft's shape: { type: 'event', name: 'application/vnd.microsoft.readReceipt', value: { lastReadMessageId } }.
    const receipt = { type: 'event', name: 'application/vnd.microsoft.readReceipt', id: 'f:9', timestamp: '2026-11-28T09:30:00.000Z', serviceUrl: api.serviceUrl, from: USER, conversation: { id: CONVERSATION }, value: { lastReadMessageId: '1732786200000' } };
    expect(parse(receipt)).toEqual([{ kind: 'receipt', eventId: `teams:${CONVERSATION}:read:1732786200000`, providerMessageId: '1732786200000', status: 'read', occurredAt: Date.parse('2026-11-28T09:30:00.000Z') }]);
    expect(() => parse({ ...receipt, value: {} })).toThrow(expect.objectContaining({ status: 400, issues: [expect.objectContaining({ path: 'value.lastReadMessageId' })] }));
    // Other events are not Parley's business.
    expect(parse({ ...receipt, name: 'application/vnd.microsoft.meetingStart' })).toEqual([]);
  });

  it('skips conversationUpdate, typing, reactions and invokes', () => {
    expect(parse({ type: 'conversationUpdate', id: 'f:1', serviceUrl: api.serviceUrl, membersAdded: [{ id: `28:${APP_ID}` }], conversation: { id: CONVERSATION } })).toEqual([]);
    expect(parse({ type: 'typing', id: '2', serviceUrl: api.serviceUrl, from: USER, conversation: { id: CONVERSATION } })).toEqual([]);
    expect(parse({ type: 'messageReaction', id: '3', reactionsAdded: [{ type: 'like' }] })).toEqual([]);
    expect(parse({ type: 'invoke', name: 'adaptiveCard/action', id: '4' })).toEqual([]);
  });

  it('refuses a body that is not an Activity, or a message without its ids, with field paths', () => {
    expect(() => parse({ text: 'no type' })).toThrow(expect.objectContaining({ status: 400, issues: [expect.objectContaining({ path: 'type' })] }));
    expect(() => parse({ type: 'message', text: 'hi' })).toThrow(expect.objectContaining({ status: 400, issues: expect.arrayContaining([expect.objectContaining({ path: 'id' }), expect.objectContaining({ path: 'serviceUrl' })]) }));
  });
});

describe('Teams send (Bot Connector API)', () => {
  const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    id: 'msg_teams_1', caseId: 'case_1', threadId: CONVERSATION, recipient: { externalId: USER.id, name: USER.name },
    content: { content: { type: 'text', text: 'Tu pedido sale hoy.', format: 'plain' } }, text: 'Tu pedido sale hoy.', attachments: [],
    context: { teams: { serviceUrl: api.serviceUrl } },
    ...over,
  });
  const send = (m = message(), c = channel(), d = deps) => teamsConnector.send(m, c, d);

  it('posts the renderer\'s activity to {serviceUrl}/v3/conversations/{id}/activities with a client-credentials token', async () => {
    const before = api.callsOf('activity').length;
    const result = await send();
    const [call] = api.callsOf('activity').slice(before);
    expect(call.path).toBe(`/v3/conversations/${encodeURIComponent(CONVERSATION)}/activities`);
    expect(call.conversationId).toBe(CONVERSATION);
    expect(call.headers.authorization).toBe(`Bearer ${api.issuedTokens.at(-1)}`);
    expect(call.body).toEqual({ type: 'message', text: 'Tu pedido sale hoy.', textFormat: 'plain' });
    expect(result.providerMessageId).toMatch(/^1:/);
    const tokenCall = api.callsOf('token').at(-1)!;
    expect(Object.fromEntries(new URLSearchParams(tokenCall.rawBody))).toEqual({ grant_type: 'client_credentials', client_id: APP_ID, client_secret: PASSWORD, scope: 'https://api.botframework.com/.default' });
  });

  it('sends buttons as an Adaptive Card whose Action.Submit carries the option', async () => {
    const before = api.callsOf('activity').length;
    await send(message({ content: { content: { type: 'buttons', text: '¿Sobre qué es?', buttons: [
      { id: 'billing', title: 'Factura', action: { type: 'postback', payload: 'BILLING' } },
      { id: 'web', title: 'Web', action: { type: 'url', url: 'https://acme.example/help' } },
    ] } } }));
    const [call] = api.callsOf('activity').slice(before);
    expect(call.body).toEqual({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: {
      type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5',
      body: [{ type: 'TextBlock', text: '¿Sobre qué es?', wrap: true }],
      actions: [{ type: 'Action.Submit', title: 'Factura', data: { parleyOption: 'billing' } }, { type: 'Action.OpenUrl', title: 'Web', url: 'https://acme.example/help' }],
    } }] });
  });

  it('sends attached images inline and other files as links', async () => {
    const before = api.callsOf('activity').length;
    await send(message({ attachments: [{ url: 'https://files.example/a.png', mime: 'image/png', name: 'a.png' }, { url: 'https://files.example/b.pdf', mime: 'application/pdf', name: 'b.pdf' }] }));
    expect(api.callsOf('activity').slice(before).map((c) => c.body)).toEqual([
      { type: 'message', text: 'Tu pedido sale hoy.', textFormat: 'plain' },
      { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'https://files.example/a.png', name: 'a.png' }] },
      { type: 'message', textFormat: 'markdown', text: '[b.pdf](https://files.example/b.pdf)' },
    ]);
  });

  it('caches the token until five minutes before it expires, then fetches a new one', async () => {
    const c = channel({ appPassword: PASSWORD }); // same credentials, same cache entry as above
    await send(message(), c);
    const tokens = api.callsOf('token').length;
    await send(message(), c);
    expect(api.callsOf('token').length).toBe(tokens);
    // 56 minutes later the 3599 s token has less than five minutes left: a new one is fetched.
    await send(message(), c, { fetch, now: () => Date.now() + 56 * 60_000 });
    expect(api.callsOf('token').length).toBe(tokens + 1);
  });

  it('a refused token (401) is dropped and fails the message permanently; the next send fetches a new one', async () => {
    await send();
    const tokens = api.callsOf('token').length;
    api.answerNext('activity', { status: 401, json: { message: 'Authorization has been denied for this request.' } });
    const err = await send().catch((e) => e);
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ transient: false, status: 401, message: 'Teams answered 401: Authorization has been denied for this request.' });
    await send();
    expect(api.callsOf('token').length).toBe(tokens + 1);
  });

  it('classifies failures: 429 with Retry-After and 5xx transient; 403 and 404 permanent, quoting Teams', async () => {
    api.answerNext('activity', { status: 429, headers: { 'retry-after': '7' }, json: { error: { code: 'Throttled', message: 'Too many requests' } } });
    expect(await send().catch((e) => e)).toMatchObject({ transient: true, status: 429, retryAfterMs: 7000, message: 'Teams answered 429 Throttled: Too many requests' });
    api.answerNext('activity', { status: 502, json: { error: { code: 'ServiceError', message: 'Bad gateway' } } });
    expect(await send().catch((e) => e)).toMatchObject({ transient: true, status: 502 });
    api.answerNext('activity', { status: 412, json: { error: { code: 'PreconditionFailed', message: 'Conflict, retry' } } });
    expect(await send().catch((e) => e)).toMatchObject({ transient: true, status: 412 });
    api.answerNext('activity', { status: 403, json: { error: { code: 'BotDisabledByAdmin', message: 'The bot is disabled by the tenant admin' } } });
    expect(await send().catch((e) => e)).toMatchObject({ transient: false, status: 403, message: 'Teams answered 403 BotDisabledByAdmin: The bot is disabled by the tenant admin' });
    api.answerNext('activity', { status: 404, json: { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } } });
    expect(await send().catch((e) => e)).toMatchObject({ transient: false, status: 404, message: 'Teams answered 404 ConversationNotFound: Conversation not found.' });
  });

  it('a slow service is a transient timeout; an unknown serviceUrl is permanent', async () => {
    api.answerNext('activity', { delayMs: 1500, status: 201, json: { id: 'late' } });
    expect(await send(message(), channel({ timeoutMs: 300 })).catch((e) => e)).toMatchObject({ transient: true, message: 'The Bot Connector service did not answer within 300 ms.' });
    expect(await send(message({ context: {} })).catch((e) => e)).toMatchObject({ transient: false, message: expect.stringMatching(/^No serviceUrl is known for Teams conversation a:1pL9/) });
  });

  it('a wrong client secret fails the send permanently with Entra ID\'s reason', async () => {
    const err = await send(message(), channel({ appPassword: 'wrong-secret' })).catch((e) => e);
    expect(err).toMatchObject({ transient: false, status: 401, message: 'The Microsoft token endpoint answered 401 invalid_client: AADSTS7000215: Invalid client secret provided.' });
  });
});

describe('Teams set-up', () => {
  it('accepts credentials the token endpoint accepts, and says where to paste the messaging endpoint', async () => {
    await expect(teamsConnector.setup!(channel({ appPassword: PASSWORD + '' }), { webhookUrl: 'https://parley.example.com/webhooks/ch_teams', reason: 'create' }, deps)).resolves.toBeUndefined();
    const steps = teamsConnector.nextSteps!(config(), { webhookUrl: 'https://parley.example.com/webhooks/ch_teams' });
    expect(steps[0]).toEqual({ text: expect.stringMatching(/Azure Bot resource .* Messaging endpoint/), value: 'https://parley.example.com/webhooks/ch_teams' });
    expect(JSON.stringify(steps)).not.toContain(PASSWORD);
  });

  it('refuses credentials the token endpoint refuses, quoting it', async () => {
    const err = await teamsConnector.setup!(channel({ appPassword: 'nope' }), { webhookUrl: 'https://x/webhooks/1', reason: 'create' }, deps).catch((e) => e);
    expect(err).toBeInstanceOf(SetupError);
    expect(err.message).toBe('the app id and password were not accepted: The Microsoft token endpoint answered 401 invalid_client: AADSTS7000215: Invalid client secret provided.');
  });

  it('derives the token endpoint from the tenant and rejects a config that is not an app id', () => {
    expect(teamsConnector.configSchema.parse({ appId: APP_ID, appPassword: 'x' })).toMatchObject({ openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration' });
    const parsed = teamsConnector.configSchema.safeParse({ appId: 'my-bot', appPassword: 'x' });
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['appId'], message: expect.stringMatching(/Microsoft App ID/) });
  });
});
