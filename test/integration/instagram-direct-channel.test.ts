// Instagram Direct end to end on a real Parley (Temporal dev server, SQLite file, HTTP) against the
// local stand-in of Meta's Graph API (test/fakes/meta-graph-api.ts): set-up against the Instagram
// account, the hub.challenge handshake, webhooks in Meta's Instagram wire format (`object:
// "instagram"`, channels.md §7c) signed with an independent HMAC (node:crypto here, not Parley's code)
// → a case in the inbox → an agent reply with quick replies in the Instagram Send API's exact shape
// (`POST /{ig-id}/messages`, no messaging_type) → the customer's `read` (messaging_seen) → the
// message's status, the quick-reply tap recorded as the answer; refusals that write nothing; a 429
// with Retry-After retried after that wait; a permanent 400 shown on the message.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMetaGraphApi, type GraphAnswer, type MetaGraphApi } from '../fakes/meta-graph-api';
import { metaJson } from '../fakes/sign-meta';
import { createChannel } from '../support/channel-fixtures';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const APP_SECRET = '5f4e3d2c1b0a99887766554433221100';
const OTHER_SECRET = '00112233445566778899aabbccddeeff';
const IG_ID = '17841405822304914';
const IG_TOKEN = 'IGAAT-acme-instagram-user-token-01';
const IGSID = '1357924680135792';
const VERIFY_TOKEN = 'acme-instagram-verify-01';

/**
 * X-Hub-Signature-256 over Meta's bytes, which `metaJson` writes: JSON with non-ASCII as \uXXXX and
 * "/" as "\/" (channels.md §4 — Meta signs the escaped serialisation, so only the raw bytes verify).
 */
const hubSignature = (secret: string, bytes: string) => `sha256=${createHmac('sha256', secret).update(bytes, 'utf8').digest('hex')}`;

