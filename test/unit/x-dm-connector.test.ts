// The X DM connector's pieces: OAuth 1.0a signing (checked against X's own documented example),
// webhook signature refusals, the CRC answer, and both webhook formats (X Activity API and the
// Account Activity API) as events, with quick-reply answers, media and skipped kinds; sending against
// the X stand-in: the request, X's refusals and a slow X classified as the message's status reads them.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { xDmConfigSchema } from '../../connectors/x-dm/config';
import { oauth1Header, oauth1Signature } from '../../connectors/x-dm/oauth1';
import { parseXRequest } from '../../connectors/x-dm/parse';
import { answerXCrc, verifyXRequest } from '../../connectors/x-dm/verify';
import type { SendError } from '../../connectors/connector';
import { sendXDirectMessage } from '../../connectors/x-dm/send';
import { startXApi, type XApi } from '../fakes/x-api';

const config = xDmConfigSchema.parse({ consumerKey: 'key-0123456789', consumerSecret: 'consumer-secret-0123456789abcdef', accessToken: '111-abc', accessTokenSecret: 'token-secret-0123456789abcdef', userId: '111' });
const channel = { id: 'ch_x', accountId: 'acc', config };
const req = (body: string, headers: Record<string, string> = {}, url = 'https://parley.test/webhooks/ch_x', method = 'POST') => ({ method, url, headers, body: Buffer.from(body) });

