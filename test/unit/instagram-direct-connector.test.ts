// Instagram Direct: the same Meta handshake and signature, Instagram's DM payloads (story mentions,
// shares, reads naming a mid, unsent messages) and the Send API on `/{ig-id}/messages` without
// messaging_type, unless a person answers after 24 h (HUMAN_AGENT).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelContext, ConnectorDeps, InboundEvent, OutboundMessage } from '../../connectors/connector';
import { instagramDirectConnector, type InstagramDirectConfig } from '../../connectors/instagram-direct';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { hubChallengeRequest, signedMetaRequest } from '../fakes/sign-meta';

const APP_SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const IG_ID = '17841400000000001';
const IGSID = '1234567890123456';
const TOKEN = 'IGAAT-instagram-user-token-0123';
const T = 1772366400000;
let graph: MetaGraphApi;
let channel: ChannelContext<InstagramDirectConfig>;
const deps: ConnectorDeps = { fetch, now: () => T };

beforeAll(async () => {
  graph = await startMetaGraphApi({ tokens: [TOKEN], instagramAccounts: { [IG_ID]: { username: 'parley.test' } } });
  channel = {
    id: 'ch_ig', accountId: 'acc_1',
    config: instagramDirectConnector.configSchema.parse({ instagramAccountId: IG_ID, accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: 'ig-verify-token', graphApiBaseUrl: graph.url }) as InstagramDirectConfig,
  };
});
afterAll(() => graph?.close());

const webhook = (...messaging: object[]) => ({ object: 'instagram', entry: [{ id: IG_ID, time: T, messaging }] });
const fromUser = (event: object) => ({ sender: { id: IGSID }, recipient: { id: IG_ID }, timestamp: T, ...event });
const parse = (body: object): InboundEvent[] => instagramDirectConnector.parse(signedMetaRequest(APP_SECRET, body), channel);
const outbound = (content: unknown): OutboundMessage => ({ id: 'msg_1', caseId: 'case_1', threadId: IGSID, recipient: { externalId: IGSID }, content, text: 'x', attachments: [] });

describe('Instagram Direct connector', () => {
  it('defaults to graph.instagram.com (Instagram Login) and generates a verify token', () => {
    const parsed = instagramDirectConnector.configSchema.parse({ instagramAccountId: IG_ID, accessToken: TOKEN, appSecret: APP_SECRET }) as InstagramDirectConfig;
    expect(parsed.graphApiBaseUrl).toBe('https://graph.instagram.com');
    expect(instagramDirectConnector.prepareConfig!(parsed).verifyToken).toMatch(/^[\w-]{32}$/);
    expect(instagramDirectConnector.configSchema.safeParse({ instagramAccountId: 'jane.doe', accessToken: TOKEN, appSecret: APP_SECRET }).success).toBe(false);
  });

  it('handshake and signature as for every Meta webhook', () => {
    expect(instagramDirectConnector.handshake!(hubChallengeRequest({ 'hub.mode': 'subscribe', 'hub.verify_token': 'ig-verify-token', 'hub.challenge': '42' }), channel)?.body).toBe('42');
    expect(instagramDirectConnector.handshake!(hubChallengeRequest({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '42' }), channel)?.status).toBe(403);
    const body = webhook(fromUser({ message: { mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw', text: 'Hi!' } }));
    expect(instagramDirectConnector.verify(signedMetaRequest(APP_SECRET, body), channel, deps)).toEqual({ ok: true });
    expect(instagramDirectConnector.verify(signedMetaRequest('wrong-secret', body), channel, deps)).toMatchObject({ ok: false, reason: expect.stringMatching(/^signature mismatch/) });
  });

  it('parses text, story mentions and shares as links, a quick-reply tap, and a read naming its mid', () => {
    const events = parse(webhook(
      fromUser({ message: { mid: 'ig_m1', text: 'Is this in stock?' } }),
      fromUser({ message: { mid: 'ig_m2', attachments: [{ type: 'story_mention', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' } }] } }),
      fromUser({ message: { mid: 'ig_m3', attachments: [{ type: 'image', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2' } }] } }),
      fromUser({ message: { mid: 'ig_m4', text: 'Size M', quick_reply: { payload: 'SIZE_M' } } }),
      fromUser({ read: { mid: 'ig_out_1' } }),
      fromUser({ message: { mid: 'ig_m5', is_deleted: true } }),
    ));
    expect(events).toEqual([
      expect.objectContaining({ kind: 'message', eventId: 'ig_m1', threadId: IGSID, text: 'Is this in stock?' }),
      expect.objectContaining({ kind: 'message', eventId: 'ig_m2', text: '', attachments: [{ url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1', mime: 'text/uri-list', name: 'story_mention' }] }),
      expect.objectContaining({ kind: 'message', eventId: 'ig_m3', attachments: [{ url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2', mime: 'image/*' }] }),
      expect.objectContaining({ kind: 'postback', eventId: 'ig_m4', payload: 'SIZE_M', text: 'Size M' }),
      { kind: 'receipt', eventId: 'receipt:ig_out_1:read', providerMessageId: 'ig_out_1', status: 'read', occurredAt: T },
    ]);
  });

  it('sends to /{ig-id}/messages without messaging_type; HUMAN_AGENT after 24 h', async () => {
    const before = graph.received.length;
    const result = await instagramDirectConnector.send(outbound({ content: { type: 'text', text: 'Yes, in M and L.', format: 'plain' } }), channel, deps);
    await instagramDirectConnector.send(outbound({ content: { type: 'text', text: 'Sorry for the wait', format: 'plain' }, messagingTag: 'HUMAN_AGENT' }), channel, deps);
    const [plain, tagged] = graph.received.slice(before);
    expect(plain.path).toBe(`/v25.0/${IG_ID}/messages`);
    expect(plain.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(plain.body).toEqual({ recipient: { id: IGSID }, message: { text: 'Yes, in M and L.' } });
    expect(tagged.body).toEqual({ recipient: { id: IGSID }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Sorry for the wait' } });
    expect(result.providerMessageId).toMatch(/^m_/);
  });
});

describe('Instagram Direct set-up', () => {
  it('GET /{ig-id} with the token must answer for the account; its username is kept; next steps name the fields', async () => {
    const context = { webhookUrl: 'https://parley.example.com/webhooks/ch_ig', reason: 'create' as const };
    expect(await instagramDirectConnector.setup!(channel, context, deps)).toEqual({ config: { instagramUsername: 'parley.test', webhookSubscribed: true, appCallbackSet: false, webhookSetupProblem: undefined } });
    const refused = await instagramDirectConnector.setup!({ ...channel, config: { ...channel.config, accessToken: 'IGAAT-someone-elses-token-00' } }, context, deps).catch((e: Error) => e);
    expect((refused as Error).message).toMatch(/^the accessToken was not accepted for this Instagram account: .*code 190/);
    const steps = instagramDirectConnector.nextSteps!({ ...channel.config, instagramUsername: 'parley.test' }, context);
    expect(steps.map((s) => s.value)).toEqual([context.webhookUrl, 'ig-verify-token', 'messages,messaging_postbacks,messaging_seen', undefined]);
    expect(steps[3].text).toContain('@parley.test');
  });
});
