// The providers' profile calls (connector.fetchProfile) against local stand-ins: the exact request
// (path, fields, token), the provider's own auth check, and how answers map to a name and a BCP 47 language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendError, type ConnectorDeps } from '../../connectors/connector';
import { messengerConnector, type MessengerConfig } from '../../connectors/messenger';
import { instagramDirectConnector, type InstagramDirectConfig } from '../../connectors/instagram-direct';
import { lineConnector, type LineConfig } from '../../connectors/line';
import { wechatConnector, type WeChatConfig } from '../../connectors/wechat';
import { startMetaGraphApi, type MetaGraphApi } from '../fakes/meta-graph-api';
import { startLineApi, type LineApi } from '../fakes/line-api';
import { startWeChatApi, wechatError, type WeChatApi } from '../fakes/wechat-api';

const deps: ConnectorDeps = { fetch, now: () => Date.now() };
const PAGE_TOKEN = 'EAAG-page-token-0123456789';
const OTHER_TOKEN = 'EAAG-other-page-token-00000';
const IG_TOKEN = 'IGAA-instagram-token-0123456789';
const PSID = '6543219876543210';
const IGSID = '1789000000000042';
const LINE_TOKEN = 'line-channel-access-token-0123456789';
const LINE_USER = `U${'4'.repeat(32)}`;
const APP_ID = 'wx1234567890abcdef';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const OPENID = 'oLVPpjqs9BhvzwPj5A-vTYAX3GLc';

let graph: MetaGraphApi;
let line: LineApi;
let wechat: WeChatApi;
beforeAll(async () => {
  graph = await startMetaGraphApi({
    tokens: [PAGE_TOKEN, OTHER_TOKEN, IG_TOKEN],
    userProfiles: {
      [PSID]: { token: PAGE_TOKEN, profile: { first_name: 'Lucía', last_name: 'Fernández', locale: 'es_ES', profile_pic: 'https://x/pic.jpg' } },
      [IGSID]: { token: IG_TOKEN, profile: { name: 'Kenji Sato', username: 'kenji.s' } },
      '1789000000000043': { token: IG_TOKEN, profile: { username: 'no.name' } },
    },
  });
  line = await startLineApi({ accessToken: LINE_TOKEN, profiles: { [LINE_USER]: { displayName: 'さくら', language: 'ja' } } });
  wechat = await startWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, followers: { [OPENID]: { nickname: '小明', language: 'zh_CN' } } });
});
afterAll(async () => { await Promise.all([graph?.close(), line?.close(), wechat?.close()]); });

const messengerConfig = (token = PAGE_TOKEN) => messengerConnector.configSchema.parse({
  pageId: '106540352242922', pageAccessToken: token, appSecret: 'app-secret', verifyToken: 'verify-me-please', graphApiBaseUrl: graph.url, timeoutMs: 2000,
}) as MessengerConfig;
const instagramConfig = () => instagramDirectConnector.configSchema.parse({
  instagramAccountId: '17841400000000001', accessToken: IG_TOKEN, appSecret: 'app-secret', verifyToken: 'ig-verify-token', graphApiBaseUrl: graph.url, timeoutMs: 2000,
}) as InstagramDirectConfig;
const lineConfig = (token = LINE_TOKEN) => lineConnector.configSchema.parse({ channelSecret: '0123456789abcdef0123456789abcdef', channelAccessToken: token, apiBaseUrl: line.url, timeoutMs: 2000 }) as LineConfig;
const wechatConfig = () => wechatConnector.configSchema.parse({ appId: APP_ID, appSecret: APP_SECRET, token: 'parleyServerToken42', apiBaseUrl: wechat.url, timeoutMs: 2000 }) as WeChatConfig;

