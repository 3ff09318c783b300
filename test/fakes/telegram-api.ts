// A real HTTP server on 127.0.0.1 playing Telegram's Bot API (core.telegram.org/bots/api): it
// answers POST /bot<token>/<method> in Telegram's own format (`{ok, result}` or `{ok: false,
// error_code, description, parameters}`), checks the token and the body of what Parley sends the
// way Telegram does, records every call, and can be told to answer the next calls with a failure
// (400, 401, 429 with retry_after, 5xx, slowly).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';

export interface TelegramCall {
  method: string;
  token: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  /** Arrival time (ms since epoch). */
  at: number;
}

export interface TelegramAnswer {
  status?: number;
  json?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface TelegramApi {
  /** The channel's apiBaseUrl. */
  url: string;
  calls: TelegramCall[];
  /** Calls of one method (e.g. sendMessage). */
  callsOf(method: string): TelegramCall[];
  waitForCalls(method: string, n: number, timeoutMs?: number): Promise<TelegramCall[]>;
  /** The next calls of `method` get these answers, in order, instead of the normal one. */
  answerNext(method: string, ...answers: TelegramAnswer[]): void;
  /** A file a user sent the bot: getFile answers its file_path, GET /file/bot<token>/<file_path> its bytes. */
  addFile(fileId: string, file: { bytes: Uint8Array; path: string; contentType?: string }): void;
  /** File downloads (GET /file/bot…), with the token each one used. */
  fileDownloads: { token: string; path: string; status: number }[];
  close(): Promise<void>;
}

const SEND_METHODS: Record<string, string> = { sendMessage: 'text', sendPhoto: 'photo', sendDocument: 'document', sendVideo: 'video', sendAudio: 'audio' };

/** Telegram's 429 answer (the Bot API sends retry_after in the body, not a Retry-After header). */
export const floodWait = (seconds: number): TelegramAnswer => ({
  status: 429,
  json: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } },
});

