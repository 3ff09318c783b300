// WeChat files both ways against the WeChat API stand-in: a customer's voice, image and video
// MediaId downloaded with GET /cgi-bin/media/get (the access token in the query; a video's
// `video_url` fetched without it; an errcode body is an error, not a file), and an agent's image or
// voice uploaded with POST /cgi-bin/media/upload (multipart field `media`) and sent as an image /
// voice customer-service message naming the media_id; other files stay links. A stale token on
// either call is renewed once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendError, type ChannelContext, type OutboundMessage, type RawRequest } from '../../connectors/connector';
import { wechatConnector } from '../../connectors/wechat';
import type { WeChatConfig } from '../../connectors/wechat/config';
import type { PublicMediaContext } from '../../connectors/shared/public-media';
import { startWeChatApi, wechatError, type WeChatApi } from '../fakes/wechat-api';

const APP_ID = 'wx00112233445566ff';
const SECRET = 'fedcba9876543210fedcba9876543210';
const OPENID = 'oMediaTestOpenId_0123456789';
const AMR = Buffer.concat([Buffer.from('#!AMR\n', 'ascii'), Buffer.alloc(400, 0x3c)]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
const MP4 = Buffer.concat([Buffer.from('00000018667479706973736f6d0000020069736f6d69736f32', 'hex'), Buffer.alloc(2000, 0x2a)]);

let api: WeChatApi;
let dir: string;
beforeAll(async () => {
  api = await startWeChatApi({ appId: APP_ID, appSecret: SECRET });
  dir = mkdtempSync(join(tmpdir(), 'wechat-media-'));
});
afterAll(async () => { await api.close(); });

const config = (): WeChatConfig => wechatConnector.configSchema.parse({ appId: APP_ID, appSecret: SECRET, token: 'mediaToken42', apiBaseUrl: api.url, timeoutMs: 2000 });
const channel = (): ChannelContext<WeChatConfig> => ({ id: 'ch_wx_media', accountId: 'acc_1', config: config() });
const deps = { fetch, now: () => Date.now() };
const fetchMedia = (ref: string) => wechatConnector.fetchMedia!(config(), ref, deps);

const inbound = (type: string, mediaId: string, msgId: string, extra = '') => wechatConnector.parse({
  method: 'POST', url: 'https://parley.example.com/webhooks/ch_wx_media', headers: {},
  body: Buffer.from(`<xml><ToUserName><![CDATA[gh_media]]></ToUserName><FromUserName><![CDATA[${OPENID}]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[${type}]]></MsgType><MediaId><![CDATA[${mediaId}]]></MediaId>${extra}<MsgId>${msgId}</MsgId></xml>`),
} as RawRequest, channel())[0] as { attachments: { url?: string }[] };

describe('WeChat inbound media (fetchMedia, GET /cgi-bin/media/get)', () => {
  it('a voice message\'s MediaId is downloaded with the access token: the exact bytes, type and WeChat\'s file name', async () => {
    api.addMedia('voice_Media_1', AMR, 'audio/amr');
    const [attachment] = inbound('voice', 'voice_Media_1', '7000000000000000001', '<Format><![CDATA[amr]]></Format>').attachments;
    expect(attachment.url).toBe('wechat-media:voice_Media_1');
    const before = api.callsOf('mediaGet').length;
    const media = await fetchMedia(attachment.url!);
    expect(Buffer.from(media.bytes).equals(AMR)).toBe(true);
    expect(media).toMatchObject({ mime: 'audio/amr', name: 'voice_Media_1.amr' });
    const [call] = api.callsOf('mediaGet').slice(before);
    expect(call).toMatchObject({ method: 'GET', path: '/cgi-bin/media/get', query: { access_token: api.issuedTokens.at(-1), media_id: 'voice_Media_1' } });
  });

  it('a video: WeChat answers a video_url, which is fetched without the access token', async () => {
    api.addMedia('video_Media_1', MP4, 'video/mp4', { asVideoUrl: true });
    const [attachment] = inbound('video', 'video_Media_1', '7000000000000000002', '<ThumbMediaId><![CDATA[thumb_1]]></ThumbMediaId>').attachments;
    const media = await fetchMedia(attachment.url!);
    expect(Buffer.from(media.bytes).equals(MP4)).toBe(true);
    expect(media.mime).toBe('video/mp4');
    const download = api.callsOf('videoDownload').at(-1)!;
    expect(download.query.access_token).toBeUndefined();
  });

  it('an errcode body is WeChat\'s refusal, not a file: a permanent error quoting it', async () => {
    const err = await fetchMedia('wechat-media:expired_after_3_days').catch((e) => e);
    expect(err).toBeInstanceOf(SendError);
    expect(err.message).toMatch(/^WeChat media\/get failed with errcode 40007: invalid media_id/);
    expect(err.transient).toBe(false);
    await expect(fetchMedia('telegram-file:abc')).rejects.toThrow(/not a WeChat media reference/);
  });

  it('an expired token (42001) on media/get is renewed once and the download retried', async () => {
    api.addMedia('image_Media_1', PNG, 'image/png');
    await fetchMedia('wechat-media:image_Media_1');
    api.expireTokens();
    const tokens = api.callsOf('token').length;
    const gets = api.callsOf('mediaGet').length;
    const media = await fetchMedia('wechat-media:image_Media_1');
    expect(Buffer.from(media.bytes).equals(PNG)).toBe(true);
    expect(api.callsOf('token')).toHaveLength(tokens + 1);
    expect(api.callsOf('mediaGet').slice(gets).map((c) => c.query.access_token)).toEqual([api.issuedTokens.at(-2), api.issuedTokens.at(-1)]);
  });
});

describe('WeChat outbound media (POST /cgi-bin/media/upload, then an image / voice message)', () => {
  /** A stored file as the engine's outbound context names it (engine/attachments/outbound-media-links.ts). */
  const stored = (name: string, bytes: Buffer, mime: string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const url = `https://parley.example.com/api/v1/attachments/file_${name.replace(/\W/g, '')}`;
    return { url, attachment: { url, mime, name }, file: { link: `https://parley.example.com/media/tok/${name}`, mime, name, size: bytes.length, path } };
  };
  const message = (files: ReturnType<typeof stored>[], text = 'Here you go.'): OutboundMessage => ({
    id: 'msg_wx_media', caseId: 'case_1', threadId: OPENID, recipient: { externalId: OPENID },
    content: { content: { type: 'text', text, format: 'plain' } }, text,
    attachments: files.map((f) => f.attachment),
    context: { publicMedia: { files: Object.fromEntries(files.map((f) => [f.url, f.file])) } satisfies PublicMediaContext },
  });
  const sendsSince = (n: number) => api.callsOf('send').slice(n).map((c) => c.body);

  it('an agent\'s PNG is uploaded as image media (multipart `media`, with the token) and sent as an image message naming the media_id', async () => {
    const png = stored('return-label.png', PNG, 'image/png');
    const uploads = api.callsOf('mediaUpload').length;
    const sends = api.callsOf('send').length;
    await wechatConnector.send(message([png]), channel(), deps);
    const [upload] = api.callsOf('mediaUpload').slice(uploads);
    expect(upload).toMatchObject({ method: 'POST', path: '/cgi-bin/media/upload', query: { access_token: api.issuedTokens.at(-1), type: 'image' } });
    const part = upload.parts!.media as { filename: string; type: string; bytes: Buffer };
    expect(part).toMatchObject({ filename: 'return-label.png', type: 'image/png' });
    expect(part.bytes.equals(PNG)).toBe(true);
    const [mediaId] = [...api.uploaded.keys()].slice(-1);
    expect(sendsSince(sends)).toEqual([
      { touser: OPENID, msgtype: 'text', text: { content: 'Here you go.' } },
      { touser: OPENID, msgtype: 'image', image: { media_id: mediaId } },
    ]);
  });

  it('an AMR voice file goes as a voice message; a PDF and a video stay links (their public links)', async () => {
    const amr = stored('reply.amr', AMR, 'audio/amr');
    const pdf = stored('invoice.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    const mp4 = stored('howto.mp4', MP4, 'video/mp4');
    const sends = api.callsOf('send').length;
    await wechatConnector.send(message([amr, pdf, mp4]), channel(), deps);
    const upload = api.callsOf('mediaUpload').at(-1)!;
    expect(upload.query.type).toBe('voice');
    const [mediaId] = [...api.uploaded.keys()].slice(-1);
    expect(api.uploaded.get(mediaId)!.bytes.equals(AMR)).toBe(true);
    expect(sendsSince(sends)).toEqual([
      { touser: OPENID, msgtype: 'text', text: { content: 'Here you go.' } },
      { touser: OPENID, msgtype: 'voice', voice: { media_id: mediaId } },
      { touser: OPENID, msgtype: 'text', text: { content: 'invoice.pdf: https://parley.example.com/media/tok/invoice.pdf\nhowto.mp4: https://parley.example.com/media/tok/howto.mp4' } },
    ]);
  });

  it('an image over WeChat\'s 2 MB media limit goes as its link instead', async () => {
    const big = stored('poster.png', Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024, 0)]), 'image/png');
    const uploads = api.callsOf('mediaUpload').length;
    const sends = api.callsOf('send').length;
    await wechatConnector.send(message([big], 'Poster:'), channel(), deps);
    expect(api.callsOf('mediaUpload')).toHaveLength(uploads);
    expect(sendsSince(sends).at(-1)).toEqual({ touser: OPENID, msgtype: 'text', text: { content: 'poster.png: https://parley.example.com/media/tok/poster.png' } });
  });

  it('errcode 40001 on the upload renews the token once and retries; a second refusal fails before anything is sent', async () => {
    const png = stored('photo.png', PNG, 'image/png');
    await wechatConnector.send(message([], 'warm up'), channel(), deps);
    const tokens = api.callsOf('token').length;
    const uploads = api.callsOf('mediaUpload').length;
    const sends = api.callsOf('send').length;
    api.answerNext('mediaUpload', wechatError(40001, 'invalid credential, access_token is invalid or not latest'));
    await wechatConnector.send(message([png]), channel(), deps);
    expect(api.callsOf('token')).toHaveLength(tokens + 1);
    const tried = api.callsOf('mediaUpload').slice(uploads);
    expect(tried.map((c) => c.query.access_token)).toEqual([api.issuedTokens.at(-2), api.issuedTokens.at(-1)]);
    expect(sendsSince(sends).at(-1)).toMatchObject({ msgtype: 'image' });

    const sent = api.callsOf('send').length;
    api.answerNext('mediaUpload', wechatError(40001, 'invalid credential'), wechatError(40001, 'invalid credential'));
    const err = await wechatConnector.send(message([png]), channel(), deps).catch((e) => e);
    expect(err.message).toMatch(/^WeChat media\/upload failed with errcode 40001/);
    expect(api.callsOf('send')).toHaveLength(sent);
  });
});
