// WeChat files both ways, end to end on a real Temporal dev server, SQLite file and HTTP, against
// the WeChat API stand-in: a customer's voice message (MediaId) opened by an agent is downloaded
// once through GET /cgi-bin/media/get with the access token and served with the exact bytes; an
// agent's PNG reply is uploaded through POST /cgi-bin/media/upload (multipart `media`) and arrives
// as an image customer-service message naming that media_id; errcode 40001 on the upload renews
// the token once and the upload is retried.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWeChatApi, wechatError, type WeChatApi } from '../fakes/wechat-api';
import { eventually, startHarness, type Harness } from '../support/parley-harness';

const APP_ID = 'wx0a1b2c3d4e5f6a7b';
const SECRET = '00112233445566778899aabbccddeeff';
const AMR = Buffer.concat([Buffer.from('#!AMR\n', 'ascii'), Buffer.alloc(1200, 0x3c)]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');

describe('WeChat media, in and out', () => {
  let h: Harness;
  let wx: WeChatApi;
  let channel: { id: string; generatedSecrets: { token: string } };
  let msgId = 8_000_000_000_000_000;

  beforeAll(async () => {
    wx = await startWeChatApi({ appId: APP_ID, appSecret: SECRET });
    h = await startHarness({ temporalAddress: inject('temporalAddress'), env: { PARLEY_PUBLIC_URL: 'https://parley.acme.test' } });
    const res = await h.api('/api/v1/channels', { method: 'POST', json: { type: 'wechat', name: 'Acme 公众号', config: { appId: APP_ID, appSecret: SECRET, apiBaseUrl: wx.url } } });
    expect(res.status).toBe(201);
    channel = await res.json();
  });
  afterAll(async () => {
    await h?.stop();
    await wx?.close();
  });

  const getCase = async (id: string) => (await h.api(`/api/v1/cases/${id}`, { key: h.agentKey })).json();
  const messageOf = async (caseId: string, id: string) => (await getCase(caseId)).messages.find((m: { id: string }) => m.id === id);
  /** WeChat's request signature, written out: sha1 of the sorted Token, timestamp and nonce. */
  const post = (xml: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(Math.floor(Math.random() * 1e9));
    const signature = createHash('sha1').update([channel.generatedSecrets.token, timestamp, nonce].sort().join('')).digest('hex');
    return fetch(`${h.parley.url}/webhooks/${channel.id}?${new URLSearchParams({ signature, timestamp, nonce, openid: 'x' })}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
  };
  const customerSends = async (openId: string, body: string) => {
    const res = await post(`<xml><ToUserName><![CDATA[gh_acme]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>${body}<MsgId>${++msgId}</MsgId></xml>`);
    expect(await res.text()).toBe('success');
    const row = h.parley.db.$client.prepare("select id from cases where channel_id = ? and thread_id = ? and status != 'closed' order by id desc limit 1").get(channel.id, openId) as { id: string };
    await eventually(async () => (await getCase(row.id)).lastInboundAt);
    return row.id;
  };
  const replyWithPng = async (caseId: string, name: string) => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(PNG)], name));
    form.set('channelId', channel.id);
    const file = await (await fetch(`${h.parley.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${h.agentKey}` }, body: form })).json();
    const res = await h.api(`/api/v1/cases/${caseId}/messages`, { method: 'POST', key: h.agentKey, json: { text: 'Here is your return label.', attachments: [{ url: file.url, mime: file.mime, name: file.name }] } });
    expect(res.status).toBe(202);
    const id = (await res.json()).id as string;
    return eventually(async () => { const m = await messageOf(caseId, id); return m.deliveryStatus === 'sent' ? m : null; }, 20_000, 100);
  };

  it('a customer\'s voice message: the agent opens it and gets the exact bytes, downloaded once with the access token', async () => {
    wx.addMedia('voice_Media_e2e_1', AMR, 'audio/amr');
    const caseId = await customerSends('oVoiceCustomer', '<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[voice_Media_e2e_1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[我的包裹坏了]]></Recognition>');
    const [message] = (await getCase(caseId)).messages;
    expect(message.text).toBe('我的包裹坏了');
    const [attachment] = message.attachments;

    const first = await h.api(`/api/v1/attachments/${attachment.id}`, { key: h.agentKey });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^audio\/amr/);
    expect(Buffer.from(await first.arrayBuffer()).equals(AMR)).toBe(true);
    const gets = wx.callsOf('mediaGet');
    expect(gets).toHaveLength(1);
    expect(gets[0].query).toEqual({ access_token: wx.issuedTokens.at(-1), media_id: 'voice_Media_e2e_1' });
    // The second open is Parley's stored copy: WeChat is not asked again.
    const second = await h.api(`/api/v1/attachments/${attachment.id}`, { key: h.agentKey });
    expect(Buffer.from(await second.arrayBuffer()).equals(AMR)).toBe(true);
    expect(wx.callsOf('mediaGet')).toHaveLength(1);
  });

  it('an agent\'s PNG reply arrives as an upload (multipart `media`) and an image message with that media_id', async () => {
    const caseId = await customerSends('oImageCustomer', '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[Where do I send it back?]]></Content>');
    const uploads = wx.callsOf('mediaUpload').length;
    const sends = wx.callsOf('send').length;
    await replyWithPng(caseId, 'return-label.png');
    const [upload] = wx.callsOf('mediaUpload').slice(uploads);
    expect(upload.query).toEqual({ access_token: wx.issuedTokens.at(-1), type: 'image' });
    const part = upload.parts!.media as { filename: string; bytes: Buffer };
    expect(part.filename).toBe('return-label.png');
    expect(part.bytes.equals(PNG)).toBe(true);
    const [mediaId] = [...wx.uploaded.keys()].slice(-1);
    expect(wx.callsOf('send').slice(sends).map((c) => c.body)).toEqual([
      { touser: 'oImageCustomer', msgtype: 'text', text: { content: 'Here is your return label.' } },
      { touser: 'oImageCustomer', msgtype: 'image', image: { media_id: mediaId } },
    ]);
  });

  it('errcode 40001 (token no longer valid) on the upload: the token is renewed once and the upload retried', async () => {
    const caseId = await customerSends('oTokenCustomer', '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[Label please]]></Content>');
    const tokens = wx.callsOf('token').length;
    const uploads = wx.callsOf('mediaUpload').length;
    const sends = wx.callsOf('send').length;
    wx.answerNext('mediaUpload', wechatError(40001, 'invalid credential, access_token is invalid or not latest'));
    await replyWithPng(caseId, 'label-2.png');
    expect(wx.callsOf('token')).toHaveLength(tokens + 1);
    const tried = wx.callsOf('mediaUpload').slice(uploads);
    expect(tried).toHaveLength(2);
    expect(tried[1].query.access_token).toBe(wx.issuedTokens.at(-1));
    expect(tried[0].query.access_token).not.toBe(tried[1].query.access_token);
    const [mediaId] = [...wx.uploaded.keys()].slice(-1);
    expect(wx.callsOf('send').slice(sends).at(-1)!.body).toEqual({ touser: 'oTokenCustomer', msgtype: 'image', image: { media_id: mediaId } });
  });
});
