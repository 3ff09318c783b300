// A real HTTP server on 127.0.0.1 playing Viber's REST bot API (developers.viber.com/docs/api/rest-bot-api):
// POST /pa/get_account_info, /pa/set_webhook and /pa/send_message with X-Viber-Auth-Token. Like Viber
// it answers HTTP 200 with its own `status` (0 ok, 2 invalidAuthToken, 3 badData, 6
// receiverNotSubscribed, 12 tooManyRequests, …) and 64-bit message tokens written as bare JSON
// numbers; during set_webhook it posts a signed `webhook` event to the URL and refuses the call unless
// that answers 200. It records every call and can be told to answer the next calls of a method with
// a failure (a Viber status, HTTP 429 with Retry-After, 5xx, slowly). Given `resolveMedia`, it downloads
// the `media` of picture / video / file sends like Viber does and records what it got (`mediaFetches`).
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';
import { fetchMedia, type MediaFetch, type ResolveMedia } from './media-fetch';

export interface ViberCall {
  method: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  /** Arrival time (ms since epoch). */
  at: number;
}

export interface ViberAnswer {
  /** HTTP status; Viber itself answers 200 even for errors. */
  httpStatus?: number;
  /** The raw JSON text (so 64-bit tokens stay exact); defaults to `{"status":0,"status_message":"ok"}`. */
  text?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface ViberApi {
  /** The channel's apiBaseUrl. */
  url: string;
  calls: ViberCall[];
  callsOf(method: string): ViberCall[];
  waitForCalls(method: string, n: number, timeoutMs?: number): Promise<ViberCall[]>;
  /** The next calls of `method` get these answers, in order, instead of the normal one. */
  answerNext(method: string, ...answers: ViberAnswer[]): void;
  /** The webhook set with set_webhook (after Viber's check call succeeded). */
  webhook(): string | undefined;
  /** Answers of the check calls made during set_webhook: [url called, HTTP status]. */
  webhookChecks: [string, number][];
  /** The media downloads of sends (only with `resolveMedia`). */
  mediaFetches: MediaFetch[];
  close(): Promise<void>;
}

export const viberStatus = (status: number, statusMessage: string): ViberAnswer => ({ text: JSON.stringify({ status, status_message: statusMessage }) });

const SEND_TYPES = new Set(['text', 'picture', 'video', 'file', 'location', 'contact', 'sticker', 'carousel content', 'url', 'rich_media']);

export async function startViberApi(opts: {
  authToken: string;
  account?: { id: string; name: string; uri: string };
  /** Where the check call of set_webhook really goes (the public URL Parley registers is not reachable in tests). */
  resolveWebhook?: (url: string) => string;
  /** Download each send's `media` (from where this maps it) as Viber does. */
  resolveMedia?: ResolveMedia;
}): Promise<ViberApi> {
  const account = opts.account ?? { id: 'pa:5000000000000000001', name: 'Parley test bot', uri: 'parleytestbot' };
  const arrivals = new Arrivals<ViberCall>('Viber REST API');
  const scripted = new Map<string, ViberAnswer[]>();
  const webhookChecks: [string, number][] = [];
  const mediaFetches: MediaFetch[] = [];
  let webhook: string | undefined;
  let nextToken = 5_741_311_803_571_721_087n;
  const ok = (extra = '') => ({ text: `{"status":0,"status_message":"ok"${extra}}` });

  const sendProblem = (body: any): ViberAnswer | null => {
    if (typeof body?.receiver !== 'string' || !body.receiver) return viberStatus(4, 'missingData: receiver');
    if (typeof body.sender?.name !== 'string' || !body.sender.name) return viberStatus(4, 'missingData: sender.name');
    if (body.sender.name.length > 28) return viberStatus(3, 'badData: sender.name is longer than 28 characters');
    if (!SEND_TYPES.has(body.type)) return viberStatus(3, `badData: unknown message type ${body.type}`);
    if (body.type === 'text' && (typeof body.text !== 'string' || !body.text || body.text.length > 7000)) return viberStatus(3, 'badData: text');
    if ((body.type === 'picture' || body.type === 'video' || body.type === 'file' || body.type === 'url') && typeof body.media !== 'string') return viberStatus(4, 'missingData: media');
    if (body.type === 'file' && (typeof body.size !== 'number' || typeof body.file_name !== 'string')) return viberStatus(4, 'missingData: size, file_name');
    if (body.type === 'rich_media' && (typeof body.min_api_version !== 'number' || body.rich_media?.Type !== 'rich_media')) return viberStatus(3, 'badData: rich_media');
    if (body.keyboard !== undefined && (body.keyboard.Type !== 'keyboard' || !Array.isArray(body.keyboard.Buttons))) return viberStatus(3, 'badData: keyboard');
    for (const b of body.keyboard?.Buttons ?? []) if (typeof b.ActionBody !== 'string' || !b.ActionBody) return viberStatus(3, 'badData: keyboard.Buttons.ActionBody');
    return null;
  };

  const normal = async (call: ViberCall): Promise<ViberAnswer> => {
    if (call.headers['x-viber-auth-token'] !== opts.authToken) return viberStatus(2, 'invalidAuthToken');
    const body = call.body;
    if (body === undefined) return viberStatus(3, 'badData: the body is not JSON');
    switch (call.method) {
      case 'get_account_info':
        return { text: JSON.stringify({ status: 0, status_message: 'ok', ...account, category: 'Business', subscribers_count: 3, webhook: webhook ?? '', event_types: ['delivered', 'seen'] }) };
      case 'set_webhook': {
        if (typeof body.url !== 'string' || !body.url.startsWith('https://')) return viberStatus(1, 'invalidUrl');
        // Viber checks the URL with a signed `webhook` event before it accepts it.
        const check = `{"event":"webhook","timestamp":${Date.now()},"chat_hostname":"SN-CALLBACK-01_","message_token":${nextToken++}}`;
        const target = opts.resolveWebhook?.(body.url) ?? body.url;
        let status = 0;
        try {
          const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', 'x-viber-content-signature': createHmac('sha256', opts.authToken).update(check).digest('hex') }, body: check });
          status = res.status;
        } catch {
          status = 0;
        }
        webhookChecks.push([target, status]);
        if (status !== 200) return viberStatus(1, `Result[HttpRequest[POST ${body.url}] status code: ${status}]`);
        webhook = body.url;
        return ok(`,"event_types":${JSON.stringify(body.event_types ?? [])}`);
      }
      case 'send_message': {
        const problem = sendProblem(body);
        if (problem) return problem;
        const fetched = opts.resolveMedia && ['picture', 'video', 'file'].includes(body.type) ? await fetchMedia(body.media, opts.resolveMedia) : undefined;
        if (fetched) mediaFetches.push(fetched);
        return ok(`,"message_token":${nextToken++},"chat_hostname":"SN-CHAT-05_"`);
      }
    }
    return { httpStatus: 404, text: '{"status":3,"status_message":"badData: unknown method"}' };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const match = /^\/pa\/([a-z_]+)$/.exec(req.url ?? '');
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = rawBody ? JSON.parse(rawBody) : {};
      } catch {
        body = undefined;
      }
      const call: ViberCall = { method: match?.[1] ?? req.url ?? '', headers: req.headers, rawBody, body, at: Date.now() };
      arrivals.push(call);
      const queue = scripted.get(call.method);
      const answer = req.method !== 'POST' || !match ? { httpStatus: 404, text: '{}' } : queue?.length ? queue.shift()! : await normal(call);
      const reply = () => {
        res.writeHead(answer.httpStatus ?? 200, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.text ?? '{"status":0,"status_message":"ok"}');
      };
      answer.delayMs ? setTimeout(reply, answer.delayMs) : reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: arrivals.received,
    callsOf: (method) => arrivals.received.filter((c) => c.method === method),
    async waitForCalls(method, n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const calls = arrivals.received.filter((c) => c.method === method);
        if (calls.length >= n) return calls;
        if (Date.now() > deadline) throw new Error(`Viber REST API got ${calls.length} of ${n} ${method} calls within ${timeoutMs} ms`);
        await arrivals.waitFor(arrivals.received.length + 1, Math.max(1, deadline - Date.now())).catch(() => undefined);
      }
    },
    answerNext(method, ...answers) {
      scripted.set(method, [...(scripted.get(method) ?? []), ...answers]);
    },
    webhook: () => webhook,
    webhookChecks,
    mediaFetches,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
