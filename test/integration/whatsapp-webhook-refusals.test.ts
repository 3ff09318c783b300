// WhatsApp Cloud API webhooks that must not get in, on a real Parley (Temporal dev server, SQLite
// file, HTTP) with a WhatsApp channel set up against the local Graph API stand-in: the
// hub.challenge handshake with a right and a wrong verify token; a tampered body, another app's
// secret, a missing or legacy-only signature are refused 401 and write no case, message, contact or
// inbound event (rows counted table by table), while the same bytes rightly signed do write; and a
// forged `read` status cannot move a sent message's status. Signatures are an independent HMAC
// (node:crypto), over the bytes as Meta sends them (channels.md §4, §8).
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const APP_SECRET = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const OTHER_SECRET = 'ffeeddccbbaa99887766554433221100';
const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const WA_TOKEN = 'EAAJB-system-user-refusals-0001';
const VERIFY_TOKEN = 'wa-refusals-verify-token';

/** Meta's bytes: JSON with non-ASCII as \uXXXX and "/" as "\/"; only these bytes verify. */
const metaBytes = (body: object) =>
  JSON.stringify(body).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/');
const hubSignature = (secret: string, bytes: string) => `sha256=${createHmac('sha256', secret).update(bytes, 'utf8').digest('hex')}`;

describe('WhatsApp webhooks that are not Meta’s are refused and write nothing', () => {
  let h: Harness;
  let graph: MetaGraphApi;
  let channelId: string;
  let n = 0;

  beforeAll(async () => {
    graph = await startMetaGraphApi({ tokens: [WA_TOKEN], whatsappPhoneNumbers: [PHONE_NUMBER_ID] });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    const created = await h.api('/api/v1/channels', {
      method: 'POST',
      json: { type: 'whatsapp', name: 'Acme WhatsApp', config: { phoneNumberId: PHONE_NUMBER_ID, businessAccountId: WABA_ID, accessToken: WA_TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, graphApiBaseUrl: graph.url } },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    channelId = (await created.json()).id;
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await graph?.close();
  });

  const webhookUrl = () => `${h.parley.url}/webhooks/${channelId}`;
  const send = (bytes: string, headers: Record<string, string>) => fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: bytes });
  const post = (body: object, secret = APP_SECRET) => {
    const bytes = metaBytes(body);
    return send(bytes, { 'x-hub-signature-256': hubSignature(secret, bytes) });
  };
  /** A `messages` change as the Cloud API sends it (channels.md §8c). */
  const change = (value: object) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: WABA_ID, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID }, ...value } }] }],
  });
  const textFrom = (waId: string, name: string, text: string) => change({
    contacts: [{ profile: { name }, wa_id: waId }],
    messages: [{ from: waId, id: `wamid.HBgLMzQ2MDAxMTEyMjIVAgASGBQz${++n}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
  });
  const rows = () => h.parley.db.$client.prepare(`select
      (select count(*) from cases) cases, (select count(*) from messages) messages, (select count(*) from contacts) contacts,
      (select count(*) from contact_identities) identities, (select count(*) from inbound_events) inboundEvents`).get() as Record<string, number>;

  it('answers hub.challenge with the channel’s verify token and refuses a wrong one', async () => {
    const handshake = (token: string) => fetch(`${webhookUrl()}?${new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' })}`);
    const ok = await handshake(VERIFY_TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await handshake('not-the-verify-token');
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
  });

  it('tampered, wrong secret, unsigned or SHA-1-only: 401 and no rows; the same bytes rightly signed open a case', async () => {
    const body = textFrom('34600999888', 'Íñigo Ruiz', 'Quiero anular mi pedido');
    const bytes = metaBytes(body);
    const before = rows();

    const tampered = await send(bytes.replace('anular', 'ampliar'), { 'x-hub-signature-256': hubSignature(APP_SECRET, bytes) });
    expect(tampered.status).toBe(401);
    expect((await tampered.json()).detail).toMatch(/^Webhook refused: signature mismatch/);
    const wrongSecret = await post(body, OTHER_SECRET);
    expect(wrongSecret.status).toBe(401);
    expect((await wrongSecret.json()).detail).toMatch(/^Webhook refused: signature mismatch/);
    const unsigned = await send(bytes, {});
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).detail).toBe('Webhook refused: missing X-Hub-Signature-256 header');
    const sha1Only = await send(bytes, { 'x-hub-signature': `sha1=${createHmac('sha1', APP_SECRET).update(bytes).digest('hex')}` });
    expect(sha1Only.status).toBe(401);
    expect((await sha1Only.json()).detail).toMatch(/only the legacy SHA-1 X-Hub-Signature was sent/);
    const malformed = await send(bytes, { 'x-hub-signature-256': 'sha256=not-hex' });
    expect(malformed.status).toBe(401);
    expect(rows()).toEqual(before);

    // The counts would have seen a write: the genuine request adds the case, message, contact.
    const genuine = await post(body);
    expect(genuine.status).toBe(200);
    const { caseIds: [caseId] } = await genuine.json();
    expect(rows()).toMatchObject({ cases: before.cases + 1, messages: before.messages + 1, contacts: before.contacts + 1, identities: before.identities + 1 });
    const theCase = await (await h.api(`/api/v1/cases/${caseId}`)).json();
    expect(theCase.messages.map((m: { text: string }) => m.text)).toEqual(['Quiero anular mi pedido']);
  });

  it('a forged read status cannot change a sent message; Meta’s own status does', async () => {
    const { caseIds: [caseId] } = await (await post(textFrom('34600777111', 'Marta', 'Hola'))).json();
    const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'Hola Marta, ¿en qué te ayudo?' } });
    expect(res.status).toBe(202);
    const { id: messageId } = await res.json();
    const messageOf = async () => (await (await h.api(`/api/v1/cases/${caseId}`)).json()).messages.find((m: { id: string }) => m.id === messageId);
    const sent = await eventually(async () => {
      const m = await messageOf();
      return m?.deliveryStatus === 'sent' ? m : null;
    });
    const status = change({ statuses: [{ id: sent.providerMessageId, status: 'read', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: '34600777111' }] });
    const before = rows();
    const forged = await post(status, OTHER_SECRET);
    expect(forged.status).toBe(401);
    expect(rows()).toEqual(before);
    expect((await messageOf()).deliveryStatus).toBe('sent');
    expect((await post(status)).status).toBe(200);
    expect((await messageOf()).deliveryStatus).toBe('read');
  });
});
