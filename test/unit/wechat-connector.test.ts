// The WeChat Official Account connector against WeChat's documented plain-mode protocol: the
// echostr handshake and the request signature (computed here with node:crypto, not Parley's code),
// the message XML of each kind, the customer-service API calls (checked by a local stand-in), the
// access-token cache and refresh, errcode classification and the set-up check.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendError, SetupError, type ChannelContext, type OutboundMessage, type RawRequest } from '../../connectors/connector';
import { wechatConnector } from '../../connectors/wechat';
import type { WeChatConfig } from '../../connectors/wechat/config';
import { readFlatXml } from '../../connectors/wechat/flat-xml';
import { startWeChatApi, wechatError, type WeChatApi } from '../fakes/wechat-api';

const APP_ID = 'wx1234567890abcdef';
const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'parleyServerToken42';
const OPENID = 'oLVPpjqs9BhvzwPj5A-vTYAX3GLc';

let api: WeChatApi;
beforeAll(async () => { api = await startWeChatApi({ appId: APP_ID, appSecret: SECRET }); });
afterAll(async () => { await api.close(); });

const config = (over: Partial<WeChatConfig> = {}): WeChatConfig =>
  wechatConnector.configSchema.parse({ appId: APP_ID, appSecret: SECRET, token: TOKEN, apiBaseUrl: api.url, timeoutMs: 2000, ...over });
const channel = (over: Partial<WeChatConfig> = {}): ChannelContext<WeChatConfig> => ({ id: 'ch_wx', accountId: 'acc_1', config: config(over) });
const deps = { fetch, now: () => Date.now() };

/** WeChat's scheme, written out: sha1 of the sorted token, timestamp and nonce. */
const sign = (token: string, timestamp: string, nonce: string) => createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
const signedUrl = (extra: Record<string, string> = {}, token = TOKEN) => {
  const timestamp = '1700000000';
  const nonce = '1514711492';
  const q = new URLSearchParams({ signature: sign(token, timestamp, nonce), timestamp, nonce, openid: OPENID, ...extra });
  return `https://parley.example.com/webhooks/ch_wx?${q}`;
};
const post = (xml: string, url = signedUrl()): RawRequest => ({ method: 'POST', url, headers: { 'content-type': 'text/xml' }, body: Buffer.from(xml) });

// The documented examples (developers.weixin.qq.com "Receiving standard messages").
const textXml = (content = 'this is a test', msgId = '1234567890123456', extra = '') =>
  `<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[${OPENID}]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId>${extra}</xml>`;
const imageXml = `<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[${OPENID}]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.qpic.cn/abc/0]]></PicUrl><MediaId><![CDATA[media_id_1]]></MediaId><MsgId>1234567890123457</MsgId></xml>`;
const voiceXml = `<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[${OPENID}]]></FromUserName><CreateTime>1357290913</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[media_id_2]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[我的订单在哪里]]></Recognition><MsgId>1234567890123458</MsgId></xml>`;
const subscribeXml = `<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[${OPENID}]]></FromUserName><CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`;

describe('WeChat URL verification (echostr) and request signatures', () => {
  const handshake = (url: string) => wechatConnector.handshake!({ method: 'GET', url, headers: {}, body: Buffer.alloc(0) }, channel());

  it('echoes echostr as plain text when the signature is right', () => {
    expect(handshake(signedUrl({ echostr: '5837397749616189562' }))).toEqual({ status: 200, body: '5837397749616189562', contentType: 'text/plain' });
  });

  it('refuses the handshake signed with another Token, and is not a handshake without echostr', () => {
    expect(handshake(signedUrl({ echostr: '1' }, 'someoneElsesToken'))).toEqual({ status: 401, body: 'WeChat URL verification refused: signature mismatch: timestamp or nonce was altered, or it was signed with another Token' });
    expect(handshake(signedUrl())).toBeNull();
  });

  const verify = (req: RawRequest) => wechatConnector.verify(req, channel(), deps);

  it('accepts a signed message POST', () => {
    expect(verify(post(textXml()))).toEqual({ ok: true });
  });

  it('refuses a wrong Token, an altered nonce, missing parameters and a malformed signature, naming the check', () => {
    expect(verify(post(textXml(), signedUrl({}, 'someoneElsesToken')))).toMatchObject({ ok: false, reason: expect.stringMatching(/^signature mismatch/) });
    expect(verify(post(textXml(), signedUrl().replace('nonce=1514711492', 'nonce=1514711493')))).toMatchObject({ ok: false, reason: expect.stringMatching(/^signature mismatch/) });
    expect(verify(post(textXml(), 'https://parley.example.com/webhooks/ch_wx?timestamp=1700000000'))).toEqual({ ok: false, reason: 'missing WeChat query parameters: signature, nonce' });
    expect(verify(post(textXml(), 'https://parley.example.com/webhooks/ch_wx'))).toEqual({ ok: false, reason: 'missing WeChat query parameters: signature, timestamp, nonce' });
    expect(verify(post(textXml(), signedUrl().replace(/signature=[0-9a-f]+/, 'signature=zz')))).toEqual({ ok: false, reason: 'malformed signature: expected 40 hex characters (sha1)' });
  });

  it('refuses safe (encrypted) mode with a reason that says how to switch', () => {
    const encrypted = `<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><Encrypt><![CDATA[ciphertext==]]></Encrypt></xml>`;
    expect(verify(post(encrypted, signedUrl({ encrypt_type: 'aes', msg_signature: 'abc' })))).toEqual({ ok: false, reason: expect.stringMatching(/^the message is encrypted \(safe mode, encrypt_type=aes\).*plain text/) });
  });
});

