// X direct messages end to end on a real Temporal dev server, SQLite file and HTTP, against a local
// stand-in of X's API v2: connecting checks the keys (and learns the account's id); X's CRC is
// answered; a signed dm.received (X Activity API) opens a case and the same DM in the Account
// Activity format adds nothing; the business account's own DMs are skipped; a forged post is refused;
// the agent's reply (quick replies → numbered text) goes out OAuth 1.0a-signed and X's read receipt
// (Account Activity) marks it read; X's refusals and rate limits show on the message; a dm.read from the X
// Activity API (the only read receipts after 2027-01-01) marks the agent's message read, once.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startXApi, type XApi } from '../fakes/x-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const CREDS = { consumerKey: 'xvz1evFS4wEEPTGEFPHBog', consumerSecret: 'consumer-secret-for-the-x-app-0123456789', accessToken: '1111111111111111111-AbCdEfGhIjKlMnOp', accessTokenSecret: 'access-token-secret-0123456789abcdef' };
const ME = { id: '1111111111111111111', username: 'cafearoma' };
const CUSTOMER = '2222222222222222222';

const sign = (body: string, secret = CREDS.consumerSecret) => `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`;
const dmEvent = (id: string, sender: string, text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message_create', id, created_timestamp: String(Date.now()),
  message_create: { target: { recipient_id: sender === ME.id ? CUSTOMER : ME.id }, sender_id: sender, message_data: { text, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] }, ...extra } },
});
const xaa = (event: object) => ({ data: { event_uuid: `-${Date.now()}`, filter: { user_id: ME.id }, event_type: 'dm.received', tag: 'dm-inbound', payload: { direct_message_events: [event], users: { [CUSTOMER]: { data: { id: CUSTOMER, name: 'Lucía Pérez', username: 'luciap' } } } } } });
const aaa = (event: object) => ({ for_user_id: ME.id, direct_message_events: [event], users: { [CUSTOMER]: { id: CUSTOMER, name: 'Lucía Pérez', screen_name: 'luciap' } } });