describe('Instagram Direct through the case workflow', () => {
  let h: Harness;
  let graph: MetaGraphApi;
  let channel: { id: string; webhookUrl: string; config: Record<string, unknown>; nextSteps: { text: string; value?: string }[] };
  let n = 0;

  beforeAll(async () => {
    graph = await startMetaGraphApi({
      tokens: [IG_TOKEN],
      instagramAccounts: { [IG_ID]: { username: 'acme.shoes' } },
      userProfiles: { [IGSID]: { token: IG_TOKEN, profile: { name: 'Lucía Gómez', username: 'lucia.gomez' } } },
    });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
    channel = await createChannel(h, { type: 'instagram-direct', name: 'Acme on Instagram', config: { instagramAccountId: IG_ID, accessToken: IG_TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, graphApiBaseUrl: graph.url } });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await graph?.close();
  });

  const webhookUrl = () => `${h.parley.url}/webhooks/${channel.id}`;
  const post = (body: object, secret = APP_SECRET) => {
    const bytes = metaJson(body);
    return fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(secret, bytes) }, body: bytes });
  };
  /** One `entry` with one `messaging` event from the customer to the account, as Meta sends it. */
  const instagramEvent = (igsid: string, event: object) => {
    const timestamp = Date.now();
    return { object: 'instagram', entry: [{ id: IG_ID, time: timestamp, messaging: [{ sender: { id: igsid }, recipient: { id: IG_ID }, timestamp, ...event }] }] };
  };
  const instagramText = (igsid: string, text: string, mid = `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlE${++n}`) => instagramEvent(igsid, { message: { mid, text } });
  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
  const messageOf = async (caseId: string, messageId: string) => (await getCase(caseId)).messages.find((m: { id: string }) => m.id === messageId);
  const reply = async (caseId: string, json: object) => {
    const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json });
    expect(res.status).toBe(202);
    return (await res.json()).id as string;
  };
  const sendAttempts = (from: number) => graph.received.slice(from).filter((r) => r.method === 'POST' && r.path === `/v25.0/${IG_ID}/messages`);
  // What a webhook would write, table by table (the dispatch queue is left out: it drains in the background).
  const rows = () => h.parley.db.$client.prepare(`select
      (select count(*) from cases) cases, (select count(*) from messages) messages, (select count(*) from contacts) contacts,
      (select count(*) from contact_identities) identities, (select count(*) from inbound_events) inboundEvents`).get() as Record<string, number>;

  it('creating the channel checks the token against the Instagram account and says what to set in Meta’s dashboard', async () => {
    expect(graph.received.some((r) => r.method === 'GET' && r.path === `/v25.0/${IG_ID}` && r.token === IG_TOKEN)).toBe(true);
    expect(channel.config).toMatchObject({ instagramAccountId: IG_ID, instagramUsername: 'acme.shoes', accessToken: '••••••••', appSecret: '••••••••', verifyToken: VERIFY_TOKEN });
    expect(channel.nextSteps.map((s) => s.value)).toEqual(expect.arrayContaining([channel.webhookUrl, VERIFY_TOKEN, 'messages,messaging_postbacks,messaging_seen']));

    const refused = await h.api('/api/v1/channels', {
      method: 'POST', json: { type: 'instagram-direct', name: 'Bad token', config: { instagramAccountId: IG_ID, accessToken: 'IGAAT-not-a-valid-token-0000', appSecret: APP_SECRET, graphApiBaseUrl: graph.url } },
    });
    expect(refused.status).toBe(422);
    expect((await refused.json()).detail).toMatch(/the accessToken was not accepted for this Instagram account: .*Invalid OAuth access token/);
  });

  it('answers Meta’s hub.challenge with the right verify token and refuses a wrong one', async () => {
    const handshake = (token: string) => fetch(`${webhookUrl()}?${new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' })}`);
    const ok = await handshake(VERIFY_TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await handshake('not-the-verify-token');
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
  });

  it('a signed DM → case in the inbox → quick replies at the Send API → the customer’s read → the tap recorded as the answer', async () => {
    const first = instagramText(IGSID, '¿Tenéis estas zapatillas en 38?');
    // The bytes carry escaped unicode, as Meta sends them: only those bytes verify.
    expect(metaJson(first)).toContain('\\u00bf');
    const res = await post(first);
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();
    const inbox = await (await h.api('/api/v1/cases')).json();
    expect(inbox.items.map((c: { id: string }) => c.id)).toContain(caseId);
    const opened = await getCase(caseId);
    expect(opened).toMatchObject({ channelId: channel.id, threadId: IGSID });
    expect(opened.messages[0]).toMatchObject({ direction: 'in', text: '¿Tenéis estas zapatillas en 38?' });
    // The customer's name comes from Instagram's profile (GET /{IGSID} with the account's token).
    const contact = await eventually(async () => {
      const c = await (await h.api(`/api/v1/contacts/${opened.contactId}`)).json();
      return c.name ? c : null;
    });
    expect(contact.name).toBe('Lucía Gómez');

    // Meta redelivers the same event: stored once.
    const again = await post(first);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });

    const sendsBefore = graph.sends().length;
    const messageId = await reply(caseId, {
      content: { type: 'quickReplies', text: 'Sí, en 38. ¿Qué color?', replies: [{ id: 'negro', title: 'Negro', payload: 'black' }, { id: 'blanco', title: 'Blanco', payload: 'white' }] },
    });
    const [sent] = (await graph.waitForSends(sendsBefore + 1, 20_000)).slice(sendsBefore);
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe(`/v25.0/${IG_ID}/messages`);
    expect(sent.headers.authorization).toBe(`Bearer ${IG_TOKEN}`);
    // Instagram's Send API shape: the IGSID as recipient, native text quick replies, no messaging_type.
    expect(sent.body).toEqual({
      recipient: { id: IGSID },
      message: { text: 'Sí, en 38. ¿Qué color?', quick_replies: [{ content_type: 'text', title: 'Negro', payload: 'negro' }, { content_type: 'text', title: 'Blanco', payload: 'blanco' }] },
    });
    const out = await eventually(async () => {
      const m = await messageOf(caseId, messageId);
      return m?.deliveryStatus === 'sent' ? m : null;
    });
    expect(out.providerMessageId).toMatch(/^m_/);

    // Instagram reports reads (messaging_seen) naming the message; it sends no delivery receipts.
    const read = instagramEvent(IGSID, { read: { mid: out.providerMessageId } });
    const forgedRead = await post(read, OTHER_SECRET);
    expect(forgedRead.status).toBe(401);
    expect((await messageOf(caseId, messageId)).deliveryStatus).toBe('sent');
    expect((await post(read)).status).toBe(200);
    expect((await messageOf(caseId, messageId)).deliveryStatus).toBe('read');

    // The customer taps "Blanco": Instagram sends the text shown and the payload Parley rendered.
    const tap = instagramEvent(IGSID, { message: { mid: `aWdfZAG1faXRlbTap${++n}`, text: 'Blanco', quick_reply: { payload: 'blanco' } } });
    expect((await post(tap)).status).toBe(200);
    const answered = (await getCase(caseId)).messages.at(-1);
    expect(answered).toMatchObject({ direction: 'in', text: 'Blanco', content: { postback: { payload: 'blanco' }, answer: { messageId, optionId: 'blanco', payload: 'white' } } });
  });

  it('a tampered body, another app’s secret or a missing signature is refused 401 and writes no case, message or contact', async () => {
    const body = instagramText('2468013579246801', 'Quiero un reembolso');
    const bytes = metaJson(body);
    const before = rows();

    // Signed, then altered in transit.
    const tampered = await fetch(webhookUrl(), {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(APP_SECRET, bytes) }, body: bytes.replace('reembolso', 'descuento'),
    });
    expect(tampered.status).toBe(401);
    expect((await tampered.json()).detail).toMatch(/^Webhook refused: signature mismatch/);
    const wrongSecret = await post(body, OTHER_SECRET);
    expect(wrongSecret.status).toBe(401);
    expect((await wrongSecret.json()).detail).toMatch(/^Webhook refused: signature mismatch/);
    const unsigned = await fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).detail).toBe('Webhook refused: missing X-Hub-Signature-256 header');
    // Only the legacy SHA-1 header: not enough.
    const sha1Only = await fetch(webhookUrl(), {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature': `sha1=${createHmac('sha1', APP_SECRET).update(bytes).digest('hex')}` }, body: bytes,
    });
    expect(sha1Only.status).toBe(401);
    expect(rows()).toEqual(before);

    // The same bytes, rightly signed, do write: the counts above would have seen it.
    const genuine = await post(body);
    expect(genuine.status).toBe(200);
    const after = rows();
    expect(after).toMatchObject({ cases: before.cases + 1, messages: before.messages + 1, contacts: before.contacts + 1, identities: before.identities + 1 });
  });

  it('a 429 with Retry-After: the message says Parley retries as Meta asked, and it is sent after that wait', async () => {
    const { caseIds: [caseId] } = await (await post(instagramText('3692581470369258', 'Hola'))).json();
    const from = graph.received.length;
    const rateLimited: GraphAnswer = {
      status: 429, headers: { 'retry-after': '2' },
      json: { error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613, fbtrace_id: 'AbCdEfGhIjK' } },
    };
    graph.failNextSends(rateLimited);
    const messageId = await reply(caseId, { text: 'Hola, ¿en qué te ayudo?' });
    const waiting = await eventually(async () => {
      const m = await messageOf(caseId, messageId);
      return m?.deliveryError ? m : null;
    });
    expect(waiting.deliveryStatus).toBe('queued');
    expect(waiting.deliveryError).toBe('Temporary failure (retrying in 2 s as the provider asked): Meta Graph API answered 429 (code 613): (#613) Calls to this api have exceeded the rate limit. (send the Instagram message) (Retry-After: 2 s)');
    const sent = await eventually(async () => {
      const m = await messageOf(caseId, messageId);
      return m?.deliveryStatus === 'sent' ? m : null;
    });
    expect(sent.deliveryError).toBeNull();
    expect(sent.providerMessageId).toMatch(/^m_/);
    const attempts = sendAttempts(from);
    expect(attempts).toHaveLength(2);
    expect(attempts[1].body).toEqual(attempts[0].body);
    expect(attempts[1].body).toEqual({ recipient: { id: '3692581470369258' }, message: { text: 'Hola, ¿en qué te ayudo?' } });
    expect(attempts[1].receivedAt - attempts[0].receivedAt).toBeGreaterThanOrEqual(1_900);
  });

  it('a permanent 400 fails the message at once, with Meta’s reason on its delivery status', async () => {
    const { caseIds: [caseId] } = await (await post(instagramText('4815162342481516', 'Hola'))).json();
    const from = graph.received.length;
    graph.failNextSends({
      status: 400,
      json: { error: { message: '(#100) No matching user found', type: 'OAuthException', code: 100, error_subcode: 2018001, fbtrace_id: 'AbCdEfGhIjK' } },
    });
    const messageId = await reply(caseId, { text: '¿Sigues ahí?' });
    const failed = await eventually(async () => {
      const m = await messageOf(caseId, messageId);
      return m?.deliveryStatus === 'failed' ? m : null;
    });
    expect(failed.deliveryError).toBe('Meta Graph API answered 400 (code 100, subcode 2018001): (#100) No matching user found (send the Instagram message)');
    expect(sendAttempts(from)).toHaveLength(1);
  });
});
