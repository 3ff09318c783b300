// A real HTTP server on 127.0.0.1 playing the WeChat Official Account API: GET /cgi-bin/token
// (client_credential, checks appid and secret, answers errcode 40013 / 40125 like WeChat) and
// GET /cgi-bin/user/info (a follower's nickname and language) and POST /cgi-bin/message/custom/send (checks the access token — 40001 for an unknown one, 42001 for
// an expired one — and the message shape per msgtype; image / voice messages must name a media_id it
// issued), GET /cgi-bin/media/get (serves the bytes of media added with addMedia, with Content-Type
// and Content-disposition, or a video's `{video_url}` served under /video/…; 40007 for an unknown
// media_id) and POST /cgi-bin/media/upload (multipart: checks `type` and the `media` field with a
// filename, keeps the bytes, answers a new media_id). Errors come as HTTP 200 with errcode, as
// WeChat sends them. Records every call; can be told to answer the next calls differently, and to
// expire the tokens it issued.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';

export interface WeChatCall {
  kind: 'token' | 'send' | 'userInfo' | 'mediaGet' | 'mediaUpload' | 'videoDownload';
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  /** media/upload: the multipart parts received, by field name. */
  parts?: Record<string, { filename?: string; type: string; bytes: Buffer } | string>;
  at: number;
}

export interface WeChatMedia {
  bytes: Buffer;
  mime: string;
  /** media/upload's `type`, for media Parley uploaded. */
  type?: string;
  filename?: string;
}

export interface WeChatAnswer {
  status?: number;
  json?: unknown;
  /** A file answer (media/get): the bytes with their Content-Type and a Content-disposition filename. */
  file?: WeChatMedia;
  delayMs?: number;
}

export interface WeChatApi {
  url: string;
  calls: WeChatCall[];
  callsOf(kind: WeChatCall['kind']): WeChatCall[];
  waitForCalls(kind: WeChatCall['kind'], n: number, timeoutMs?: number): Promise<WeChatCall[]>;
  answerNext(kind: WeChatCall['kind'], ...answers: WeChatAnswer[]): void;
  /** Every token issued so far now answers 42001 (access_token expired). */
  expireTokens(): void;
  issuedTokens: string[];
  /** A customer's file WeChat holds: media/get serves it (a video as a `video_url` link when `asVideoUrl`). */
  addMedia(mediaId: string, bytes: Buffer, mime: string, opts?: { asVideoUrl?: boolean }): void;
  /** Media uploaded through media/upload, by the media_id it answered. */
  uploaded: Map<string, WeChatMedia>;
  close(): Promise<void>;
}

/** WeChat's error answer: HTTP 200, errcode and errmsg with its rid suffix. */
export const wechatError = (errcode: number, errmsg: string): WeChatAnswer => ({ json: { errcode, errmsg: `${errmsg} rid: ${randomBytes(6).toString('hex')}-${randomBytes(4).toString('hex')}` } });

