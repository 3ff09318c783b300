// Telegram end to end on a real Temporal dev server, SQLite file and HTTP, against a local stand-in
// of the Bot API: connecting the bot registers the webhook; a customer's message becomes a case in
// the inbox; an agent's reply with buttons arrives as an inline keyboard; the customer's tap is
// recorded as the answer; flood control (429 retry_after) and blocked bots show on the message.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { floodWait, startTelegramApi, type TelegramApi } from '../fakes/telegram-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const TOKEN = '555000111:AAintegration-test';
const PUBLIC_URL = 'https://parley.acme.test';

describe('Telegram channel through the case workflow', () => {
  let h: Harness;
  let tg: TelegramApi;
  let channel: { id: string; webhookUrl: string; generatedSecrets: { secretToken: string } };
  let updateId = 9000;

  beforeAll(async () => {
    tg = await startTelegramApi({ token: TOKEN, bot: { id: 555000111, username: 'acme_bot' } });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: PUBLIC_URL } });
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'telegram', name: 'Acme bot', config: { botToken: TOKEN, apiBaseUrl: tg.url } } });
    expect(res.status).toBe(201);
    channel = await res.json();
  });
  afterAll(async () => {
    await h?.stop();
    await tg?.close();
  });

  const post = (update: unknown, secret = channel.generatedSecrets.secretToken) => fetch(`${h.parley.url}/webhooks/${channel.id}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(update),
  });
  const from = (id: number) => ({ id, is_bot: false, first_name: 'Marta', last_name: 'Ruiz', language_code: 'es' });
  const customerWrites = async (chat: number, text: string) => {
    const res = await post({ update_id: ++updateId, message: { message_id: updateId, from: from(chat), chat: { id: chat, type: 'private' }, date: Math.floor(Date.now() / 1000), text } });
    expect(res.status).toBe(200);
    return (await res.json()) as { caseIds: string[] };
  };
  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`)).json();
  const reply = async (caseId: string, json: unknown) => {
    const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', json, key: h.agentKey });
    expect(res.status).toBe(202);
    return (await res.json()).id as string;
  };
  const messageOf = async (caseId: string, id: string) => (await getCase(caseId)).messages.find((m: { id: string }) => m.id === id);

  it('connecting the bot registered the webhook at the public URL with the generated secret', () => {
    expect(channel.webhookUrl).toBe(`${PUBLIC_URL}/webhooks/${channel.id}`);
    expect(tg.callsOf('setWebhook').map((c) => c.body)).toEqual([{ url: channel.webhookUrl, secret_token: channel.generatedSecrets.secretToken, allowed_updates: ['message', 'callback_query'] }]);
  });

  it('inbound message → case in the inbox → agent reply with buttons → inline keyboard → tap recorded as the answer', async () => {
    const { caseIds: [caseId] } = await customerWrites(7001, '¿Dónde está mi pedido?');
    const inbox = await (await h.api('/api/v1/cases', { key: h.agentKey })).json();
    expect(inbox.items.find((c: { id: string }) => c.id === caseId)).toMatchObject({ status: 'new' });
    const contact = await (await h.api(`/api/v1/contacts/${(await getCase(caseId)).contactId}`)).json();
    expect(contact.name).toBe('Marta Ruiz');
    await eventually(async () => (await getCase(caseId)).lastInboundAt);

    const sends = tg.callsOf('sendMessage').length;
    const id = await reply(caseId, { content: { type: 'buttons', text: '¿Sobre qué es?', buttons: [
      { id: 'billing', title: 'Factura', action: { type: 'postback', payload: 'BILLING' } },
      { id: 'delivery', title: 'Entrega', action: { type: 'postback', payload: 'DELIVERY' } },
    ] } });
    const [call] = (await tg.waitForCalls('sendMessage', sends + 1)).slice(sends);
    expect(call.token).toBe(TOKEN);
    expect(call.body).toEqual({ chat_id: '7001', text: '¿Sobre qué es?', reply_markup: { inline_keyboard: [[{ text: 'Factura', callback_data: 'billing' }], [{ text: 'Entrega', callback_data: 'delivery' }]] } });
    const sent = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'sent' ? m : null; });
    expect(sent.providerMessageId).toMatch(/^\d+$/);

    // The customer taps "Entrega": Telegram posts a callback_query; the webhook reply answers it.
    const tap = await post({ update_id: ++updateId, callback_query: { id: 'cbq-1', from: from(7001), chat_instance: '1', data: 'delivery', message: {
      message_id: Number(sent.providerMessageId), from: { id: 555000111, is_bot: true, first_name: 'Acme' }, chat: { id: 7001, type: 'private' }, date: Math.floor(Date.now() / 1000),
      text: '¿Sobre qué es?', reply_markup: call.body.reply_markup,
    } } });
    expect(tap.status).toBe(200);
    expect(await tap.json()).toEqual({ method: 'answerCallbackQuery', callback_query_id: 'cbq-1' });
    const answer = (await getCase(caseId)).messages.at(-1);
    expect(answer).toMatchObject({ direction: 'in', text: 'Entrega', content: { postback: { payload: 'delivery' }, answer: { messageId: id, optionId: 'delivery', payload: 'DELIVERY' } } });
  });

  it('a redelivered update (same update_id) creates nothing new; a wrong secret token writes nothing', async () => {
    const update = { update_id: ++updateId, message: { message_id: 1, from: from(7002), chat: { id: 7002, type: 'private' }, date: Math.floor(Date.now() / 1000), text: 'hola' } };
    const first = await (await post(update)).json();
    expect(await (await post(update)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await getCase(first.caseIds[0])).messages).toHaveLength(1);
    const count = () => (h.parley.db.$client.prepare('select (select count(*) from messages) + (select count(*) from inbound_events) n').get() as { n: number }).n;
    const before = count();
    const forged = await post({ ...update, update_id: ++updateId }, 'guessed-secret');
    expect(forged.status).toBe(401);
    expect((await forged.json()).detail).toMatch(/X-Telegram-Bot-Api-Secret-Token does not match/);
    expect(count()).toBe(before);
  });

  it("flood control: Telegram's retry_after is waited out exactly, then the message is sent", async () => {
    const { caseIds: [caseId] } = await customerWrites(7003, 'hello');
    const sends = tg.callsOf('sendMessage').length;
    tg.answerNext('sendMessage', floodWait(3));
    const id = await reply(caseId, { text: 'Thanks, checking now.' });
    const waiting = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryError ? m : null; });
    expect(waiting).toMatchObject({ deliveryStatus: 'queued', deliveryError: expect.stringMatching(/^Temporary failure \(retrying in 3 s as the provider asked\): Telegram sendMessage failed with 429: Too Many Requests/) });
    const [first, second] = (await tg.waitForCalls('sendMessage', sends + 2, 20_000)).slice(sends);
    // The policy's own first backoff is 1 s: a gap of 3 s is Telegram's retry_after.
    expect(second.at - first.at).toBeGreaterThanOrEqual(2900);
    expect(second.at - first.at).toBeLessThan(8000);
    const sent = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'sent' ? m : null; });
    expect(sent.deliveryError).toBeNull();
  });

  it('a bot the customer blocked: the message fails at once with Telegram\'s reason', async () => {
    const { caseIds: [caseId] } = await customerWrites(7004, 'bye');
    tg.answerNext('sendMessage', { status: 403, json: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } });
    const id = await reply(caseId, { text: 'Are you still there?' });
    const failed = await eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'failed' ? m : null; });
    expect(failed.deliveryError).toBe('Telegram sendMessage failed with 403: Forbidden: bot was blocked by the user');
  });

  it('paces one chat at about one message per second (Telegram\'s per-chat limit)', async () => {
    const { caseIds: [caseId] } = await customerWrites(7005, 'tell me everything');
    const sends = tg.callsOf('sendMessage').length;
    for (let i = 1; i <= 5; i++) await reply(caseId, { text: `Part ${i}` });
    const calls = (await tg.waitForCalls('sendMessage', sends + 5, 20_000)).slice(sends);
    expect(calls.map((c) => c.body.text)).toEqual(['Part 1', 'Part 2', 'Part 3', 'Part 4', 'Part 5']);
    // A burst of 3, then one a second: the 5th goes out about 2 s after the 1st.
    expect(calls[4].at - calls[0].at).toBeGreaterThanOrEqual(1800);
  });
});
