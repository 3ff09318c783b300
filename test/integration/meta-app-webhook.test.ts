// One Meta app, several Parley channels: two Messenger Pages and one WhatsApp number of the same Meta
// app share the app-level callback URL `/webhooks/meta/{appId}` (a Meta app has one callback URL per
// webhook object). On a real Parley (Temporal dev server, SQLite file, HTTP) against the local Graph
// API stand-in: the set-up names that URL, the hub.challenge handshake, one signed POST split by
// entry owner into cases on the right channels, retries de-duplicated, refusals writing nothing, and
// entries for Pages no channel owns skipped. Requests are signed with node:crypto (test/fakes/sign-meta).
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { metaJson, signMetaBody } from '../fakes/sign-meta';
import { startHarness, type Harness } from '../support/parley-harness';

const APP_ID = '1234567890123456';
const APP_SECRET = 'f1e2d3c4b5a6978812345678abcdef01';
const OTHER_APP_ID = '6543210987654321';
const OTHER_APP_SECRET = '00112233445566778899aabbccddeeff';
const PAGE_A = '111111111111111';
const PAGE_B = '222222222222222';
const UNKNOWN_PAGE = '999999999999999';
const PAGE_A_TOKEN = 'EAAG-app-page-a-token-000001';
const PAGE_B_TOKEN = 'EAAG-app-page-b-token-000002';
const PAGE_C_TOKEN = 'EAAG-other-app-page-token-03';
const PHONE_NUMBER_ID = '109876543210987';
const OTHER_PHONE_NUMBER_ID = '108888888888888';
const WABA_ID = '102290129340398';
const WA_TOKEN = 'EAAJB-app-level-wa-token-0001';
const VERIFY_TOKEN_A = 'page-a-verify-token-0001';

interface ChannelView { id: string; webhookUrl: string; config: Record<string, unknown>; nextSteps: { text: string; value?: string }[] }