export async function startTelegramApi(opts: { token: string; bot?: { id: number; username: string } }): Promise<TelegramApi> {
  const bot = opts.bot ?? { id: Number(opts.token.split(':')[0]), username: 'parley_test_bot' };
  const arrivals = new Arrivals<TelegramCall>('Telegram Bot API');
  const scripted = new Map<string, TelegramAnswer[]>();
  let nextMessageId = 100;
  const files = new Map<string, { bytes: Uint8Array; path: string; contentType?: string }>();
  const fileDownloads: TelegramApi['fileDownloads'] = [];

  const normal = (call: TelegramCall): TelegramAnswer => {
    const fail = (description: string, code = 400): TelegramAnswer => ({ status: code, json: { ok: false, error_code: code, description } });
    if (call.token !== opts.token) return fail('Unauthorized', 401);
    const multipart = String(call.headers['content-type'] ?? '').startsWith('multipart/form-data');
    // Files are uploaded as multipart/form-data (sendPhoto, sendDocument, …); everything else is JSON.
    if (multipart ? !SEND_METHODS[call.method] || call.method === 'sendMessage' : !String(call.headers['content-type'] ?? '').startsWith('application/json')) return fail('Bad Request: expected a JSON body');
    const body = call.body ?? {};
    switch (call.method) {
      case 'getMe':
        return { json: { ok: true, result: { id: bot.id, is_bot: true, first_name: 'Parley test', username: bot.username } } };
      case 'setWebhook':
        if (typeof body.url !== 'string' || !body.url) return fail('Bad Request: bad webhook: URL is empty');
        if (body.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(body.secret_token)) return fail('Bad Request: secret token contains unallowed characters');
        return { json: { ok: true, result: true, description: 'Webhook was set' } };
      case 'answerCallbackQuery':
        return { json: { ok: true, result: true } };
      case 'getFile': {
        const file = typeof body.file_id === 'string' ? files.get(body.file_id) : undefined;
        if (!file) return fail('Bad Request: invalid file_id');
        return { json: { ok: true, result: { file_id: body.file_id, file_unique_id: `u-${body.file_id}`, file_size: file.bytes.length, file_path: file.path } } };
      }
    }
    const field = SEND_METHODS[call.method];
    if (!field) return fail('Not Found: method not found', 404);
    if (body.chat_id === undefined || body.chat_id === '') return fail('Bad Request: chat_id is empty');
    const uploaded = multipart && body[field] && typeof body[field] === 'object' && body[field].size > 0;
    if (!uploaded && (typeof body[field] !== 'string' || body[field] === '')) return fail(`Bad Request: ${field === 'text' ? 'message text is empty' : `there is no ${field} in the request`}`);
    if (field === 'text' && body.text.length > 4096) return fail('Bad Request: message is too long');
    if (body.reply_markup !== undefined && typeof body.reply_markup !== 'object') return fail("Bad Request: can't parse reply keyboard markup JSON object");
    for (const row of body.reply_markup?.inline_keyboard ?? []) {
      for (const b of row) if (b.callback_data !== undefined && Buffer.byteLength(b.callback_data) > 64) return fail('Bad Request: BUTTON_DATA_INVALID');
    }
    const chatId = Number(body.chat_id);
    return { json: { ok: true, result: { message_id: ++nextMessageId, chat: { id: chatId, type: 'private' }, date: Math.floor(Date.now() / 1000), ...(field === 'text' ? { text: body.text } : {}) } } };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      // File downloads: GET /file/bot<token>/<file_path>, 401 with a wrong token, 404 for an unknown path.
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && download) {
        const token = decodeURIComponent(download[1]);
        const file = [...files.values()].find((f) => f.path === decodeURIComponent(download[2]));
        const status = token !== opts.token ? 401 : file ? 200 : 404;
        fileDownloads.push({ token, path: download[2], status });
        if (status !== 200) {
          res.writeHead(status, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ ok: false, error_code: status, description: status === 401 ? 'Unauthorized' : 'Not Found' }));
        }
        res.writeHead(200, { 'content-type': file!.contentType ?? 'application/octet-stream', 'content-length': String(file!.bytes.length) });
        return res.end(Buffer.from(file!.bytes));
      }
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
      const send = (answer: TelegramAnswer) => {
        const reply = () => {
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
          res.end(JSON.stringify(answer.json ?? { ok: true, result: true }));
        };
        answer.delayMs ? setTimeout(reply, answer.delayMs) : reply();
      };
      if (req.method !== 'POST' || !match) return send({ status: 404, json: { ok: false, error_code: 404, description: 'Not Found' } });
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        if (String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
          // An upload: the form's text fields as they are, a file as { name, type, size, bytes }.
          const form = await new Request('http://telegram.local/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body: Buffer.concat(chunks) }).formData();
          body = {};
          const entries: [string, FormDataEntryValue][] = [];
          form.forEach((v, k) => { entries.push([k, v]); });
          for (const [k, v] of entries) {
            body[k] = typeof v === 'string' ? v : { name: v.name, type: v.type, size: v.size, bytes: Buffer.from(await v.arrayBuffer()) };
          }
        } else {
          body = rawBody ? JSON.parse(rawBody) : {};
        }
      } catch {
        body = undefined;
      }
      const call: TelegramCall = { method: match[2], token: decodeURIComponent(match[1]), headers: req.headers, rawBody, body, at: Date.now() };
      arrivals.push(call);
      const queue = scripted.get(call.method);
      send(queue?.length ? queue.shift()! : normal(call));
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
        if (Date.now() > deadline) throw new Error(`Telegram Bot API got ${calls.length} of ${n} ${method} calls within ${timeoutMs} ms`);
        await arrivals.waitFor(arrivals.received.length + 1, Math.max(1, deadline - Date.now())).catch(() => undefined);
      }
    },
    answerNext(method, ...answers) {
      scripted.set(method, [...(scripted.get(method) ?? []), ...answers]);
    },
    addFile: (fileId, file) => { files.set(fileId, file); },
    fileDownloads,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
