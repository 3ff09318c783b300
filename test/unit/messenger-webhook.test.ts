// Messenger webhooks: the hub.challenge handshake, X-Hub-Signature-256 on the raw body (signed here
// with node:crypto, not Parley's code) and parsing of Meta's documented payloads.
import { describe, expect, it } from 'vitest';
import type { ChannelContext, ConnectorDeps, InboundEvent, RawRequest, VerifyResult } from '../../connectors/connector';
import { messengerConnector, type MessengerConfig } from '../../connectors/messenger';
import { hubChallengeRequest, metaBodyBytes, signedMetaRequest } from '../fakes/sign-meta';

const APP_SECRET = 'a3f1c2e4b5d6978812345678abcdef01';
const OTHER_SECRET = 'ffffffffffffffffffffffffffffffff';
const PAGE_ID = '106540352242922';
const PSID = '6543219876543210';
const T = 1772366400000;

const config = messengerConnector.configSchema.parse({
  pageId: PAGE_ID, pageAccessToken: 'EAAG-page-token-0123456789', appSecret: APP_SECRET, verifyToken: 'verify-me-please',
}) as MessengerConfig;
const channel: ChannelContext<MessengerConfig> = { id: 'ch_fb', accountId: 'acc_1', config };
const deps: ConnectorDeps = { fetch, now: () => T };

const webhook = (...messaging: object[]) => ({ object: 'page', entry: [{ id: PAGE_ID, time: T, messaging }] });
const fromUser = (event: object, timestamp = T) => ({ sender: { id: PSID }, recipient: { id: PAGE_ID }, timestamp, ...event });
// Meta's check is synchronous (no clock, no lookup).
const verify = (req: RawRequest) => messengerConnector.verify(req, channel, deps) as VerifyResult;
const parse = (body: object): InboundEvent[] => messengerConnector.parse(signedMetaRequest(APP_SECRET, body), channel);
const reasonOf = (r: { ok: boolean; reason?: string }) => (r.ok ? '(accepted)' : r.reason);

