// A real HTTP server on 127.0.0.1 playing Slack's Web API (docs.slack.dev/reference/methods): it
// answers POST /api/<method> the way Slack does (HTTP 200 with `{ok: true, …}` or `{ok: false,
// error}`, HTTP 429 with Retry-After), checks the bearer token and the chat.postMessage body,
// records every call, and can be told to answer the next calls with a failure.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';

export interface SlackCall {
  method: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  at: number;
}

export interface SlackAnswer {
  status?: number;
  json?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface SlackApi {
  /** The channel's apiBaseUrl (…/api). */
  url: string;
  calls: SlackCall[];
  callsOf(method: string): SlackCall[];
  waitForCalls(method: string, n: number, timeoutMs?: number): Promise<SlackCall[]>;
  answerNext(method: string, ...answers: SlackAnswer[]): void;
  /** A file a user shared: returns its url_private, which answers only with the bot token. */
  addFile(id: string, name: string, bytes: Uint8Array, mimetype: string): string;
  /** Deletes a shared file: its url_private answers 404 file_not_found from now on. */
  deleteFile(id: string): void;
  /** Requests for files (GET url_private), with the authorization each one carried. */
  fileDownloads: { path: string; authorization: string; status: number }[];
  /** Files the app shared through files.completeUploadExternal: their bytes as uploaded, where they went. */
  sharedFiles: { id: string; title: string; bytes: Buffer; channel: string; threadTs?: string }[];
  close(): Promise<void>;
}

/** Slack's rate-limit answer: HTTP 429 with Retry-After in seconds. */
export const rateLimited = (seconds: number): SlackAnswer => ({ status: 429, headers: { 'retry-after': String(seconds) }, json: { ok: false, error: 'ratelimited' } });

export async function startSlackApi(opts: { token: string; team?: { id: string; name: string }; botUserId?: string }): Promise<SlackApi> {
  const team = opts.team ?? { id: 'T0PARLEY', name: 'Parley Test' };
  const botUserId = opts.botUserId ?? 'U0PARLEYBOT';
  const arrivals = new Arrivals<SlackCall>('Slack Web API');
  const scripted = new Map<string, SlackAnswer[]>();
  let seq = 0;
  const files = new Map<string, { bytes: Uint8Array; mimetype: string }>();
  const fileDownloads: SlackApi['fileDownloads'] = [];
  const sharedFiles: SlackApi['sharedFiles'] = [];
  // files.getUploadURLExternal reserves a slot (filename, length); the upload fills it.
  const slots = new Map<string, { filename: string; length: number; bytes?: Buffer }>();

  const normal = (call: SlackCall): SlackAnswer => {
    const fail = (error: string): SlackAnswer => ({ json: { ok: false, error } });
    const auth = String(call.headers.authorization ?? '');
    if (!auth) return fail('not_authed');
    if (auth !== `Bearer ${opts.token}`) return fail('invalid_auth');
    if (call.method === 'files.getUploadURLExternal') {
      // Slack takes this one form-encoded (a JSON body is refused as missing arguments).
      const form = new URLSearchParams(call.rawBody);
      if (!String(call.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') || !form.get('filename') || !form.get('length')) return fail('invalid_arguments');
      const length = Number(form.get('length'));
      if (!Number.isInteger(length) || length <= 0) return fail('missing_argument');
      const fileId = `F0UP${String(++seq).padStart(4, '0')}`;
      slots.set(fileId, { filename: form.get('filename')!, length });
      return { json: { ok: true, upload_url: `http://127.0.0.1:${port}/upload/v1/${fileId}`, file_id: fileId } };
    }
    if (!String(call.headers['content-type'] ?? '').startsWith('application/json')) return fail('invalid_form_data');
    if (call.body === undefined) return fail('invalid_json');
    switch (call.method) {
      case 'files.completeUploadExternal': {
        const b = call.body;
        if (!Array.isArray(b.files) || b.files.length === 0) return fail('invalid_arguments');
        if (!b.channel_id) return fail('channel_not_found');
        for (const f of b.files) {
          const slot = slots.get(f.id);
          if (!slot?.bytes) return fail('file_not_found');
          sharedFiles.push({ id: f.id, title: f.title ?? slot.filename, bytes: slot.bytes, channel: b.channel_id, ...(b.thread_ts ? { threadTs: b.thread_ts } : {}) });
        }
        return { json: { ok: true, files: b.files.map((f: { id: string; title?: string }) => ({ id: f.id, title: f.title })) } };
      }
      case 'auth.test':
        return { json: { ok: true, url: `https://${team.name.toLowerCase().replace(/\W/g, '')}.slack.com/`, team: team.name, user: 'parley', team_id: team.id, user_id: botUserId, bot_id: 'B0PARLEY' } };
      case 'chat.postMessage': {
        const b = call.body;
        if (!b.channel) return fail('channel_not_found');
        if (!b.text && !b.blocks) return fail('no_text');
        if (b.blocks !== undefined && (!Array.isArray(b.blocks) || b.blocks.length > 50)) return fail('invalid_blocks');
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
        return { json: { ok: true, channel: b.channel, ts, message: { type: 'message', text: b.text, ts, ...(b.thread_ts ? { thread_ts: b.thread_ts } : {}) } } };
      }
      default:
        return fail('unknown_method');
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (answer: SlackAnswer) => {
        const reply = () => {
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
          res.end(JSON.stringify(answer.json ?? { ok: true }));
        };
        answer.delayMs ? setTimeout(reply, answer.delayMs) : reply();
      };
      // The upload URL files.getUploadURLExternal gave: the bytes, exactly `length` of them.
      const upload = /^\/upload\/v1\/(F0UP\d+)$/.exec(req.url ?? '');
      if (req.method === 'POST' && upload) {
        const slot = slots.get(upload[1]);
        const bytes = Buffer.concat(chunks);
        if (!slot || bytes.length !== slot.length) { res.writeHead(400, { 'content-type': 'text/plain' }); return res.end('bad upload'); }
        slot.bytes = bytes;
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(`OK - ${bytes.length}`);
      }
      // url_private (files.slack.com/files-pri/<team>-<file>/<name>): the bot token, or Slack's sign-in page.
      const filePath = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\/[^/]+$/.exec(req.url ?? '');
      if (req.method === 'GET' && filePath) {
        const authorization = String(req.headers.authorization ?? '');
        const file = files.get(filePath[1]);
        const status = authorization !== `Bearer ${opts.token}` ? 302 : file ? 200 : 404;
        fileDownloads.push({ path: req.url!, authorization, status });
        if (status === 200) {
          res.writeHead(200, { 'content-type': file!.mimetype, 'content-length': String(file!.bytes.length) });
          return res.end(Buffer.from(file!.bytes));
        }
        // Slack sends a request without a valid token to the workspace's sign-in page (HTML).
        res.writeHead(status === 302 ? 200 : 404, { 'content-type': status === 302 ? 'text/html; charset=utf-8' : 'text/plain' });
        return res.end(status === 302 ? '<!DOCTYPE html><html><body>Sign in to Slack</body></html>' : 'file_not_found');
      }
      const match = /^\/api\/([a-zA-Z.]+)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) return send({ status: 404, json: { ok: false, error: 'unknown_method' } });
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = rawBody ? JSON.parse(rawBody) : {};
      } catch {
        body = undefined;
      }
      const call: SlackCall = { method: match[1], headers: req.headers, rawBody, body, at: Date.now() };
      arrivals.push(call);
      const queue = scripted.get(call.method);
      send(queue?.length ? queue.shift()! : normal(call));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    calls: arrivals.received,
    callsOf: (method) => arrivals.received.filter((c) => c.method === method),
    async waitForCalls(method, n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const calls = arrivals.received.filter((c) => c.method === method);
        if (calls.length >= n) return calls;
        if (Date.now() > deadline) throw new Error(`Slack Web API got ${calls.length} of ${n} ${method} calls within ${timeoutMs} ms`);
        await arrivals.waitFor(arrivals.received.length + 1, Math.max(1, deadline - Date.now())).catch(() => undefined);
      }
    },
    answerNext(method, ...answers) {
      scripted.set(method, [...(scripted.get(method) ?? []), ...answers]);
    },
    addFile(id, name, bytes, mimetype) {
      files.set(id, { bytes, mimetype });
      return `http://127.0.0.1:${port}/files-pri/${team.id}-${id}/${encodeURIComponent(name)}`;
    },
    deleteFile: (id) => { files.delete(id); },
    fileDownloads,
    sharedFiles,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
