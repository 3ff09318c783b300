// The Twilio SMS connector's pieces: the signature scheme (checked against the example Twilio's own
// SDK tests use), what verify refuses and why, how form posts become events, the config's messages,
// what goes out for a long reply through a Messaging Service, and how Twilio's refusals, a slow
// Twilio and an unreachable one are classified (transient or permanent, with the wait Twilio asked for).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { smsConfigSchema } from '../../connectors/sms/config';
import { parseSmsRequest } from '../../connectors/sms/parse';
import { sendSmsMessage } from '../../connectors/sms/send';
import { twilioSignature } from '../../connectors/sms/signing';
import { verifySmsRequest } from '../../connectors/sms/verify';
import { SendError } from '../../connectors/connector';
import { startTwilioApi, twilioError } from '../fakes/twilio-api';
import { freePort } from '../support/free-port';

const SID = `AC${'b2'.repeat(16)}`;
const TOKEN = 'unit-test-auth-token-123';
const config = smsConfigSchema.parse({ accountSid: SID, authToken: TOKEN, from: '+14155550100', webhookUrl: 'https://parley.acme.test/webhooks/ch_1' });
const channel = { id: 'ch_1', accountId: 'acc_1', config };
const sign = (url: string, body: string, token = TOKEN) => {
  const params = new URLSearchParams(body);
  const data = url + [...params.keys()].sort().map((k) => k + params.get(k)).join('');
  return createHmac('sha1', token).update(data).digest('base64');
};
const request = (body: string, headers: Record<string, string>, url = 'http://127.0.0.1:8080/webhooks/ch_1') =>
  ({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: Buffer.from(body) });