describe('WeChat message XML', () => {
  const parse = (xml: string) => wechatConnector.parse(post(xml), channel());

  it('reads a text message: OpenID as sender and thread, MsgId as the event id', () => {
    expect(parse(textXml())).toEqual([{
      kind: 'message', eventId: 'wechat:1234567890123456', providerMessageId: '1234567890123456', threadId: OPENID,
      sender: { externalId: OPENID }, text: 'this is a test', attachments: [], occurredAt: 1348831860000, raw: expect.objectContaining({ MsgType: 'text' }),
    }]);
  });

  it('keeps CDATA text as it is, including markup-like characters and Chinese', () => {
    expect(parse(textXml('<b>你好</b> & ]] bye'))[0]).toMatchObject({ text: '<b>你好</b> & ]] bye' });
  });

  it('reads image and voice messages as attachments by MediaId (voice with its recognition as text)', () => {
    expect(parse(imageXml)[0]).toMatchObject({ kind: 'message', text: '', attachments: [{ mime: 'image/jpeg', url: 'wechat-media:media_id_1', name: 'image-media_id_1.jpg' }] });
    expect(parse(voiceXml)[0]).toMatchObject({ kind: 'message', text: '我的订单在哪里', attachments: [{ mime: 'audio/amr', url: 'wechat-media:media_id_2', name: 'voice-media_id_2.amr' }] });
  });

  it('reads a msgmenu tap (bizmsgmenuid) as a postback of that option number', () => {
    expect(parse(textXml('Entrega', '1234567890123459', '<bizmsgmenuid>2</bizmsgmenuid>'))[0]).toMatchObject({ kind: 'postback', payload: '#2', text: 'Entrega' });
  });

  it('skips events (subscribe, menu clicks) and kinds Parley does not handle', () => {
    expect(parse(subscribeXml)).toEqual([]);
    expect(parse(textXml().replace('<MsgType><![CDATA[text]]></MsgType>', '<MsgType><![CDATA[miniprogrampage]]></MsgType>'))).toEqual([]);
  });

  it('refuses XML that is not a WeChat message, and DTDs, with a 400', () => {
    expect(() => parse('<xml><Content>hi</Content></xml>')).toThrow(expect.objectContaining({ status: 400, issues: expect.arrayContaining([expect.objectContaining({ path: 'xml.ToUserName' })]) }));
    expect(() => parse('<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>')).toThrow(expect.objectContaining({ status: 400, message: 'The body is not WeChat message XML.' }));
    expect(() => parse('{"json": true}')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('the XML reader decodes entities in plain text and keeps split CDATA sections together', () => {
    expect(readFlatXml('<?xml version="1.0"?>\n<xml>\n  <A>a &amp; b &#20320;</A>\n  <B><![CDATA[x]]]]><![CDATA[>y]]></B><C/>\n</xml>')).toEqual({ A: 'a & b 你', B: 'x]]>y', C: '' });
  });
});

describe('WeChat send (customer-service message API)', () => {
  const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
    id: 'msg_wx_1', caseId: 'case_1', threadId: OPENID, recipient: { externalId: OPENID },
    content: { content: { type: 'text', text: '您的订单今天发货。', format: 'plain' } }, text: '您的订单今天发货。', attachments: [],
    ...over,
  });
  const send = (m = message(), c = channel(), d = deps) => wechatConnector.send(m, c, d);

  it('posts the text message with a fetched access token', async () => {
    const before = api.callsOf('send').length;
    const result = await send();
    const [call] = api.callsOf('send').slice(before);
    expect(call.query.access_token).toBe(api.issuedTokens.at(-1));
    expect(call.body).toEqual({ touser: OPENID, msgtype: 'text', text: { content: '您的订单今天发货。' } });
    expect(result.providerMessageId).toBe('msg_wx_1');
    expect(api.callsOf('token').at(-1)!.query).toEqual({ grant_type: 'client_credential', appid: APP_ID, secret: SECRET });
  });

  it('sends quick replies as a msgmenu whose ids are the option numbers', async () => {
    const before = api.callsOf('send').length;
    await send(message({ content: { content: { type: 'quickReplies', text: '¿Sobre qué es?', replies: [{ id: 'billing', title: 'Factura', payload: 'BILLING' }, { id: 'delivery', title: 'Entrega', payload: 'DELIVERY' }] } } }));
    expect(api.callsOf('send').slice(before)[0].body).toEqual({ touser: OPENID, msgtype: 'msgmenu', msgmenu: { head_content: '¿Sobre qué es?', list: [{ id: '1', content: 'Factura' }, { id: '2', content: 'Entrega' }], tail_content: '' } });
  });

  it('reuses the cached token, renews it before it expires, and renews at once on 42001 / 40001', async () => {
    await send();
    const tokens = api.callsOf('token').length;
    await send();
    expect(api.callsOf('token').length).toBe(tokens);
    await send(message(), channel(), { fetch, now: () => Date.now() + 7000_000 }); // 1h56m later: < 5 min left
    expect(api.callsOf('token').length).toBe(tokens + 1);

    api.expireTokens();
    const before = api.callsOf('send').length;
    await send();
    expect(api.callsOf('token').length).toBe(tokens + 2);
    const [stale, fresh] = api.callsOf('send').slice(before);
    expect(stale.query.access_token).not.toBe(fresh.query.access_token);
    expect(fresh.query.access_token).toBe(api.issuedTokens.at(-1));
  });

  it('classifies errcodes (HTTP 200): -1 transient; 45015 and 45047 permanent with the reason', async () => {
    api.answerNext('send', wechatError(-1, 'system error'));
    expect(await send().catch((e) => e)).toMatchObject({ transient: true, message: expect.stringMatching(/^WeChat message\/custom\/send failed with errcode -1: system error/) });
    api.answerNext('send', wechatError(45015, 'response out of time limit or subscription is canceled'));
    const late = await send().catch((e) => e);
    expect(late).toBeInstanceOf(SendError);
    expect(late).toMatchObject({ transient: false, status: 45015, message: expect.stringMatching(/errcode 45015: response out of time limit .*\(the customer has not written in the last 48 hours/) });
    api.answerNext('send', wechatError(45047, 'out of response count limit'));
    expect(await send().catch((e) => e)).toMatchObject({ transient: false, message: expect.stringMatching(/errcode 45047: out of response count limit .*limit of customer-service messages/) });
  });

  it('HTTP 5xx and timeouts are transient; two stale tokens in a row fail', async () => {
    api.answerNext('send', { status: 503, json: { errcode: -1, errmsg: 'busy' } });
    expect(await send().catch((e) => e)).toMatchObject({ transient: true, status: 503 });
    api.answerNext('send', { delayMs: 1500 });
    expect(await send(message(), channel({ timeoutMs: 300 })).catch((e) => e)).toMatchObject({ transient: true, message: 'WeChat message/custom/send did not answer within 300 ms.' });
    api.answerNext('send', wechatError(40001, 'invalid credential'), wechatError(40001, 'invalid credential'));
    expect(await send().catch((e) => e)).toMatchObject({ transient: false, status: 40001 });
  });

  it('sends files WeChat messages cannot carry (a PDF) as a text message of links', async () => {
    const before = api.callsOf('send').length;
    await send(message({ attachments: [{ url: 'https://files.example/factura.pdf', mime: 'application/pdf', name: 'factura.pdf' }] }));
    expect(api.callsOf('send').slice(before).map((c) => c.body)).toEqual([
      { touser: OPENID, msgtype: 'text', text: { content: '您的订单今天发货。' } },
      { touser: OPENID, msgtype: 'text', text: { content: 'factura.pdf: https://files.example/factura.pdf' } },
    ]);
  });
});

describe('WeChat set-up', () => {
  it('accepts an AppID and AppSecret WeChat gives a token for; says where to paste the URL and Token', async () => {
    await expect(wechatConnector.setup!(channel(), { webhookUrl: 'https://parley.example.com/webhooks/ch_wx', reason: 'create' }, deps)).resolves.toBeUndefined();
    const steps = wechatConnector.nextSteps!(config(), { webhookUrl: 'https://parley.example.com/webhooks/ch_wx' });
    expect(steps[0]).toMatchObject({ value: 'https://parley.example.com/webhooks/ch_wx' });
    expect(JSON.stringify(steps)).toMatch(/Plain text mode/);
    expect(JSON.stringify(steps)).not.toContain(TOKEN);
  });

  it('refuses a wrong AppSecret quoting WeChat\'s errcode', async () => {
    const err = await wechatConnector.setup!(channel({ appSecret: 'ffffffffffffffffffffffffffffffff' }), { webhookUrl: 'x', reason: 'create' }, deps).catch((e) => e);
    expect(err).toBeInstanceOf(SetupError);
    expect(err.message).toMatch(/^the AppID and AppSecret were not accepted: WeChat token failed with errcode 40125: invalid appsecret/);
  });

  it('generates a Token WeChat accepts when none is given', () => {
    const prepared = wechatConnector.prepareConfig!(wechatConnector.configSchema.parse({ appId: APP_ID, appSecret: SECRET }));
    expect(prepared.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(wechatConnector.configSchema.safeParse({ appId: 'wx123', appSecret: SECRET }).error!.issues[0]).toMatchObject({ path: ['appId'] });
  });
});
