// A real HTTP server on 127.0.0.1 playing LINE's Messaging API (developers.line.biz/en/reference/messaging-api):
// GET /v2/bot/info, GET /v2/bot/profile/{userId}, PUT /v2/bot/channel/webhook/endpoint, POST /v2/bot/message/reply and /push,
// and the content API's GET /v2/bot/message/{messageId}/content (api-data.line.me; the same server here).
// It checks the bearer token, the body shape (1–5 message objects, text ≤5000), single-use reply
// tokens the test issued, and X-Line-Retry-Key (a UUID; a key already accepted answers 409), answers
// in LINE's `{message, details}` error format, records every call, and can be told to answer the next
// calls of a path with a failure (400, 401, 429 with Retry-After, 5xx, slowly).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';

export interface LineCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  /** Arrival time (ms since epoch). */
  at: number;
}

export interface LineAnswer {
  status?: number;
  json?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface LineApi {
  /** The channel's apiBaseUrl. */
  url: string;
  calls: LineCall[];
  callsTo(path: string): LineCall[];
  waitForCalls(path: string, n: number, timeoutMs?: number): Promise<LineCall[]>;
  /** The next calls to `path` get these answers, in order, instead of the normal one. */
  answerNext(path: string, ...answers: LineAnswer[]): void;
  /** A reply token as a webhook event would carry it, valid for one reply. */
  issueReplyToken(): string;
  /** The webhook endpoint set through the API. */
  webhookEndpoint(): string | undefined;
  /** A customer's file LINE holds for message `messageId`, served by the content API with the bearer token. */
  addContent(messageId: string, bytes: Uint8Array, contentType: string): void;
  close(): Promise<void>;
}

export const LINE_PATHS = {
  info: '/v2/bot/info',
  webhook: '/v2/bot/channel/webhook/endpoint',
  reply: '/v2/bot/message/reply',
  push: '/v2/bot/message/push',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MESSAGE_TYPES = new Set(['text', 'sticker', 'image', 'video', 'audio', 'location', 'imagemap', 'template', 'flex']);

export const lineError = (status: number, message: string, details?: { message: string; property: string }[], headers?: Record<string, string>): LineAnswer =>
  ({ status, json: { message, ...(details ? { details } : {}) }, headers });

/** A user's profile as `GET /v2/bot/profile/{userId}` answers it (`language` only when the user shares it). */
export interface LineProfileFixture {
  displayName: string;
  language?: string;
  pictureUrl?: string;
  statusMessage?: string;
}

export async function startLineApi(opts: {
  accessToken: string;
  bot?: { userId: string; basicId: string; displayName: string };
  /** Users who added the bot as a friend, by userId: their profiles (others answer 404 like LINE). */
  profiles?: Record<string, LineProfileFixture>;
}): Promise<LineApi> {
  const bot = opts.bot ?? { userId: `U${'b'.repeat(32)}`, basicId: '@parley-test', displayName: 'Parley test' };
  const arrivals = new Arrivals<LineCall>('LINE Messaging API');
  const scripted = new Map<string, LineAnswer[]>();
  const replyTokens = new Set<string>();
  const acceptedKeys = new Map<string, string>();
  let endpoint: string | undefined;
  let nextId = 470_000_000_000;
  const contents = new Map<string, { bytes: Uint8Array; contentType: string }>();

  const messagesProblem = (messages: unknown): LineAnswer | null => {
    if (!Array.isArray(messages) || messages.length === 0) return lineError(400, 'The request body has 1 error(s)', [{ message: 'Size must be between 1 and 5', property: 'messages' }]);
    if (messages.length > 5) return lineError(400, 'The request body has 1 error(s)', [{ message: 'Size must be between 1 and 5', property: 'messages' }]);
    for (const [i, m] of messages.entries()) {
      if (!MESSAGE_TYPES.has(m?.type)) return lineError(400, 'The request body has 1 error(s)', [{ message: 'Invalid message type', property: `messages[${i}].type` }]);
      if (m.type === 'text' && (typeof m.text !== 'string' || m.text === '' || m.text.length > 5000)) {
        return lineError(400, 'The request body has 1 error(s)', [{ message: 'Length must be between 1 and 5000', property: `messages[${i}].text` }]);
      }
      if ((m.type === 'template' || m.type === 'flex') && (typeof m.altText !== 'string' || m.altText === '')) {
        return lineError(400, 'The request body has 1 error(s)', [{ message: 'Must not be empty', property: `messages[${i}].altText` }]);
      }
    }
    return null;
  };
  const sent = (messages: unknown[]): LineAnswer => ({ json: { sentMessages: messages.map(() => ({ id: String(++nextId), quoteToken: randomUUID() })) } });

  const normal = (call: LineCall): LineAnswer => {
    if (call.headers.authorization !== `Bearer ${opts.accessToken}`) {
      return lineError(401, 'Authentication failed. Confirm that the access token in the authorization header is valid.');
    }
    const json = String(call.headers['content-type'] ?? '').startsWith('application/json');
    const body = call.body ?? {};
    const profileOf = /^\/v2\/bot\/profile\/([^/]+)$/.exec(call.path);
    if (call.method === 'GET' && profileOf) {
      const profile = opts.profiles?.[decodeURIComponent(profileOf[1])];
      return profile ? { json: { userId: decodeURIComponent(profileOf[1]), ...profile } } : lineError(404, 'Not found');
    }
    switch (`${call.method} ${call.path}`) {
      case `GET ${LINE_PATHS.info}`:
        return { json: { ...bot, pictureUrl: 'https://profile.line-scdn.net/x', chatMode: 'chat', markAsReadMode: 'manual' } };
      case `PUT ${LINE_PATHS.webhook}`:
        if (!json) return lineError(415, 'Unsupported Media Type');
        if (typeof body.endpoint !== 'string' || !body.endpoint.startsWith('https://')) return lineError(400, 'Invalid webhook endpoint URL', [{ message: 'must be a https URL', property: 'endpoint' }]);
        endpoint = body.endpoint;
        return { json: {} };
      case `POST ${LINE_PATHS.reply}`: {
        if (!json) return lineError(415, 'Unsupported Media Type');
        const problem = messagesProblem(body.messages);
        if (problem) return problem;
        if (typeof body.replyToken !== 'string' || !replyTokens.delete(body.replyToken)) return lineError(400, 'Invalid reply token');
        return sent(body.messages);
      }
      case `POST ${LINE_PATHS.push}`: {
        if (!json) return lineError(415, 'Unsupported Media Type');
        const key = call.headers['x-line-retry-key'];
        if (key !== undefined && (typeof key !== 'string' || !UUID.test(key))) return lineError(400, "The value for the 'X-Line-Retry-Key' header is invalid");
        if (typeof key === 'string' && acceptedKeys.has(key)) {
          return lineError(409, 'The retry key is already accepted', undefined, { 'x-line-accepted-request-id': acceptedKeys.get(key)! });
        }
        if (typeof body.to !== 'string' || !/^[URC][0-9a-f]{32}$/.test(body.to)) return lineError(400, 'The request body has 1 error(s)', [{ message: 'Invalid to', property: 'to' }]);
        const problem = messagesProblem(body.messages);
        if (problem) return problem;
        if (typeof key === 'string') acceptedKeys.set(key, randomUUID());
        return sent(body.messages);
      }
    }
    return lineError(404, 'Not found');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        body = undefined;
      }
      const call: LineCall = { method: req.method ?? '', path: (req.url ?? '').split('?')[0], headers: req.headers, rawBody, body, at: Date.now() };
      arrivals.push(call);
      const queue = scripted.get(call.path);
      const content = /^\/v2\/bot\/message\/(\d+)\/content$/.exec(call.path);
      const file = content && call.method === 'GET' && call.headers.authorization === `Bearer ${opts.accessToken}` ? contents.get(content[1]) : undefined;
      if (file && !queue?.length) {
        res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) });
        return res.end(Buffer.from(file.bytes));
      }
      const answer = queue?.length ? queue.shift()! : normal(call);
      const reply = () => {
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', 'x-line-request-id': randomUUID(), ...answer.headers });
        res.end(JSON.stringify(answer.json ?? {}));
      };
      answer.delayMs ? setTimeout(reply, answer.delayMs) : reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: arrivals.received,
    callsTo: (path) => arrivals.received.filter((c) => c.path === path),
    async waitForCalls(path, n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const calls = arrivals.received.filter((c) => c.path === path);
        if (calls.length >= n) return calls;
        if (Date.now() > deadline) throw new Error(`LINE Messaging API got ${calls.length} of ${n} calls to ${path} within ${timeoutMs} ms`);
        await arrivals.waitFor(arrivals.received.length + 1, Math.max(1, deadline - Date.now())).catch(() => undefined);
      }
    },
    answerNext(path, ...answers) {
      scripted.set(path, [...(scripted.get(path) ?? []), ...answers]);
    },
    issueReplyToken() {
      const token = randomUUID().replace(/-/g, '');
      replyTokens.add(token);
      return token;
    },
    webhookEndpoint: () => endpoint,
    addContent(messageId, bytes, contentType) { contents.set(messageId, { bytes, contentType }); },
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