describe('X direct messages through the case workflow', () => {
  let h: Harness;
  let x: XApi;
  let channel: { id: string; config: Record<string, unknown>; nextSteps: { text: string; value?: string }[] };

  beforeAll(async () => {
    x = await startXApi({ creds: CREDS, me: ME });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: 'https://parley.acme.test' } });
  });
  afterAll(async () => {
    await h?.stop();
    await x?.close();
  });

  const post = (body: unknown, signature?: string) => {
    const raw = JSON.stringify(body);
    return fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': signature ?? sign(raw) }, body: raw });
  };
  const cases = async () => (await (await h.api(`/api/v1/cases?channelId=${channel.id}`)).json()).items as { id: string }[];
  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();

  it('connecting checks the keys with X and learns the account; wrong keys create nothing', async () => {
    const wrong = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'x-dm', name: 'X', config: { ...CREDS, accessTokenSecret: 'not-the-right-secret-000000', apiBaseUrl: x.url } } });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).detail).toMatch(/keys and access token were not accepted: X answered 401/);
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'x-dm', name: 'Café Aroma on X', config: { ...CREDS, apiBaseUrl: x.url } } });
    expect(res.status).toBe(201);
    channel = await res.json();
    expect(channel.config).toMatchObject({ userId: ME.id, username: 'cafearoma', consumerSecret: '••••••••', accessTokenSecret: '••••••••' });
    expect(channel.nextSteps[0].value).toBe(`https://parley.acme.test/webhooks/${channel.id}`);
  });

  it('answers X\'s CRC with the HMAC of the token', async () => {
    const res = await fetch(`${h.parley.url}/webhooks/${channel.id}?crc_token=challenge_string`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ response_token: `sha256=${createHmac('sha256', CREDS.consumerSecret).update('challenge_string').digest('base64')}` });
  });

  it('a signed dm.received opens a case; the same DM in the AAA format and the account\'s own DMs add nothing; forgeries are refused', async () => {
    const first = dmEvent('1800000000000000001', CUSTOMER, 'Hola, ¿hacéis envíos a Canarias?');
    expect((await post(xaa(first))).status).toBe(200);
    expect((await post(aaa(first))).status).toBe(200);
    expect((await post({ ...xaa(dmEvent('1800000000000000002', ME.id, 'echo of our reply')), data: { ...xaa(dmEvent('1800000000000000002', ME.id, 'x')).data, event_type: 'dm.sent' } })).status).toBe(200);
    expect((await post(aaa(dmEvent('1800000000000000003', ME.id, 'our own DM')))).status).toBe(200);
    const rows = () => (h.parley.db.$client.prepare('select (select count(*) from messages) + (select count(*) from inbound_events) + (select count(*) from cases) n').get() as { n: number }).n;
    const before = rows();
    const forged = await post(xaa(dmEvent('1800000000000000004', CUSTOMER, 'forged')), sign('{}'));
    expect(forged.status).toBe(401);
    expect((await forged.json()).detail).toMatch(/does not match the body/);
    const wrongSecret = xaa(dmEvent('1800000000000000005', CUSTOMER, 'signed with another App\'s secret'));
    const otherApp = await post(wrongSecret, sign(JSON.stringify(wrongSecret), 'another-apps-consumer-secret-000'));
    expect(otherApp.status).toBe(401);
    expect((await otherApp.json()).detail).toMatch(/wrong consumer secret, or the body was changed/);
    expect(rows()).toBe(before);

    const [only] = await cases();
    const thread = await getCase(only.id);
    expect(thread.messages.map((m: { text: string }) => m.text)).toEqual(['Hola, ¿hacéis envíos a Canarias?']);
    const contact = await (await h.api(`/api/v1/contacts/${thread.contactId}`)).json();
    expect(contact.name).toBe('Lucía Pérez');
    expect(await cases()).toHaveLength(1);
  });

  it('the reply with quick replies goes out signed as numbered text; a read receipt marks it read; refusals and rate limits show on the message', async () => {
    const [c] = await cases();
    const reply = async (text: string | { content: unknown }) => (await (await h.api(`/api/v1/cases/${c.id}/messages`, { method: 'POST', json: typeof text === 'string' ? { text } : text })).json()).id as string;
    const message = async (id: string) => (await getCase(c.id)).messages.find((m: { id: string }) => m.id === id);
    const refusedSignatures = x.badSignatures; // the wrong keys tried when connecting
    const id = await reply({ content: { type: 'quickReplies', text: '¡Sí! Envío gratis desde 30 €. ¿A qué isla?', replies: [
      { id: 'tf', title: 'Tenerife', payload: 'TF' }, { id: 'gc', title: 'Gran Canaria', payload: 'GC' },
    ] } });
    const [dm] = await x.waitForDms(1, 20_000);
    // v2 DMs have no quick replies: numbered text, with the hint (no language known here: English).
    expect(dm).toEqual(expect.objectContaining({ to: CUSTOMER, body: { text: '¡Sí! Envío gratis desde 30 €. ¿A qué isla?\n\n1. Tenerife\n2. Gran Canaria\n\nReply with the number or the option.' } }));
    expect(x.badSignatures).toBe(refusedSignatures);
    const sent = await eventually(async () => { const m = await message(id); return m.deliveryStatus === 'sent' ? m : null; }, 20_000);
    // The customer reads it: X's read receipt (Account Activity API) names the DM → read.
    const read = { created_timestamp: String(Date.now()), sender_id: CUSTOMER, last_read_event_id: sent.providerMessageId, target: { recipient_id: ME.id } };
    expect((await post({ for_user_id: ME.id, direct_message_mark_read_events: [read], users: {} })).status).toBe(200);
    expect((await message(id)).deliveryStatus).toBe('read');

    x.answerNextDms({ status: 403, json: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'You cannot send messages to this user.' } });
    const refused = await reply('¿Algo más?');
    const failed = await eventually(async () => { const m = await message(refused); return m.deliveryStatus === 'failed' ? m : null; }, 20_000);
    expect(failed.deliveryError).toBe('X answered 403: You cannot send messages to this user.');

    const before = x.dms.length;
    x.answerNextDms({ status: 429, json: { title: 'Too Many Requests', status: 429, detail: 'Too Many Requests' }, headers: { 'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 3) } });
    const later = await reply('Gracias.');
    const [limited, accepted] = (await x.waitForDms(before + 2, 30_000)).slice(before);
    expect(accepted.at - limited.at).toBeGreaterThanOrEqual(1_900);
    await eventually(async () => (await message(later)).deliveryStatus === 'sent', 20_000);
  });

  it('a dm.read from the X Activity API marks the agent\'s message read in the inbox; the same read via AAA adds nothing', async () => {
    const [c] = await cases();
    const thread = async () => (await getCase(c.id)).messages as { id: string; text: string; deliveryStatus: string; providerMessageId: string }[];
    const res = await h.api(`/api/v1/cases/${c.id}/messages`, { method: 'POST', json: { text: 'Te llega el martes.' } });
    const { id } = await res.json();
    const sent = await eventually(async () => (await thread()).find((m) => m.id === id && m.deliveryStatus === 'sent') ?? null, 20_000);
    // The XAA envelope (event_type dm.read, filter = the business account) around X's mark-read entry.
    const read = { created_timestamp: String(Date.now()), sender_id: CUSTOMER, target: { recipient_id: ME.id }, last_read_event_id: sent.providerMessageId };
    const dmRead = { data: { event_uuid: `-${Date.now()}`, filter: { user_id: ME.id }, event_type: 'dm.read', tag: 'parley-dm-read', payload: { direct_message_mark_read_events: [read], users: { [CUSTOMER]: { data: { id: CUSTOMER, name: 'Lucía Pérez', username: 'luciap' } } } } } };
    const hook = await post(dmRead);
    expect(hook.status).toBe(200);
    expect(await hook.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await thread()).find((m) => m.id === id)!.deliveryStatus).toBe('read');
    // During the migration X delivers the same read by both APIs: the AAA copy is a duplicate.
    const aaaCopy = await post({ for_user_id: ME.id, direct_message_mark_read_events: [read], users: {} });
    expect(await aaaCopy.json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });
});