export async function startWeChatApi(opts: {
  appId: string;
  appSecret: string;
  /** Followers' `GET /cgi-bin/user/info` answers, by OpenID (others answer errcode 40003). */
  followers?: Record<string, { nickname?: string; language?: string }>;
}): Promise<WeChatApi> {
  const arrivals = new Arrivals<WeChatCall>('WeChat API stand-in');
  const scripted = new Map<WeChatCall['kind'], WeChatAnswer[]>();
  const issuedTokens: string[] = [];
  const expired = new Set<string>();
  const held = new Map<string, WeChatMedia & { asVideoUrl?: boolean }>();
  const uploaded = new Map<string, WeChatMedia>();
  let url = '';

  const normal = (call: WeChatCall): WeChatAnswer => {
    if (call.kind === 'token') {
      if (call.method !== 'GET' || call.query.grant_type !== 'client_credential') return wechatError(40002, 'invalid grant_type');
      if (call.query.appid !== opts.appId) return wechatError(40013, 'invalid appid');
      if (call.query.secret !== opts.appSecret) return wechatError(40125, 'invalid appsecret');
      const token = `ACCESS_TOKEN_${issuedTokens.length + 1}_${randomBytes(8).toString('hex')}`;
      issuedTokens.push(token);
      return { json: { access_token: token, expires_in: 7200 } };
    }
    const token = call.query.access_token ?? '';
    if (expired.has(token)) return wechatError(42001, 'access_token expired');
    if (!issuedTokens.includes(token)) return wechatError(40001, 'invalid credential, access_token is invalid or not latest');
    if (call.kind === 'mediaGet') {
      const media = held.get(call.query.media_id ?? '') ?? uploaded.get(call.query.media_id ?? '');
      if (!media) return wechatError(40007, 'invalid media_id');
      if ('asVideoUrl' in media && media.asVideoUrl) return { json: { video_url: `${url}/video/${encodeURIComponent(call.query.media_id!)}` } };
      return { file: media };
    }
    if (call.kind === 'mediaUpload') {
      if (!['image', 'voice', 'video', 'thumb'].includes(call.query.type ?? '')) return wechatError(40004, 'invalid media type');
      const part = call.parts?.media;
      if (!part || typeof part === 'string' || !part.filename || part.bytes.length === 0) return wechatError(41005, 'media data missing');
      const mediaId = `MEDIA_${uploaded.size + 1}_${randomBytes(12).toString('base64url')}`;
      uploaded.set(mediaId, { bytes: part.bytes, mime: part.type, type: call.query.type, filename: part.filename });
      return { json: { type: call.query.type, media_id: mediaId, created_at: Math.floor(Date.now() / 1000) } };
    }
    if (call.kind === 'userInfo') {
      const follower = opts.followers?.[call.query.openid ?? ''];
      if (!follower) return wechatError(40003, 'invalid openid');
      if (call.query.lang !== undefined && !['zh_CN', 'zh_TW', 'en'].includes(call.query.lang)) return wechatError(40005, 'invalid lang');
      return { json: { subscribe: 1, openid: call.query.openid, ...follower, subscribe_time: 1_700_000_000 } };
    }
    const b = call.body;
    if (!b || typeof b.touser !== 'string' || !b.touser) return wechatError(40003, 'invalid openid');
    switch (b.msgtype) {
      case 'text':
        if (typeof b.text?.content !== 'string' || !b.text.content) return wechatError(44003, 'empty content');
        if (Buffer.byteLength(b.text.content) > 2048) return wechatError(45002, 'content size out of limit');
        break;
      case 'msgmenu':
        if (typeof b.msgmenu?.head_content !== 'string' || !Array.isArray(b.msgmenu.list) || b.msgmenu.list.some((i: any) => typeof i.id !== 'string' || typeof i.content !== 'string')) return wechatError(40008, 'invalid message type');
        break;
      case 'news':
        if (!Array.isArray(b.news?.articles) || b.news.articles.length !== 1 || typeof b.news.articles[0].url !== 'string') return wechatError(45008, 'article size out of limit');
        break;
      case 'image':
      case 'voice':
        if (!uploaded.has(b[b.msgtype]?.media_id)) return wechatError(40007, 'invalid media_id');
        break;
      default:
        return wechatError(40008, 'invalid message type');
    }
    return { json: { errcode: 0, errmsg: 'ok' } };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const send = (answer: WeChatAnswer) => {
        const reply = () => {
          if (answer.file) {
            const ext = answer.file.mime.split('/')[1] ?? 'bin';
            res.writeHead(answer.status ?? 200, { 'content-type': answer.file.mime, 'content-disposition': `attachment; filename="${url.searchParams.get('media_id') ?? 'file'}.${ext}"`, 'content-length': answer.file.bytes.length });
            res.end(answer.file.bytes);
            return;
          }
          // WeChat types its JSON answers text/plain on media/get.
          res.writeHead(answer.status ?? 200, { 'content-type': url.pathname === '/cgi-bin/media/get' ? 'text/plain' : 'application/json; encoding=utf-8' });
          res.end(JSON.stringify(answer.json ?? { errcode: 0, errmsg: 'ok' }));
        };
        answer.delayMs ? setTimeout(reply, answer.delayMs) : reply();
      };
      const kind: WeChatCall['kind'] | undefined = url.pathname === '/cgi-bin/token' ? 'token'
        : url.pathname === '/cgi-bin/message/custom/send' && req.method === 'POST' ? 'send'
          : url.pathname === '/cgi-bin/user/info' && req.method === 'GET' ? 'userInfo'
            : url.pathname === '/cgi-bin/media/get' && req.method === 'GET' ? 'mediaGet'
              : url.pathname === '/cgi-bin/media/upload' && req.method === 'POST' ? 'mediaUpload'
                : url.pathname.startsWith('/video/') && req.method === 'GET' ? 'videoDownload' : undefined;
      if (!kind) return send({ status: 404, json: { errcode: 404, errmsg: 'not found' } });
      const raw = Buffer.concat(chunks);
      const rawBody = kind === 'mediaUpload' ? '' : raw.toString('utf8');
      let body: any;
      try { body = rawBody ? JSON.parse(rawBody) : undefined; } catch { body = undefined; }
      let parts: WeChatCall['parts'];
      if (kind === 'mediaUpload' && /^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
        try {
          const form = await new Request('http://stand-in/', { method: 'POST', headers: { 'content-type': req.headers['content-type']! }, body: raw }).formData();
          parts = {};
          const entries: [string, FormDataEntryValue][] = [];
          form.forEach((value, field) => entries.push([field, value]));
          for (const [field, value] of entries) {
            parts[field] = typeof value === 'string' ? value : { filename: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
          }
        } catch { parts = undefined; }
      }
      const call: WeChatCall = { kind, method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, rawBody, body, ...(parts ? { parts } : {}), at: Date.now() };
      if (kind === 'videoDownload') {
        arrivals.push(call);
        const media = held.get(decodeURIComponent(url.pathname.slice('/video/'.length)));
        return send(media ? { file: media } : { status: 404, json: { errcode: 404, errmsg: 'not found' } });
      }
      arrivals.push(call);
      const queue = scripted.get(kind);
      send(queue?.length ? queue.shift()! : normal(call));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    uploaded,
    addMedia(mediaId, bytes, mime, mediaOpts = {}) {
      held.set(mediaId, { bytes, mime, ...mediaOpts });
    },
    calls: arrivals.received,
    issuedTokens,
    callsOf: (kind) => arrivals.received.filter((c) => c.kind === kind),
    async waitForCalls(kind, n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const calls = arrivals.received.filter((c) => c.kind === kind);
        if (calls.length >= n) return calls;
        if (Date.now() > deadline) throw new Error(`WeChat API stand-in got ${calls.length} of ${n} ${kind} calls within ${timeoutMs} ms`);
        await arrivals.waitFor(arrivals.received.length + 1, Math.max(1, deadline - Date.now())).catch(() => undefined);
      }
    },
    answerNext(kind, ...answers) {
      scripted.set(kind, [...(scripted.get(kind) ?? []), ...answers]);
    },
    expireTokens() {
      for (const t of issuedTokens) expired.add(t);
    },
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