describe('OAuth 1.0a', () => {
  it('signs X\'s documented example request exactly as the docs say', () => {
    const params: [string, string][] = [
      ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'], ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
      ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'], ['oauth_signature_method', 'HMAC-SHA1'], ['oauth_timestamp', '1318622958'],
      ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'], ['oauth_version', '1.0'],
    ];
    // docs.x.com "Creating a signature": the signature of this request is Ls93hJiZbQ3akF3HF3x1Bz8/zU4=.
    expect(oauth1Signature('POST', 'https://api.x.com/1.1/statuses/update.json?include_entities=true', params, 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw', 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE'))
      .toBe('Ls93hJiZbQ3akF3HF3x1Bz8/zU4=');
    const header = oauth1Header('POST', 'https://api.x.com/2/dm_conversations/with/2/messages', { consumerKey: 'ck', consumerSecret: 'cs', token: 't', tokenSecret: 'ts' }, { now: 1_318_622_958_000, nonce: 'n' });
    expect(header).toMatch(/^OAuth oauth_consumer_key="ck", oauth_nonce="n", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", oauth_token="t", oauth_version="1.0", oauth_signature="[A-Za-z0-9%]+"$/);
  });
});

describe('webhook security', () => {
  const body = '{"for_user_id":"111"}';
  const sig = (b: string, secret = config.consumerSecret) => `sha256=${createHmac('sha256', secret).update(b).digest('base64')}`;
  it('accepts the right signature and names what is wrong otherwise', () => {
    expect(verifyXRequest(req(body, { 'x-twitter-webhooks-signature': sig(body) }), channel)).toEqual({ ok: true });
    const reasons = [
      verifyXRequest(req(body), channel),
      verifyXRequest(req(body, { 'x-twitter-webhooks-signature': 'sha1=abc' }), channel),
      verifyXRequest(req(`${body} `, { 'x-twitter-webhooks-signature': sig(body) }), channel),
      verifyXRequest(req(body, { 'x-twitter-webhooks-signature': sig(body, 'another-secret-0000000000') }), channel),
    ].map((r) => (r.ok ? 'ok' : r.reason));
    expect(reasons).toEqual([
      'Missing x-twitter-webhooks-signature header.',
      expect.stringMatching(/^Malformed/),
      expect.stringMatching(/does not match the body/),
      expect.stringMatching(/does not match the body/),
    ]);
  });
  it('answers the CRC only for a GET with crc_token', () => {
    const answer = answerXCrc(req('', {}, 'https://parley.test/webhooks/ch_x?crc_token=abc', 'GET'), channel);
    expect(JSON.parse(answer!.body)).toEqual({ response_token: sig('abc') });
    expect(answerXCrc(req('', {}, 'https://parley.test/webhooks/ch_x', 'GET'), channel)).toBeNull();
  });
});

describe('webhook payloads as events', () => {
  const event = (id: string, sender: string, data: Record<string, unknown>) => ({ type: 'message_create', id, created_timestamp: '1784928224372', message_create: { target: { recipient_id: '111' }, sender_id: sender, message_data: data } });
  const parse = (body: unknown) => parseXRequest(req(JSON.stringify(body)), channel);

  it('reads dm.received (XAA) with the sender\'s name, media without the t.co link, and quick-reply answers (AAA)', () => {
    const [text] = parse({ data: { event_uuid: '1', event_type: 'dm.received', filter: { user_id: '111' }, payload: { direct_message_events: [event('10', '222', { text: 'hola' })], users: { 222: { data: { name: 'Lucía' } } } } } });
    expect(text).toEqual(expect.objectContaining({ kind: 'message', eventId: '10', threadId: '222', sender: { externalId: '222', name: 'Lucía' }, text: 'hola', occurredAt: 1784928224372 }));
    const [photo] = parse({ for_user_id: '111', direct_message_events: [event('11', '222', { text: 'mira https://t.co/AbC123', attachment: { type: 'media', media: { media_url_https: 'https://ton.twitter.com/1.1/ton/data/dm/1/2/x.jpg', type: 'photo' } } })] });
    expect(photo).toMatchObject({ kind: 'message', text: 'mira', attachments: [{ url: 'https://ton.twitter.com/1.1/ton/data/dm/1/2/x.jpg', mime: 'image/jpeg' }] });
    const [tap] = parse({ for_user_id: '111', direct_message_events: [event('12', '222', { text: 'Envío', quick_reply_response: { type: 'options', metadata: 'shipping' } })] });
    expect(tap).toMatchObject({ kind: 'postback', payload: 'shipping', text: 'Envío' });
  });

  it('skips the account\'s own DMs, other event types and unknown bodies', () => {
    expect(parse({ for_user_id: '111', direct_message_events: [event('13', '111', { text: 'our reply' })] })).toEqual([]);
    expect(parse({ data: { event_uuid: '2', event_type: 'follow.follow', payload: {} } })).toEqual([]);
    expect(parse({ for_user_id: '111', tweet_create_events: [{}] })).toEqual([]);
    expect(() => parseXRequest(req('not json'), channel)).toThrow(/not JSON/);
  });

  it('a customer\'s read receipt (AAA, as documented with POST direct_messages/mark_read) marks the DM it names as read; the account\'s own is skipped', () => {
    const read = (sender: string, last: string) => ({ created_timestamp: '1784928230000', sender_id: sender, last_read_event_id: last, target: { recipient_id: sender === '111' ? '222' : '111' } });
    expect(parse({ for_user_id: '111', direct_message_mark_read_events: [read('222', '1800000000000000099'), read('111', '1800000000000000098')], users: {} })).toEqual([
      { kind: 'receipt', eventId: 'read:222:1800000000000000099', providerMessageId: '1800000000000000099', status: 'read', occurredAt: 1784928230000 },
    ]);
  });

  it('a dm.read (X Activity API) read receipt is the same receipt, with the same event id as AAA\'s, so one read delivered by both counts once', () => {
    // The XAA envelope (docs.x.com event-payloads) around AAA's mark-read entries, as XAA's dm.received carries AAA's direct_message_events.
    const read = { created_timestamp: '1784928230000', sender_id: '222', target: { recipient_id: '111' }, last_read_event_id: '1800000000000000099' };
    const xaaRead = (payload: unknown) => parse({ data: { event_uuid: '-4', filter: { user_id: '111' }, event_type: 'dm.read', tag: 'parley-dm-read', payload } });
    const receipt = { kind: 'receipt', eventId: 'read:222:1800000000000000099', providerMessageId: '1800000000000000099', status: 'read', occurredAt: 1784928230000 };
    expect(xaaRead({ direct_message_mark_read_events: [read], users: { 222: { data: { id: '222', name: 'Lucía' } } } })).toEqual([receipt]);
    expect(parse({ for_user_id: '111', direct_message_mark_read_events: [read] })).toEqual([receipt]);
    // The payload as the mark-read object itself is read too; the account reading its own DMs, dm.indicate_typing and a payload without the ids are skipped.
    expect(xaaRead(read)).toEqual([receipt]);
    expect(xaaRead({ direct_message_mark_read_events: [{ ...read, sender_id: '111', target: { recipient_id: '222' } }] })).toEqual([]);
    expect(parse({ data: { event_uuid: '-5', filter: { user_id: '111' }, event_type: 'dm.indicate_typing', payload: { sender_id: '222' } } })).toEqual([]);
    expect(xaaRead({ users: {} })).toEqual([]);
  });
});

describe('sending DMs against the X stand-in (which checks the OAuth 1.0a signature with its own code)', () => {
  const creds = { consumerKey: config.consumerKey, consumerSecret: config.consumerSecret, accessToken: config.accessToken, accessTokenSecret: config.accessTokenSecret };
  const text = 'Sí, enviamos a Canarias.';
  const outbound = { id: 'msg_x1', caseId: 'c', threadId: '222', recipient: { externalId: '222' }, content: { content: { type: 'text' as const, text, format: 'plain' as const } }, text, attachments: [] };
  const withApi = async <T>(run: (api: XApi, sending: typeof channel) => Promise<T>, timeoutMs = 2_000) => {
    const api = await startXApi({ creds, me: { id: '111', username: 'cafe_aroma' } });
    try {
      return await run(api, { ...channel, config: xDmConfigSchema.parse({ ...config, apiBaseUrl: api.url, timeoutMs }) });
    } finally {
      await api.close();
    }
  };
  const failureOf = (sending: typeof channel) => sendXDirectMessage(outbound, sending, { fetch, now: Date.now }).then(() => null, (err: SendError) => err);

  it('POST /2/dm_conversations/with/:id/messages {text}, signed; X\'s dm_event_id is the provider id', async () => {
    await withApi(async (api, sending) => {
      const result = await sendXDirectMessage(outbound, sending, { fetch, now: Date.now });
      expect(api.dms).toEqual([expect.objectContaining({ to: '222', body: { text } })]);
      expect(api.badSignatures).toBe(0);
      expect(result.providerMessageId).toMatch(/^\d+$/);
    });
  });

  it('429 waits until x-rate-limit-reset; 503 is transient; 403 is permanent with X\'s detail', async () => {
    await withApi(async (api, sending) => {
      const reset = Math.ceil(Date.now() / 1000) + 60;
      api.answerNextDms(
        { status: 429, json: { title: 'Too Many Requests', status: 429, detail: 'Too Many Requests' }, headers: { 'x-rate-limit-reset': String(reset) } },
        { status: 503, json: { title: 'Service Unavailable', status: 503, detail: 'Service Unavailable' } },
        { status: 403, json: { title: 'Forbidden', status: 403, detail: 'You are not permitted to send a message to this user.' } },
      );
      const limited = await failureOf(sending);
      expect(limited).toMatchObject({ transient: true, status: 429, message: 'X answered 429: Too Many Requests' });
      // Until the reset second X named (a whole second, so up to one more than the 60 asked).
      expect(limited!.retryAfterMs).toBeGreaterThan(59_000);
      expect(limited!.retryAfterMs).toBeLessThanOrEqual(61_000);
      expect(await failureOf(sending)).toMatchObject({ transient: true, status: 503 });
      expect(await failureOf(sending)).toMatchObject({ transient: false, status: 403, message: 'X answered 403: You are not permitted to send a message to this user.' });
    });
  });

  it('an X that answers too slowly, or not at all, is a transient timeout', async () => {
    await withApi(async (api, sending) => {
      api.answerNextDms({ status: 201, json: { data: { dm_conversation_id: '111-222', dm_event_id: '1' } }, delayMs: 1_500 });
      expect(await failureOf(sending)).toMatchObject({ transient: true, message: 'X did not answer within 300 ms.' });
    }, 300);
  });
});