describe('One Meta app, one callback URL for all its Pages and numbers', () => {
  let h: Harness;
  let graph: MetaGraphApi;
  let pageA: ChannelView;
  let pageB: ChannelView;
  let whatsapp: ChannelView;
  let otherApp: ChannelView;
  let n = 0;
  const warnings: string[] = [];
  const realWarn = console.warn;

  const create = async (json: unknown): Promise<ChannelView> => {
    const res = await h.api('/api/v1/channels', { method: 'POST', json });
    expect(res.status, await res.clone().text()).toBe(201);
    return res.json();
  };

  beforeAll(async () => {
    console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
    graph = await startMetaGraphApi({
      tokens: [PAGE_A_TOKEN, PAGE_B_TOKEN, PAGE_C_TOKEN, WA_TOKEN], whatsappPhoneNumbers: [PHONE_NUMBER_ID],
      tokenOwners: { [PAGE_A_TOKEN]: { id: PAGE_A, name: 'Acme Shoes' }, [PAGE_B_TOKEN]: { id: PAGE_B, name: 'Acme Outlet' }, [PAGE_C_TOKEN]: { id: '333333333333333', name: 'Other Shop' } },
    });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: 'https://support.acme.example' } });
    const graphConfig = { graphApiBaseUrl: graph.url };
    pageA = await create({ type: 'messenger', name: 'Acme Shoes', config: { pageId: PAGE_A, pageAccessToken: PAGE_A_TOKEN, appId: APP_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN_A, ...graphConfig } });
    pageB = await create({ type: 'messenger', name: 'Acme Outlet', config: { pageId: PAGE_B, pageAccessToken: PAGE_B_TOKEN, appId: APP_ID, appSecret: APP_SECRET, ...graphConfig } });
    whatsapp = await create({ type: 'whatsapp', name: 'Acme WhatsApp', config: { phoneNumberId: PHONE_NUMBER_ID, businessAccountId: WABA_ID, accessToken: WA_TOKEN, appId: APP_ID, appSecret: APP_SECRET, ...graphConfig } });
    // A Page of another Meta app (another secret): never reached through this app's URL.
    otherApp = await create({ type: 'messenger', name: 'Other Shop', config: { pageId: '333333333333333', pageAccessToken: PAGE_C_TOKEN, appId: OTHER_APP_ID, appSecret: OTHER_APP_SECRET, ...graphConfig } });
  }, 120_000);
  afterAll(async () => {
    console.warn = realWarn;
    await h?.stop();
    await graph?.close();
  });

  const appUrl = (appId = APP_ID) => `${h.parley.url}/webhooks/meta/${appId}`;
  const post = (body: object, secret = APP_SECRET, appId = APP_ID) =>
    fetch(appUrl(appId), { method: 'POST', headers: signMetaBody(secret, body), body: metaJson(body) });
  const messengerEntry = (pageId: string, psid: string, text: string, mid = `m_app_${++n}`) => {
    const timestamp = Date.now();
    return { id: pageId, time: timestamp, messaging: [{ sender: { id: psid }, recipient: { id: pageId }, timestamp, message: { mid, text } }] };
  };
  const whatsappChange = (phoneNumberId: string, waId: string, text: string) => ({
    field: 'messages',
    value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
      contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: waId }],
      messages: [{ from: waId, id: `wamid.app${++n}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
    },
  });
  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
  const rowCount = () => (h.parley.db.$client.prepare('select (select count(*) from messages) + (select count(*) from inbound_events) + (select count(*) from cases) + (select count(*) from contact_identities) n').get() as { n: number }).n;

  it('the set-up gives the app-level callback URL and verify token, the same URL for every Page and number of the app', () => {
    const url = `https://support.acme.example/webhooks/meta/${APP_ID}`;
    expect(pageA.nextSteps.slice(0, 2).map((s) => s.value)).toEqual([url, VERIFY_TOKEN_A]);
    expect(pageA.nextSteps[0].text).toMatch(/same for every Page of this app/);
    expect(pageB.nextSteps[0].value).toBe(url);
    expect(pageB.nextSteps[1].value).toBe(pageB.config.verifyToken);
    expect(whatsapp.nextSteps[0]).toMatchObject({ value: url, text: expect.stringMatching(/same for every phone number of this app/) });
    expect(otherApp.nextSteps[0].value).toBe(`https://support.acme.example/webhooks/meta/${OTHER_APP_ID}`);
    // The app id is plain config (shown); the app secret never is.
    expect(pageA.config).toMatchObject({ appId: APP_ID, appSecret: '••••••••' });
  });

  it('answers hub.challenge with the verify token of any channel of the app, and only then', async () => {
    const handshake = (token: string, appId = APP_ID) =>
      fetch(`${appUrl(appId)}?${new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' })}`);
    for (const token of [VERIFY_TOKEN_A, pageB.config.verifyToken as string, whatsapp.config.verifyToken as string]) {
      const ok = await handshake(token);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('1158201444');
    }
    const wrong = await handshake('not-the-verify-token');
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
    // The other app's channel token does not open this app's URL.
    const otherToken = await handshake(otherApp.config.verifyToken as string);
    expect(otherToken.status).toBe(403);
    const unknownApp = await handshake(VERIFY_TOKEN_A, '5555555555555');
    expect(unknownApp.status).toBe(404);
    expect((await unknownApp.json()).code).toBe('meta_app_not_found');
  });

  it('one signed POST with entries for both Pages opens a case on each Page’s channel; a retry adds nothing', async () => {
    const body = { object: 'page', entry: [messengerEntry(PAGE_A, '7000000000000001', 'Hola desde la página A'), messengerEntry(PAGE_B, '7000000000000002', 'Hello from the outlet')] };
    const res = await post(body);
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer).toMatchObject({ accepted: 2, duplicates: 0, skipped: [] });
    expect(answer.channels.map((c: { channelId: string }) => c.channelId).sort()).toEqual([pageA.id, pageB.id].sort());
    const cases = await Promise.all((answer.caseIds as string[]).map(getCase));
    const byChannel = Object.fromEntries(cases.map((c) => [c.channelId, c]));
    expect(byChannel[pageA.id].messages[0]).toMatchObject({ direction: 'in', text: 'Hola desde la página A' });
    expect(byChannel[pageA.id].threadId).toBe('7000000000000001');
    expect(byChannel[pageB.id].messages[0]).toMatchObject({ direction: 'in', text: 'Hello from the outlet' });

    // Meta redelivers the same bytes: every mid is already stored.
    const before = rowCount();
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(rowCount()).toBe(before);
  });

  it('a WhatsApp change goes to the channel of its phone_number_id; another number of the WABA is skipped', async () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: WABA_ID, changes: [whatsappChange(PHONE_NUMBER_ID, '16505551234', 'Does it come in red?'), whatsappChange(OTHER_PHONE_NUMBER_ID, '16505559999', 'Not for Parley')] }],
    };
    const res = await post(body);
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer).toMatchObject({ accepted: 1, skipped: [OTHER_PHONE_NUMBER_ID] });
    const theCase = await getCase(answer.caseIds[0]);
    expect(theCase).toMatchObject({ channelId: whatsapp.id, threadId: '16505551234', contactName: 'Sheena Nelson' });
    expect(theCase.messages.map((m: { text: string }) => m.text)).toEqual(['Does it come in red?']);
    expect(warnings.some((w) => w.includes(`skipped the webhook entry for ${OTHER_PHONE_NUMBER_ID}`))).toBe(true);
  });

  it('an entry for a Page no channel owns is skipped (and logged) while the others land', async () => {
    const body = { object: 'page', entry: [messengerEntry(UNKNOWN_PAGE, '7000000000000003', 'Wrong page'), messengerEntry(PAGE_B, '7000000000000004', 'Right page')] };
    const res = await post(body);
    expect(res.status).toBe(200);
    const answer = await res.json();
    expect(answer).toMatchObject({ accepted: 1, duplicates: 0, skipped: [UNKNOWN_PAGE], channels: [{ channelId: pageB.id, accepted: 1 }] });
    expect((await getCase(answer.caseIds[0])).channelId).toBe(pageB.id);
    expect(warnings.some((w) => w.includes(`Meta app ${APP_ID}: skipped the webhook entry for ${UNKNOWN_PAGE}`))).toBe(true);
  });

  it('a tampered body, another app’s secret or a missing signature is refused 401 and writes nothing', async () => {
    const body = { object: 'page', entry: [messengerEntry(PAGE_A, '7000000000000005', 'Original')] };
    const before = rowCount();
    // Signed, then altered in transit.
    const headers = signMetaBody(APP_SECRET, body);
    const tampered = await fetch(appUrl(), { method: 'POST', headers, body: metaJson(body).replace('Original', 'Altered!') });
    expect(tampered.status).toBe(401);
    expect((await tampered.json()).detail).toMatch(/signature mismatch/);
    // Signed with the other app's secret (an independent HMAC over the exact bytes).
    const bytes = metaJson(body);
    const wrongSecret = await fetch(appUrl(), {
      method: 'POST', body: bytes,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', OTHER_APP_SECRET).update(bytes).digest('hex')}` },
    });
    expect(wrongSecret.status).toBe(401);
    const unsigned = await fetch(appUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).detail).toMatch(/missing X-Hub-Signature-256/);
    expect(rowCount()).toBe(before);
  });

  it('the per-channel webhook URL keeps working beside the app URL, with the same de-duplication', async () => {
    const body = { object: 'page', entry: [messengerEntry(PAGE_B, '7000000000000006', 'Through the channel URL', 'm_shared_mid_1')] };
    const direct = await fetch(`${h.parley.url}/webhooks/${pageB.id}`, { method: 'POST', headers: signMetaBody(APP_SECRET, body), body: metaJson(body) });
    expect(direct.status).toBe(200);
    expect(await direct.json()).toMatchObject({ accepted: 1 });
    // The same event through the app URL (Meta switched URLs between retries): a duplicate.
    const viaApp = await post(body);
    expect(await viaApp.json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('a disabled channel’s entries are skipped, the app’s other channels still receive theirs', async () => {
    expect((await h.api(`/api/v1/channels/${pageA.id}/disable`, { method: 'POST' })).status).toBe(200);
    const before = rowCount();
    const body = { object: 'page', entry: [messengerEntry(PAGE_A, '7000000000000007', 'Page A is off'), messengerEntry(PAGE_B, '7000000000000008', 'Page B is on')] };
    const answer = await (await post(body)).json();
    expect(answer).toMatchObject({ accepted: 1, skipped: [PAGE_A], channels: [{ channelId: pageB.id }] });
    expect(rowCount()).toBeGreaterThan(before);
  });
});
