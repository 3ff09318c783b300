// Webhook registration by API on POST /api/v1/channels, against the Meta and X stand-ins, on a real
// Parley (Temporal dev server, SQLite, HTTP) whose public URL is https://parley.acme.test (the stand-ins
// reach it at its local address). Meta: the Page / Instagram account / WABA is subscribed to the app
// with its own token, and the app's callback URL is set with the app access token — the stand-in
// performs Meta's hub.challenge GET against Parley's app-level URL during that call. X: app-only
// bearer token, POST /2/webhooks (the stand-in's CRC against Parley), then the account's Account
// Activity subscription and its X Activity API subscription to dm.received, both in OAuth 1.0a. A 403
// leaves the channel created with the manual steps and Meta's / X's reason; invalid credentials refuse
// the channel and write nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { SUBSCRIBE_PERMISSION_DENIED } from '../fakes/meta-webhook-registration';
import { startXApi, type XAnswer, type XApi } from '../fakes/x-api';
import { startHarness, type Harness } from '../support/parley-harness';

const PUBLIC = 'https://parley.acme.test';
const APP_ID = '987654321012345';
const APP_SECRET = 'meta-app-secret-for-registration';
const PAGE_ID = '100000000000777';
const PAGE_TOKEN = 'EAAB-page-token-registration-0001';
const IG_ID = '17841400000000777';
const IG_TOKEN = 'IGQV-instagram-token-registration-01';
const WABA_ID = '200000000000777';
const PHONE_ID = '300000000000777';
const WA_TOKEN = 'EAAB-system-user-token-registration-1';
const X_CREDS = { consumerKey: 'xvz1evFS4wEEPTGEFPHBog', consumerSecret: 'consumer-secret-for-the-x-app-0123456789', accessToken: '1111111111111111111-AbCdEfGhIjKlMnOp', accessTokenSecret: 'access-token-secret-0123456789abcdef' };
const X_ME = { id: '1111111111111111111', username: 'cafearoma' };

interface ChannelView { id: string; webhookUrl: string; config: Record<string, unknown>; nextSteps: { text: string; value?: string }[] }