describe('Messenger profile', () => {
  it('GET /v25.0/{PSID}?fields=first_name,last_name,locale with the Page token; es_ES becomes es-ES', async () => {
    const before = graph.received.length;
    const profile = await messengerConnector.fetchProfile!(messengerConfig(), PSID, deps);
    expect(profile).toEqual({ name: 'Lucía Fernández', language: 'es-ES' });
    const [request] = graph.received.slice(before);
    expect(request.method).toBe('GET');
    expect(request.path).toBe(`/v25.0/${PSID}`);
    expect(request.query).toEqual({ fields: 'first_name,last_name,locale' });
    expect(request.headers.authorization).toBe(`Bearer ${PAGE_TOKEN}`);
  });

  it('another Page\'s token is refused the way Meta refuses it, with Meta\'s message', async () => {
    const err = await messengerConnector.fetchProfile!(messengerConfig(OTHER_TOKEN), PSID, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as Error).message).toMatch(/does not exist/);
    expect((err as Error).message).toMatch(/profile/);
  });
});

describe('Instagram profile', () => {
  it('GET /{IGSID}?fields=name,username with the account token: a name, no language (Instagram gives none)', async () => {
    const before = graph.received.length;
    expect(await instagramDirectConnector.fetchProfile!(instagramConfig(), IGSID, deps)).toEqual({ name: 'Kenji Sato' });
    const [request] = graph.received.slice(before);
    expect(request.path).toBe(`/v25.0/${IGSID}`);
    expect(request.query).toEqual({ fields: 'name,username' });
    expect(request.token).toBe(IG_TOKEN);
  });

  it('without a display name the @username stands in', async () => {
    expect(await instagramDirectConnector.fetchProfile!(instagramConfig(), '1789000000000043', deps)).toEqual({ name: '@no.name' });
  });
});

describe('LINE profile', () => {
  it('GET /v2/bot/profile/{userId} with the channel access token: displayName and language', async () => {
    expect(await lineConnector.fetchProfile!(lineConfig(), LINE_USER, deps)).toEqual({ name: 'さくら', language: 'ja' });
    const [call] = line.callsTo(`/v2/bot/profile/${LINE_USER}`);
    expect(call.method).toBe('GET');
    expect(call.headers.authorization).toBe(`Bearer ${LINE_TOKEN}`);
  });

  it('a wrong token gets LINE\'s 401 and its message', async () => {
    await expect(lineConnector.fetchProfile!(lineConfig('not-the-channel-access-token'), LINE_USER, deps)).rejects.toThrow(/401: Authentication failed/);
  });

  it('a user who is not a friend of the bot: 404, nothing learned', async () => {
    await expect(lineConnector.fetchProfile!(lineConfig(), `U${'5'.repeat(32)}`, deps)).rejects.toThrow(/404/);
  });
});

describe('WeChat profile', () => {
  it('GET /cgi-bin/user/info with the cached access token, the OpenID and lang=en; zh_CN becomes zh-CN', async () => {
    expect(await wechatConnector.fetchProfile!(wechatConfig(), OPENID, deps)).toEqual({ name: '小明', language: 'zh-CN' });
    const [call] = wechat.callsOf('userInfo');
    expect(call.method).toBe('GET');
    expect(call.query).toMatchObject({ openid: OPENID, lang: 'en' });
    expect(wechat.issuedTokens).toContain(call.query.access_token);
  });

  it('an expired token is renewed once and the call made again', async () => {
    wechat.expireTokens();
    const tokensBefore = wechat.issuedTokens.length;
    expect(await wechatConnector.fetchProfile!(wechatConfig(), OPENID, deps)).toEqual({ name: '小明', language: 'zh-CN' });
    expect(wechat.issuedTokens.length).toBe(tokensBefore + 1);
  });

  it('an unknown OpenID: WeChat\'s errcode and its meaning', async () => {
    wechat.answerNext('userInfo', wechatError(40003, 'invalid openid'));
    await expect(wechatConnector.fetchProfile!(wechatConfig(), OPENID, deps)).rejects.toThrow(/errcode 40003.*not a follower/);
  });
});