describe('Twilio signatures', () => {
  it('match the example in Twilio\'s own SDK tests', () => {
    const params = new URLSearchParams({ CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' });
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('verify accepts the URL Twilio called (the public one, behind a proxy) and says precisely what is wrong otherwise', () => {
    const body = 'MessageSid=SM1&From=%2B34600111222&Body=Hola';
    const publicUrl = 'https://parley.acme.test/webhooks/ch_1';
    expect(verifySmsRequest(request(body, { 'x-twilio-signature': sign(publicUrl, body) }), channel)).toEqual({ ok: true });
    expect(verifySmsRequest(request(body, { 'x-twilio-signature': sign('http://127.0.0.1:8080/webhooks/ch_1', body) }), channel)).toEqual({ ok: true });
    const refusals = [
      verifySmsRequest(request(body, {}), channel),
      verifySmsRequest(request(body, { 'x-twilio-signature': 'not base64!' }), channel),
      verifySmsRequest(request(`${body}x`, { 'x-twilio-signature': sign(publicUrl, body) }), channel),
      verifySmsRequest(request(body, { 'x-twilio-signature': sign(publicUrl, body, 'another-token-000000') }), channel),
      verifySmsRequest(request(body, { 'x-twilio-signature': sign(publicUrl, body), 'content-type': 'application/json' }), channel),
    ].map((r) => (r.ok ? 'ok' : r.reason));
    expect(refusals).toEqual([
      'Missing X-Twilio-Signature header.',
      'Malformed X-Twilio-Signature header (expected base64 of an HMAC-SHA1).',
      expect.stringMatching(/does not match/),
      expect.stringMatching(/does not match/),
      'Unexpected content type "application/json" (Twilio posts application/x-www-form-urlencoded).',
    ]);
  });
});

describe('Twilio posts as events', () => {
  const parse = (params: Record<string, string>) => parseSmsRequest(request(new URLSearchParams(params).toString(), {}), channel, { fetch, now: () => 5_000 });

  it('an SMS and an MMS become messages from the sender\'s number, keyed by MessageSid', () => {
    expect(parse({ MessageSid: 'SM1', From: '+34600111222', To: '+14155550100', Body: 'Hola', NumMedia: '0' })).toEqual([
      expect.objectContaining({ kind: 'message', eventId: 'SM1', providerMessageId: 'SM1', threadId: '+34600111222', sender: { externalId: '+34600111222' }, text: 'Hola', attachments: [], occurredAt: 5_000 }),
    ]);
    const [mms] = parse({ MessageSid: 'SM2', From: '+1415', Body: '', NumMedia: '2', MediaUrl0: 'https://m/0', MediaContentType0: 'image/png', MediaUrl1: 'https://m/1', MediaContentType1: 'video/mp4' });
    expect(mms).toMatchObject({ kind: 'message', attachments: [{ url: 'https://m/0', mime: 'image/png' }, { url: 'https://m/1', mime: 'video/mp4' }] });
  });

  it('status callbacks become receipts (failed with Twilio\'s error code); interim statuses and calls are skipped', () => {
    expect(parse({ MessageSid: 'SM3', MessageStatus: 'delivered' })).toEqual([{ kind: 'receipt', eventId: 'SM3:delivered', providerMessageId: 'SM3', status: 'delivered', occurredAt: 5_000 }]);
    expect(parse({ MessageSid: 'SM3', MessageStatus: 'undelivered', ErrorCode: '30005' })[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('error 30005') });
    expect(parse({ MessageSid: 'SM3', MessageStatus: 'sent' })).toEqual([]);
    expect(parse({ CallSid: 'CA1', From: '+1415', CallStatus: 'ringing' })).toEqual([]);
  });
});

describe('Twilio config and sending', () => {
  it('explains what is missing or malformed', () => {
    const issues = smsConfigSchema.safeParse({ accountSid: 'AC123', authToken: 'short' }).error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(expect.arrayContaining([
      expect.stringMatching(/^accountSid: accountSid is the Account SID/),
      expect.stringMatching(/^authToken: /),
    ]));
    expect(smsConfigSchema.safeParse({ accountSid: SID, authToken: TOKEN }).error!.issues[0].message).toMatch(/Give the number messages come from/);
    expect(smsConfigSchema.safeParse({ accountSid: SID, authToken: TOKEN, from: '0034600' }).error!.issues[0].message).toMatch(/E\.164/);
  });

  it('a long reply through a Messaging Service goes out in parts of at most 1,600 characters, each with the service SID', async () => {
    const api = await startTwilioApi({ accountSid: SID, authToken: TOKEN, numbers: [] });
    try {
      const service = { ...channel, config: smsConfigSchema.parse({ accountSid: SID, authToken: TOKEN, messagingServiceSid: `MG${'c3'.repeat(16)}`, apiBaseUrl: api.url }) };
      const text = 'Lorem ipsum dolor sit amet. '.repeat(100).trim();
      const result = await sendSmsMessage({ id: 'msg_1', caseId: 'c', threadId: '+34600111222', recipient: { externalId: '+34600111222' }, content: { content: { type: 'text', text, format: 'plain' } }, text, attachments: [] }, service, { fetch, now: Date.now });
      const sends = api.sends();
      expect(sends.length).toBe(2);
      expect(sends.every((s) => s.form.get('MessagingServiceSid') === `MG${'c3'.repeat(16)}` && !s.form.has('From') && (s.form.get('Body') ?? '').length <= 1600)).toBe(true);
      expect(result.providerMessageId).toMatch(/^SM/);
    } finally {
      await api.close();
    }
  });
});

describe('Twilio\'s answers to a send, as the message\'s delivery status reads them', () => {
  const text = 'Hola';
  const outbound = { id: 'msg_2', caseId: 'c', threadId: '+34600111222', recipient: { externalId: '+34600111222' }, content: { content: { type: 'text' as const, text, format: 'plain' as const } }, text, attachments: [] };
  const failureOf = async (answer: Parameters<Awaited<ReturnType<typeof startTwilioApi>>['answerNextSends']>[0] | null, timeoutMs = 2_000, baseUrl?: string) => {
    const api = await startTwilioApi({ accountSid: SID, authToken: TOKEN, numbers: ['+14155550100'] });
    try {
      if (answer) api.answerNextSends(answer);
      const sending = { ...channel, config: smsConfigSchema.parse({ accountSid: SID, authToken: TOKEN, from: '+14155550100', apiBaseUrl: baseUrl ?? api.url, timeoutMs }) };
      return await sendSmsMessage(outbound, sending, { fetch, now: Date.now }).then(() => null, (err: SendError) => err);
    } finally {
      await api.close();
    }
  };

  it('429 is transient with Retry-After (seconds or an HTTP date) as retryAfterMs; 5xx transient; other 4xx permanent with Twilio\'s code', async () => {
    const seconds = await failureOf(twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '7' }));
    expect(seconds).toMatchObject({ transient: true, retryAfterMs: 7_000, message: 'Twilio answered 429 (error 20429): Too Many Requests' });
    const date = await failureOf(twilioError(429, 20429, 'Too Many Requests', { 'retry-after': new Date(Date.now() + 30_000).toUTCString() }));
    expect(date!.retryAfterMs).toBeGreaterThan(28_000);
    expect(date!.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(await failureOf(twilioError(503, 20503, 'Service Unavailable'))).toMatchObject({ transient: true, message: 'Twilio answered 503 (error 20503): Service Unavailable' });
    expect(await failureOf(twilioError(400, 21211, "The 'To' number +34600111222 is not a valid phone number."))).toMatchObject({
      transient: false, message: "Twilio answered 400 (error 21211): The 'To' number +34600111222 is not a valid phone number.",
    });
  });

  it('a Twilio that answers too slowly, or not at all, is a transient timeout; a closed port is transient too', async () => {
    const started = Date.now();
    const slow = await failureOf({ status: 201, json: { sid: `SM${'0'.repeat(32)}` }, delayMs: 1_500 }, 300);
    expect(slow).toMatchObject({ transient: true, message: 'Twilio did not answer within 300 ms.' });
    expect(Date.now() - started).toBeLessThan(1_400);
    const closed = await failureOf(null, 2_000, `http://127.0.0.1:${await freePort()}`);
    expect(closed).toMatchObject({ transient: true, message: expect.stringMatching(/^Twilio is unreachable: ECONNREFUSED/) });
  });
});