describe('webhook registration when a channel is created', () => {
  let h: Harness;
  let graph: MetaGraphApi;
  let x: XApi;
  const activityRefusals: XAnswer[] = [];
  const toLocal = (url: string) => url.replace(PUBLIC, h.parley.url);

  beforeAll(async () => {
    graph = await startMetaGraphApi({
      tokens: [PAGE_TOKEN, IG_TOKEN, WA_TOKEN],
      tokenOwners: { [PAGE_TOKEN]: { id: PAGE_ID, name: 'Acme Shoes' } },
      instagramAccounts: { [IG_ID]: { username: 'acmeshoes' } },
      whatsappPhoneNumbers: [PHONE_ID],
      registration: { apps: { [APP_ID]: APP_SECRET }, resolveCallback: toLocal },
    });
    x = await startXApi({ creds: X_CREDS, me: X_ME, registration: { resolveWebhook: toLocal, refuseActivity: () => activityRefusals.shift() } });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: PUBLIC } });
  });
  afterAll(async () => {
    await h?.stop();
    await graph?.close();
    await x?.close();
  });

  const graphConfig = () => ({ graphApiBaseUrl: graph.url });
  const create = (type: string, config: Record<string, unknown>) => h.api('/api/v1/channels', { method: 'POST', json: { type, name: `${type} channel`, config } });
  const channelCount = async () => (await (await h.api('/api/v1/channels?limit=100')).json()).items.length as number;
  const texts = (c: ChannelView) => c.nextSteps.map((s) => s.text).join('\n');

  it('Messenger: subscribes the Page with its token and sets the app callback, which Meta verifies against Parley', async () => {
    const res = await create('messenger', { pageId: PAGE_ID, pageAccessToken: PAGE_TOKEN, appId: APP_ID, appSecret: APP_SECRET, ...graphConfig() });
    expect(res.status).toBe(201);
    const channel = (await res.json()) as ChannelView;
    const calls = graph.registration.calls;
    expect(calls.map((c) => [c.edge, c.node, c.token, c.status])).toEqual([
      ['subscribed_apps', PAGE_ID, PAGE_TOKEN, 200],
      ['subscriptions', APP_ID, `${APP_ID}|${APP_SECRET}`, 200],
    ]);
    expect(calls[0].fields).toEqual(['messages', 'messaging_postbacks', 'message_deliveries', 'message_reads']);
    expect(calls[1]).toMatchObject({ object: 'page', callbackUrl: `${PUBLIC}/webhooks/meta/${APP_ID}`, verifyToken: channel.config.verifyToken, fields: calls[0].fields });
    // Meta's hub.challenge GET reached Parley (the channel was not stored yet) and got the challenge back.
    expect(calls[1].handshake).toEqual({ status: 200, body: calls[1].handshake!.challenge, challenge: expect.any(String) });
    expect(channel.config).toMatchObject({ webhookSubscribed: true, appCallbackSet: true });
    expect(channel.config.webhookSetupProblem).toBeUndefined();
    expect(texts(channel)).toMatch(/Parley set your Meta app's callback URL/);
    expect(texts(channel)).toMatch(/Parley subscribed "Acme Shoes"/);
    expect(texts(channel)).not.toMatch(/set the Callback URL|add "Acme Shoes" and subscribe/);
  });

  it('Instagram Direct and WhatsApp: the account and the WABA are subscribed with their own tokens', async () => {
    const before = graph.registration.calls.length;
    const ig = await create('instagram-direct', { instagramAccountId: IG_ID, accessToken: IG_TOKEN, appSecret: APP_SECRET, ...graphConfig() });
    expect(ig.status).toBe(201);
    const wa = await create('whatsapp', { phoneNumberId: PHONE_ID, businessAccountId: WABA_ID, accessToken: WA_TOKEN, appId: APP_ID, appSecret: APP_SECRET, ...graphConfig() });
    expect(wa.status).toBe(201);
    const calls = graph.registration.calls.slice(before);
    expect(calls.map((c) => [c.edge, c.node, c.token, c.status, c.object])).toEqual([
      ['subscribed_apps', IG_ID, IG_TOKEN, 200, undefined],
      ['subscribed_apps', WABA_ID, WA_TOKEN, 200, undefined],
      ['subscriptions', APP_ID, `${APP_ID}|${APP_SECRET}`, 200, 'whatsapp_business_account'],
    ]);
    expect(calls[0].fields).toEqual(['messages', 'messaging_postbacks', 'messaging_seen']);
    expect(calls[2].handshake?.status).toBe(200);
    const igView = (await ig.json()) as ChannelView;
    // No appId: Parley cannot set the app's callback, so that stays the person's step.
    expect(igView.config).toMatchObject({ webhookSubscribed: true, appCallbackSet: false });
    expect(texts(igView)).toMatch(/set the Callback URL to this channel's webhook URL/);
    expect(texts(igView)).toMatch(/Parley subscribed @acmeshoes/);
    const waView = (await wa.json()) as ChannelView;
    expect(waView.config).toMatchObject({ webhookSubscribed: true, appCallbackSet: true });
  });

  it('a 403 from Meta leaves the channel created with the manual steps and Meta\'s reason', async () => {
    graph.registration.failNext(SUBSCRIBE_PERMISSION_DENIED, SUBSCRIBE_PERMISSION_DENIED);
    const res = await create('messenger', { pageId: PAGE_ID, pageAccessToken: PAGE_TOKEN, appId: APP_ID, appSecret: APP_SECRET, ...graphConfig() });
    expect(res.status).toBe(201);
    const channel = (await res.json()) as ChannelView;
    expect(channel.config).toMatchObject({ webhookSubscribed: false, appCallbackSet: false });
    expect(channel.config.webhookSetupProblem).toMatch(/403.*pages_manage_metadata/);
    expect(channel.nextSteps.slice(0, 2).map((s) => s.value)).toEqual([`${PUBLIC}/webhooks/meta/${APP_ID}`, channel.config.verifyToken]);
    expect(texts(channel)).toMatch(/add "Acme Shoes" and subscribe it/);
    expect(texts(channel)).toMatch(/Parley could not register the webhook itself.*Requires pages_manage_metadata/);
  });

  it('invalid Meta credentials refuse the channel with Meta\'s reason and write nothing', async () => {
    const count = await channelCount();
    const badToken = await create('messenger', { pageId: PAGE_ID, pageAccessToken: 'EAAB-not-a-valid-token-000000', appId: APP_ID, appSecret: APP_SECRET, ...graphConfig() });
    expect(badToken.status).toBe(422);
    expect((await badToken.json()).detail).toMatch(/pageAccessToken was not accepted.*Invalid OAuth access token/);
    const calls = graph.registration.calls.length;
    const badSecret = await create('messenger', { pageId: PAGE_ID, pageAccessToken: PAGE_TOKEN, appId: APP_ID, appSecret: 'not-the-app-secret', ...graphConfig() });
    expect(badSecret.status).toBe(422);
    expect((await badSecret.json()).detail).toMatch(/appId and appSecret were not accepted.*Invalid OAuth access token signature/);
    expect(graph.registration.calls.slice(calls).map((c) => c.status)).toEqual([200, 400]);
    expect(await channelCount()).toBe(count);
  });

  it('X: registers the webhook with an app-only token (the CRC reaches Parley) and subscribes the account in OAuth 1.0a, in both APIs (XAA: dm.received and dm.read)', async () => {
    const res = await create('x-dm', { ...X_CREDS, apiBaseUrl: x.url });
    expect(res.status).toBe(201);
    const channel = (await res.json()) as ChannelView;
    const calls = x.registration.calls;
    expect(calls.map((c) => [c.step, c.auth, c.status])).toEqual([['token', 'Basic', 200], ['webhook', 'Bearer', 200], ['subscription', 'OAuth', 200], ['activity', 'OAuth', 200], ['activity', 'OAuth', 200]]);
    expect(calls[1]).toMatchObject({ url: `${PUBLIC}/webhooks/${channel.id}`, crc: { status: 200, ok: true } });
    expect(calls[2].webhookId).toBe(calls[1].webhookId);
    expect(calls[3].body).toEqual({ event_type: 'dm.received', filter: { user_id: X_ME.id }, webhook_id: calls[1].webhookId, tag: 'parley-dm' });
    expect(calls[4].body).toEqual({ event_type: 'dm.read', filter: { user_id: X_ME.id }, webhook_id: calls[1].webhookId, tag: 'parley-dm-read' });
    expect(channel.config).toMatchObject({ webhookId: calls[1].webhookId, dmSubscribed: true, userId: X_ME.id, activitySubscriptionId: expect.stringMatching(/^\d+$/), readReceiptSubscriptionId: expect.stringMatching(/^\d+$/) });
    expect(texts(channel)).toMatch(new RegExp(`Parley registered this webhook URL with X[^\n]*X Activity API subscription ${channel.config.activitySubscriptionId} to "dm.received" and ${channel.config.readReceiptSubscriptionId} to "dm.read"`));
    expect(texts(channel)).not.toMatch(/Register this webhook URL|^Subscribe/m);

    // A config change runs set-up again: the webhook and the X Activity API subscriptions X already know are
    // reused (X would refuse duplicates), the account re-subscribed to the Account Activity API.
    const patched = await h.api(`/api/v1/channels/${channel.id}`, { method: 'PATCH', json: { config: { timeoutMs: 8000 } } });
    expect(patched.status).toBe(200);
    expect(x.registration.calls.slice(5).map((c) => [c.step, c.webhookId, c.status])).toEqual([['subscription', calls[1].webhookId, 200]]);
    expect((await patched.json()).config).toMatchObject({ webhookId: calls[1].webhookId, dmSubscribed: true, activitySubscriptionId: channel.config.activitySubscriptionId, readReceiptSubscriptionId: channel.config.readReceiptSubscriptionId, timeoutMs: 8000 });
  });

  it('X: a refused X Activity API subscription leaves that step to do by hand, with X\'s reason', async () => {
    const forbidden = { status: 403, json: { title: 'Client Forbidden', type: 'https://api.x.com/2/problems/client-forbidden', status: 403, detail: 'This App does not have access to the X Activity API.' } };
    activityRefusals.push(forbidden, forbidden);
    const before = x.registration.calls.length;
    const res = await create('x-dm', { ...X_CREDS, apiBaseUrl: x.url });
    expect(res.status).toBe(201);
    const channel = (await res.json()) as ChannelView;
    expect(x.registration.calls.slice(before).map((c) => [c.step, c.status])).toEqual([['token', 200], ['webhook', 200], ['subscription', 200], ['activity', 403], ['activity', 403]]);
    expect(channel.config).toMatchObject({ dmSubscribed: true, webhookSetupProblem: expect.stringMatching(/403 to POST \/2\/activity\/subscriptions \(dm.received\)/) });
    expect(channel.config.activitySubscriptionId).toBeUndefined();
    expect(channel.nextSteps[0]).toMatchObject({ value: `${PUBLIC}/webhooks/${channel.id}`, text: expect.stringMatching(/only the subscription below is left/) });
    expect(texts(channel)).toMatch(/Subscribe @cafearoma to direct messages in the X Activity API: event "dm.received" with filter user_id 1111111111111111111/);
    expect(texts(channel)).toMatch(/Parley could not subscribe the account itself.*does not have access to the X Activity API/);
  });

  it('X: a 403 (no Account Activity access) leaves the manual steps with X\'s reason; wrong keys create nothing', async () => {
    x.registration.failNext({ status: 403, json: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.' } });
    const res = await create('x-dm', { ...X_CREDS, apiBaseUrl: x.url });
    expect(res.status).toBe(201);
    const channel = (await res.json()) as ChannelView;
    expect(channel.config).toMatchObject({ dmSubscribed: false });
    expect(channel.nextSteps[0]).toMatchObject({ value: `${PUBLIC}/webhooks/${channel.id}`, text: expect.stringMatching(/Register this webhook URL/) });
    expect(texts(channel)).toMatch(/Parley could not register the webhook itself.*403.*oauth1 app permissions/);

    const count = await channelCount();
    const calls = x.registration.calls.length;
    const wrong = await create('x-dm', { ...X_CREDS, accessTokenSecret: 'not-the-right-secret-000000', apiBaseUrl: x.url });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).detail).toMatch(/keys and access token were not accepted: X answered 401/);
    expect(x.registration.calls.length).toBe(calls);
    expect(await channelCount()).toBe(count);
  });
});