describe('Messenger hub.challenge handshake', () => {
  it('answers the raw challenge when the verify token matches', () => {
    const answer = messengerConnector.handshake!(hubChallengeRequest({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me-please', 'hub.challenge': '1158201444' }), channel);
    expect(answer).toEqual({ status: 200, body: '1158201444', contentType: 'text/plain' });
  });

  it('refuses a wrong verify token with 403 and does not echo the challenge', () => {
    const answer = messengerConnector.handshake!(hubChallengeRequest({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1158201444' }), channel);
    expect(answer?.status).toBe(403);
    expect(answer?.body).not.toContain('1158201444');
    expect(answer?.body).toMatch(/verify_token does not match/);
  });

  it('refuses a mode other than subscribe, and a missing challenge', () => {
    expect(messengerConnector.handshake!(hubChallengeRequest({ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'verify-me-please', 'hub.challenge': '1' }), channel)?.status).toBe(400);
    expect(messengerConnector.handshake!(hubChallengeRequest({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me-please' }), channel)?.status).toBe(400);
  });

  it('is not a handshake without hub parameters', () => {
    expect(messengerConnector.handshake!(hubChallengeRequest({}), channel)).toBeNull();
  });

  it('a verify token is generated when the channel is created without one', () => {
    const { verifyToken: _, ...given } = config;
    const a = messengerConnector.prepareConfig!(given as MessengerConfig);
    const b = messengerConnector.prepareConfig!(given as MessengerConfig);
    expect(a.verifyToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.verifyToken).not.toBe(b.verifyToken);
    expect(messengerConnector.secretFields).toEqual(['pageAccessToken', 'appSecret']);
  });
});

describe('X-Hub-Signature-256 known answers', () => {
  // The same HMAC-SHA256 "sha256=<hex>" header scheme, with values published outside this project:
  // GitHub's "Validating webhook deliveries" test values and the x-hub.js README example.
  const withSecret = (appSecret: string) => ({ ...channel, config: { ...config, appSecret } });
  const request = (body: string, signature: string): RawRequest => ({ method: 'POST', url: 'http://x/', headers: { 'x-hub-signature-256': signature }, body: Buffer.from(body) });

  it('accepts the published signatures and refuses them under another secret', () => {
    const github = request('Hello, World!', 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
    expect(messengerConnector.verify(github, withSecret("It's a Secret to Everybody"), deps)).toEqual({ ok: true });
    const xhub = request('{"foo":"bar"}', 'sha256=2d9425c2ae617d90196c5d22f48370822036174914268970cc864a7095b065dd');
    expect(messengerConnector.verify(xhub, withSecret("It's a secret to everybody!"), deps)).toEqual({ ok: true });
    expect((messengerConnector.verify(github, withSecret("It's a secret to everybody!"), deps) as VerifyResult).ok).toBe(false);
  });
});

describe('Messenger X-Hub-Signature-256', () => {
  const body = webhook(fromUser({ message: { mid: 'm_1', text: '¿Dónde está mi pedido?' } }));

  it('accepts a body signed with the app secret (escaped unicode, as Meta sends it)', () => {
    const req = signedMetaRequest(APP_SECRET, body);
    expect(req.body.toString()).toContain('\\u00bf');
    expect(verify(req)).toEqual({ ok: true });
  });

  it('accepts upper-case hex and header names in any case', () => {
    const req = signedMetaRequest(APP_SECRET, body);
    const hex = req.headers['x-hub-signature-256'].slice('sha256='.length);
    const headers = { 'X-Hub-Signature-256': `sha256=${hex.toUpperCase()}` };
    expect(verify({ ...req, headers })).toEqual({ ok: true });
  });

  it('refuses a tampered body', () => {
    const req = signedMetaRequest(APP_SECRET, body);
    const tampered = { ...req, body: Buffer.from(req.body.toString().replace('m_1', 'm_2')) };
    expect(reasonOf(verify(tampered))).toBe('signature mismatch: the body was altered, or it was signed with another app secret');
  });

  it('refuses the same body re-serialised (only the raw bytes verify)', () => {
    const req = signedMetaRequest(APP_SECRET, body);
    expect(verify({ ...req, body: Buffer.from(JSON.stringify(body)) }).ok).toBe(false);
  });

  it('refuses a body signed with another app secret', () => {
    expect(reasonOf(verify({ ...signedMetaRequest(OTHER_SECRET, body) }))).toMatch(/^signature mismatch/);
  });

  it('refuses a request without the header, saying when only the legacy SHA-1 one came', () => {
    const req = signedMetaRequest(APP_SECRET, body);
    expect(reasonOf(verify({ ...req, headers: { 'content-type': 'application/json' } }))).toBe('missing X-Hub-Signature-256 header');
    expect(reasonOf(verify({ ...req, headers: { 'x-hub-signature': req.headers['x-hub-signature'] } }))).toMatch(/missing X-Hub-Signature-256 header: only the legacy SHA-1/);
  });

  it('refuses a malformed header', () => {
    const req = signedMetaRequest(APP_SECRET, body);
    for (const value of ['sha1=abc', 'sha256=xyz', req.headers['x-hub-signature-256'].slice(7), `${req.headers['x-hub-signature-256']}00`]) {
      expect(reasonOf(verify({ ...req, headers: { 'x-hub-signature-256': value } }))).toMatch(/^malformed X-Hub-Signature-256 ".*": expected "sha256=" followed by 64 hex digits$/);
    }
  });

  it('refuses everything when the channel has no app secret', () => {
    const noSecret = { ...channel, config: { ...config, appSecret: '' } };
    expect(reasonOf(messengerConnector.verify(signedMetaRequest(APP_SECRET, body), noSecret, deps) as VerifyResult)).toMatch(/no appSecret configured/);
  });
});

describe('Messenger webhook parsing', () => {
  it('a text message: PSID as sender and thread, mid as event id, Meta timestamp', () => {
    const [event] = parse(webhook(fromUser({ message: { mid: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P', text: 'hello, world!' } })));
    expect(event).toMatchObject({
      kind: 'message', eventId: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P',
      threadId: PSID, sender: { externalId: PSID }, text: 'hello, world!', attachments: [], occurredAt: T,
    });
  });

  it('attachments: image, video, audio and file with their CDN URLs; a shared link as a link', () => {
    const [event] = parse(webhook(fromUser({
      message: {
        mid: 'm_att',
        attachments: [
          { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?_nc_cat=1' } },
          { type: 'video', payload: { url: 'https://video.xx.fbcdn.net/v/t42.3356-2/clip.mp4?x=1' } },
          { type: 'audio', payload: { url: 'https://cdn.fbsbx.com/v/t59.3654-21/voice.mp4?x=1' } },
          { type: 'file', payload: { url: 'https://cdn.fbsbx.com/v/t59.2708-21/invoice.pdf?x=1' } },
          { type: 'fallback', payload: { url: 'https://shop.example/p/42', title: 'Blue shoes' } },
          { type: 'image', payload: { sticker_id: 369239263222822 } },
        ],
      },
    })));
    expect(event.kind).toBe('message');
    expect(event.kind === 'message' && event.attachments).toEqual([
      { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?_nc_cat=1', mime: 'image/jpeg' },
      { url: 'https://video.xx.fbcdn.net/v/t42.3356-2/clip.mp4?x=1', mime: 'video/mp4' },
      // A voice note's URL ends in .mp4 but it is audio: the family wins.
      { url: 'https://cdn.fbsbx.com/v/t59.3654-21/voice.mp4?x=1', mime: 'audio/*' },
      { url: 'https://cdn.fbsbx.com/v/t59.2708-21/invoice.pdf?x=1', mime: 'application/pdf' },
      { url: 'https://shop.example/p/42', mime: 'text/uri-list', name: 'Blue shoes' },
    ]);
  });

  it('a quick-reply tap is a postback with the payload Parley rendered and the title shown', () => {
    const [event] = parse(webhook(fromUser({ message: { mid: 'm_qr', text: 'Afternoon', quick_reply: { payload: 'PM' } } })));
    expect(event).toMatchObject({ kind: 'postback', eventId: 'm_qr', payload: 'PM', text: 'Afternoon', sender: { externalId: PSID } });
  });

  it('a button postback is a postback; without a mid its key is stable across redeliveries', () => {
    const [withMid] = parse(webhook(fromUser({ postback: { mid: 'm_pb', title: 'Talk to an agent', payload: 'AGENT' } })));
    expect(withMid).toMatchObject({ kind: 'postback', eventId: 'm_pb', payload: 'AGENT', text: 'Talk to an agent' });
    const menu = webhook(fromUser({ postback: { title: 'Get Started', payload: 'GET_STARTED' } }));
    expect(parse(menu)[0].eventId).toBe(parse(menu)[0].eventId);
    expect(parse(menu)[0]).toMatchObject({ kind: 'postback', payload: 'GET_STARTED' });
  });

  it('a delivery receipt names each delivered mid; a read names only a watermark and is skipped', () => {
    const events = parse(webhook(
      fromUser({ delivery: { mids: ['m_out_1', 'm_out_2'], watermark: T } }),
      fromUser({ read: { watermark: T } }),
    ));
    expect(events).toEqual([
      { kind: 'receipt', eventId: 'receipt:m_out_1:delivered', providerMessageId: 'm_out_1', status: 'delivered', occurredAt: T },
      { kind: 'receipt', eventId: 'receipt:m_out_2:delivered', providerMessageId: 'm_out_2', status: 'delivered', occurredAt: T },
    ]);
  });

  it('skips echoes of the Page’s own messages, reactions, referrals, handovers and other Pages’ entries', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: PAGE_ID, time: T,
          messaging: [
            { sender: { id: PAGE_ID }, recipient: { id: PSID }, timestamp: T, message: { mid: 'm_echo', is_echo: true, app_id: 1517776481860111, text: 'our reply' } },
            fromUser({ reaction: { mid: 'm_out_1', action: 'react', emoji: '👍', reaction: 'like' } }),
            fromUser({ referral: { ref: 'ad', source: 'ADS', type: 'OPEN_THREAD' } }),
            { recipient: { id: PAGE_ID }, timestamp: T, optin: { ref: 'x', user_ref: 'abc' } },
          ],
          standby: [fromUser({ message: { mid: 'm_standby', text: 'handled by another app' } })],
        },
        { id: '999999999999', time: T, messaging: [fromUser({ message: { mid: 'm_other_page', text: 'not ours' } })] },
        { id: PAGE_ID, time: T, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add' } }] },
      ],
    };
    expect(parse(body)).toEqual([]);
  });

  it('a malformed handled event is a 400 with the field path; a body that is not a page webhook too', () => {
    const bad = () => parse(webhook(fromUser({ message: { text: 'no mid' } })));
    expect(bad).toThrowError(expect.objectContaining({ status: 400, code: 'invalid_payload', errors: [{ path: 'entry.0.messaging.0.message.mid', message: 'message.mid is required' }] }));
    expect(() => parse({ object: 'instagram', entry: [] })).toThrowError(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: 'object' })] }));
    expect(() => messengerConnector.parse({ method: 'POST', url: 'http://x/', headers: {}, body: metaBodyBytes('{not json') }, channel))
      .toThrowError(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: '(body)' })] }));
  });
});
