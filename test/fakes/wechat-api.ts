// A real HTTP server on 127.0.0.1 playing the WeChat Official Account API: GET /cgi-bin/token
// (client_credential, checks appid and secret, answers errcode 40013 / 40125 like WeChat) and
// GET /cgi-bin/user/info (a follower's nickname and language) and POST /cgi-bin/message/custom/send (checks the access token — 40001 for an unknown one, 42001 for
// an expired one — and the message shape per msgtype). Errors come as HTTP 200 with errcode, as
// WeChat sends them. Records every call; can be told to answer the next calls differently, and to
// expire the tokens it issued.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';

export interface WeChatCall {
  kind: 'token' | 'send' | 'userInfo';
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  at: number;
}

export interface WeChatAnswer {
  status?: number;
  json?: unknown;
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
      default:
        return wechatError(40008, 'invalid message type');
    }
    return { json: { errcode: 0, errmsg: 'ok' } };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const send = (answer: WeChatAnswer) => {
        const reply = () => {
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/json; encoding=utf-8' });
          res.end(JSON.stringify(answer.json ?? { errcode: 0, errmsg: 'ok' }));
        };
        answer.delayMs ? setTimeout(reply, answer.delayMs) : reply();
      };
      const kind: WeChatCall['kind'] | undefined = url.pathname === '/cgi-bin/token' ? 'token'
        : url.pathname === '/cgi-bin/message/custom/send' && req.method === 'POST' ? 'send'
          : url.pathname === '/cgi-bin/user/info' && req.method === 'GET' ? 'userInfo' : undefined;
      if (!kind) return send({ status: 404, json: { errcode: 404, errmsg: 'not found' } });
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try { body = rawBody ? JSON.parse(rawBody) : undefined; } catch { body = undefined; }
      const call: WeChatCall = { kind, method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, rawBody, body, at: Date.now() };
      arrivals.push(call);
      const queue = scripted.get(kind);
      send(queue?.length ? queue.shift()! : normal(call));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
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
