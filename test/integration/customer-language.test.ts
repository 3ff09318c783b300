// The words Parley adds to what a customer reads follow the customer's language, end to end on a
// real Temporal dev server, SQLite file and HTTP against local stand-ins of Twilio and Telegram:
// the issue's complaint — a Spanish conversation on SMS ending with the English "Reply with the
// number or the option." — now ends in Spanish; a Telegram profile's language_code is kept on the contact.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signedTwilioPost, startTwilioApi, type TwilioApi } from '../fakes/twilio-api';
import { startTelegramApi, type TelegramApi } from '../fakes/telegram-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const SID = `AC${'b2'.repeat(16)}`;
const TOKEN = 'twilio-auth-token-language-01';
const NUMBER = '+14155550123';
const BOT_TOKEN = '555000222:AAlanguage-test';
const PUBLIC_URL = 'https://parley.acme.test';

describe('the customer\'s language in what Parley adds', () => {
  let h: Harness;
  let twilio: TwilioApi;
  let tg: TelegramApi;
  let seq = 0;

  beforeAll(async () => {
    twilio = await startTwilioApi({ accountSid: SID, authToken: TOKEN, numbers: [NUMBER] });
    tg = await startTelegramApi({ token: BOT_TOKEN, bot: { id: 555000222, username: 'tienda_bot' } });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: PUBLIC_URL } });
  });
  afterAll(async () => {
    await h?.stop();
    await twilio?.close();
    await tg?.close();
  });

  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
  const reply = async (caseId: string, json: unknown) => {
    const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json, key: h.agentKey });
    expect(res.status).toBe(202);
    return (await res.json()).id as string;
  };
  const quickReplies = { content: { type: 'quickReplies', text: '¿Quieres que te llamemos?', replies: [
    { id: 'yes', title: 'Sí', payload: 'CALL_YES' },
    { id: 'no', title: 'No, gracias', payload: 'CALL_NO' },
  ] } };

  it('SMS: a Spanish contact\'s numbered options end with the Spanish hint; an English contact\'s with the English one', async () => {
    // A Spanish shop's number: the channel's default language is Spanish (SMS carries no language).
    const created = await h.api('/api/v1/channels', { method: 'POST', json: {
      type: 'sms', name: 'Tienda SMS', defaultLanguage: 'es', config: { accountSid: SID, authToken: TOKEN, from: NUMBER, apiBaseUrl: twilio.url },
    } });
    expect(created.status).toBe(201);
    const channel = await created.json();
    expect(channel.defaultLanguage).toBe('es');

    const customerTexts = async (from: string, body: string) => {
      const { headers, body: form } = signedTwilioPost(channel.webhookUrl, TOKEN, {
        MessageSid: `SM${String(++seq).padStart(32, '0')}`, AccountSid: SID, From: from, To: NUMBER, Body: body, NumMedia: '0', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01',
      });
      expect((await fetch(`${h.parley.url}/webhooks/${channel.id}`, { method: 'POST', headers, body: form })).status).toBe(200);
      return eventually(async () => (await (await h.api(`/api/v1/cases?channelId=${channel.id}`)).json()).items
        .find((c: { id: string }) => c)?.id as string | undefined);
    };

    const caseId = await customerTexts('+34600111333', 'Hola, no me ha llegado el pedido');
    await reply(caseId, quickReplies);
    const [send] = await twilio.waitForSends(1, 20_000);
    expect(send.form.get('To')).toBe('+34600111333');
    expect(send.form.get('Body')).toBe('¿Quieres que te llamemos?\n\n1. Sí\n2. No, gracias\n\nResponde con el número o la opción.');

    // The customer answers "2" as the hint says: recorded as the option.
    await customerTexts('+34600111333', '2');
    const answer = await eventually(async () => (await getCase(caseId)).messages.find((m: { text: string; direction: string }) => m.direction === 'in' && m.text === '2'));
    expect(answer.content.answer).toMatchObject({ optionId: 'no', payload: 'CALL_NO' });

    // The contact's own language comes before the channel's: an agent marks this one English.
    const contactId = (await getCase(caseId)).contactId;
    const patched = await h.api(`/api/v1/contacts/${contactId}`, { method: 'PATCH', json: { language: 'en-GB' }, key: h.agentKey });
    expect((await patched.json()).language).toBe('en-GB');
    await reply(caseId, quickReplies);
    const [english] = (await twilio.waitForSends(2, 20_000)).slice(1);
    expect(english.form.get('Body')).toMatch(/\n\nReply with the number or the option\.$/);
  });

  it('Telegram: the profile\'s language_code becomes the contact\'s language', async () => {
    const created = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'telegram', name: 'Tienda bot', config: { botToken: BOT_TOKEN, apiBaseUrl: tg.url } } });
    expect(created.status).toBe(201);
    const channel = await created.json();
    const res = await fetch(`${h.parley.url}/webhooks/${channel.id}`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': channel.generatedSecrets.secretToken },
      body: JSON.stringify({ update_id: 1, message: {
        message_id: 1, from: { id: 8001, is_bot: false, first_name: 'Lucía', language_code: 'es' }, chat: { id: 8001, type: 'private' },
        date: Math.floor(Date.now() / 1000), text: 'Hola',
      } }),
    });
    expect(res.status).toBe(200);
    const { caseIds: [caseId] } = await res.json();
    const contact = await (await h.api(`/api/v1/contacts/${(await getCase(caseId)).contactId}`)).json();
    expect(contact).toMatchObject({ name: 'Lucía', language: 'es' });
  });
});
