// SMS through Twilio end to end on a real Temporal dev server, SQLite file and HTTP, against a local
// stand-in of Twilio's REST API: connecting checks the credentials and points the number's webhook at
// Parley; a signed incoming SMS becomes a case (a forged one is refused, a retried one stored once);
// the agent's reply leaves from the number with a status callback; delivery receipts and Twilio's
// errors show on the message; a 429 waits as long as Twilio asked.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signedTwilioPost, startTwilioApi, twilioError, type TwilioApi } from '../fakes/twilio-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SID = `AC${'a1'.repeat(16)}`;
const TOKEN = 'twilio-auth-token-0123456789';
const NUMBER = '+14155550100';
const PUBLIC_URL = 'https://parley.acme.test';

describe('SMS (Twilio) channel through the case workflow', () => {
  let h: Harness;
  let twilio: TwilioApi;
  let channel: { id: string; webhookUrl: string; nextSteps: { text: string }[] };
  let seq = 0;

  beforeAll(async () => {
    twilio = await startTwilioApi({ accountSid: SID, authToken: TOKEN, numbers: [NUMBER] });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: PUBLIC_URL } });
  });
  afterAll(async () => {
    await h?.stop();
    await twilio?.close();
  });

  const config = (extra: Record<string, unknown> = {}) => ({ accountSid: SID, authToken: TOKEN, from: NUMBER, apiBaseUrl: twilio.url, ...extra });
  // Twilio signs the URL it calls (the public one); Parley is reached here directly, as behind a proxy.
  const post = (params: Record<string, string>, token = TOKEN) => {
    const { headers, body } = signedTwilioPost(channel.webhookUrl, token, params);
    return fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers, body });
  };
  const sms = (from: string, body: string, extra: Record<string, string> = {}) => ({
    MessageSid: `SM${String(++seq).padStart(32, '0')}`, AccountSid: SID, From: from, To: NUMBER, Body: body, NumMedia: '0', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01', ...extra,
  });
  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
  const reply = async (caseId: string, text: string | { content: unknown }) => {
    const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json: typeof text === 'string' ? { text } : text, key: h.agentKey });
    expect(res.status).toBe(202);
    return (await res.json()).id as string;
  };
  const messageOf = async (caseId: string, id: string) => (await getCase(caseId)).messages.find((m: { id: string }) => m.id === id);

  it('refuses credentials Twilio rejects and a number the account does not own, creating nothing', async () => {
    const wrong = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'sms', name: 'Support SMS', config: config({ authToken: 'not-the-right-token-000' }) } });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).detail).toMatch(/Account SID and Auth Token were not accepted: Twilio answered 401 \(error 20003\)/);
    const foreign = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'sms', name: 'Support SMS', config: config({ from: '+14155550199' }) } });
    expect(foreign.status).toBe(422);
    expect((await foreign.json()).detail).toMatch(/\+14155550199 is not a number of Twilio account/);
    expect((await (await h.api('/api/v1/channels')).json()).items).toHaveLength(0);
  });

  it('connecting points the number\'s webhook at the channel', async () => {
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'sms', name: 'Support SMS', config: config() } });
    expect(res.status).toBe(201);
    channel = await res.json();
    expect(channel.webhookUrl).toBe(`${PUBLIC_URL}/webhooks/${channel.id}`);
    expect(twilio.smsUrls.get(NUMBER)).toBe(channel.webhookUrl);
    expect(channel.nextSteps[0].text).toMatch(/Nothing to paste/);
  });

  it('a signed SMS opens a case; a forged one is refused; Twilio\'s retry is stored once; MMS media come along', async () => {
    const first = sms('+34600111222', 'Hola, ¿tenéis el molinillo en negro?');
    const res = await post(first);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/xml/);
    expect(await res.text()).toContain('<Response/>');
    const retry = await post(first);
    expect(retry.status).toBe(200);

    const rows = () => (h.parley.db.$client.prepare('select (select count(*) from messages) + (select count(*) from inbound_events) + (select count(*) from cases) n').get() as { n: number }).n;
    const before = rows();
    const forged = await post(sms('+34600111222', 'forged'), 'someone-elses-token-0000');
    expect(forged.status).toBe(401);
    expect((await forged.json()).detail).toMatch(/X-Twilio-Signature does not match/);
    // Signed by Twilio, then changed on the way: the signature covers the parameters.
    const { headers, body: signedBody } = signedTwilioPost(channel.webhookUrl, TOKEN, sms('+34600999000', 'original'));
    const tampered = await fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers, body: signedBody.replace('original', 'changed') });
    expect(tampered.status).toBe(401);
    expect((await tampered.json()).detail).toMatch(/X-Twilio-Signature does not match/);
    const unsigned = await fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Body=x' });
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).detail).toMatch(/Missing X-Twilio-Signature/);
    expect(rows()).toBe(before);

    await post(sms('+34600111222', 'Así:', { NumMedia: '1', MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM1/Media/ME1', MediaContentType0: 'image/jpeg' }));
    const items = (await (await h.api(`/api/v1/cases?channelId=${channel.id}`)).json()).items;
    expect(items).toHaveLength(1);
    const thread = await getCase(items[0].id);
    expect(thread.messages.map((m: { text: string }) => m.text)).toEqual(['Hola, ¿tenéis el molinillo en negro?', 'Así:']);
    expect(thread.messages[1].attachments).toEqual([expect.objectContaining({ mime: 'image/jpeg', url: expect.stringContaining('/Media/ME1') })]);
  });

  it('a reply with quick replies leaves from the number as numbered text with a status callback; receipts and Twilio errors show on the message', async () => {
    const caseId = (await (await h.api(`/api/v1/cases?channelId=${channel.id}`)).json()).items[0].id;
    const id = await reply(caseId, { content: { type: 'quickReplies', text: 'Sí, en negro y en blanco. ¿Cuál prefieres?', replies: [
      { id: 'negro', title: 'Negro', payload: 'BLACK' }, { id: 'blanco', title: 'Blanco', payload: 'WHITE' },
    ] } });
    const [send] = await twilio.waitForSends(1, 20_000);
    // SMS has no buttons: the fallback the manifest promises, with the hint (no language known here: English).
    expect(Object.fromEntries(send.form)).toEqual({
      To: '+34600111222', From: NUMBER, Body: 'Sí, en negro y en blanco. ¿Cuál prefieres?\n\n1. Negro\n2. Blanco\n\nReply with the number or the option.', StatusCallback: channel.webhookUrl,
    });
    const sent = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'sent' ? m : null; });
    expect(sent.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    await post({ MessageSid: sent.providerMessageId, MessageStatus: 'delivered', AccountSid: SID, To: '+34600111222', From: NUMBER, ApiVersion: '2010-04-01' });
    expect((await messageOf(caseId, id)).deliveryStatus).toBe('delivered');

    // Twilio refuses a recipient who replied STOP: permanent, the reason on the message.
    twilio.answerNextSends(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
    const refused = await reply(caseId, '¿Algo más?');
    const failed = await eventually(async () => { const m = await messageOf(caseId, refused); return m.deliveryStatus === 'failed' ? m : null; }, 20_000);
    expect(failed.deliveryError).toMatch(/Twilio answered 400 \(error 21610\): Attempt to send to unsubscribed recipient/);

    // A carrier could not deliver: the status callback says so, with Twilio's error code.
    const later = await reply(caseId, 'Te lo enviamos mañana.');
    const laterSent = await eventually(async () => { const m = await messageOf(caseId, later); return m.deliveryStatus === 'sent' ? m : null; }, 20_000);
    await post({ MessageSid: laterSent.providerMessageId, MessageStatus: 'undelivered', ErrorCode: '30003', AccountSid: SID, ApiVersion: '2010-04-01' });
    expect((await messageOf(caseId, later)).deliveryError).toMatch(/undelivered \(error 30003/);
  });

  it('waits as long as Twilio asks after a 429, then sends once', async () => {
    const caseId = (await (await h.api(`/api/v1/cases?channelId=${channel.id}`)).json()).items[0].id;
    const before = twilio.sends().length;
    twilio.answerNextSends(twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '3' }));
    const id = await reply(caseId, 'Gracias por tu paciencia.');
    const sends = await twilio.waitForSends(before + 2, 30_000);
    const [refused, accepted] = sends.slice(before);
    expect(accepted.at - refused.at).toBeGreaterThanOrEqual(2_900);
    await eventually(async () => (await messageOf(caseId, id)).deliveryStatus === 'sent', 20_000);
  });
});
