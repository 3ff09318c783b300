// A real HTTP server on 127.0.0.1 playing X's API v2 for direct messages: it checks each request's
// OAuth 1.0a signature itself (its own implementation of RFC 5849, not Parley's), answers
// GET /2/users/me and POST /2/dm_conversations/with/:id/messages in X's shapes, records the DMs,
// and can be told to answer the next sends with a problem (403, 429 with x-rate-limit-reset, 503).
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';

export interface XDm { to: string; body: any; at: number }
export interface XAnswer { status: number; json: unknown; headers?: Record<string, string> }
export interface XCreds { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string }

export interface XApi {
  url: string;
  dms: XDm[];
  waitForDms(n: number, timeoutMs?: number): Promise<XDm[]>;
  answerNextDms(...answers: XAnswer[]): void;
  /** Requests refused for a bad OAuth signature. */
  badSignatures: number;
  /** A DM file a customer sent: returns its media_url_https (TON storage), which answers only signed requests. */
  addMedia(name: string, bytes: Uint8Array, contentType: string): string;
  /** Media uploaded with POST /2/media/upload (one-shot, JSON): id, category, type and bytes. */
  uploads: { id: string; category: string; type?: string; shared?: boolean; bytes: Buffer }[];
  /** GETs of DM media served (signed correctly). */
  mediaDownloads: number;
  close(): Promise<void>;
}

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function signatureOk(method: string, url: URL, header: string | undefined, creds: XCreds): boolean {
  if (!header?.startsWith('OAuth ')) return false;
  const fields = Object.fromEntries([...header.slice(6).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [decodeURIComponent(m[1]), decodeURIComponent(m[2])]));
  if (fields.oauth_consumer_key !== creds.consumerKey || fields.oauth_token !== creds.accessToken) return false;
  const params = [...Object.entries(fields).filter(([k]) => k !== 'oauth_signature'), ...url.searchParams.entries()]
    .map(([k, v]) => `${enc(k)}=${enc(v)}`).sort();
  const base = `${method}&${enc(`${url.protocol}//${url.host}${url.pathname}`)}&${enc(params.join('&'))}`;
  const expected = createHmac('sha1', `${enc(creds.consumerSecret)}&${enc(creds.accessTokenSecret)}`).update(base).digest('base64');
  return expected === fields.oauth_signature;
}

export async function startXApi(opts: { creds: XCreds; me: { id: string; username: string } }): Promise<XApi> {
  const arrivals = new Arrivals<XDm>('X DMs');
  const scripted: XAnswer[] = [];
  const state = { badSignatures: 0, mediaDownloads: 0 };
  const media = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const uploads: XApi['uploads'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      const reply = (a: XAnswer) => { res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }); res.end(JSON.stringify(a.json)); };
      if (!signatureOk(req.method ?? 'GET', url, req.headers.authorization, opts.creds)) {
        state.badSignatures++;
        return reply({ status: 401, json: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } });
      }
      if (req.method === 'GET' && url.pathname === '/2/users/me') return reply({ status: 200, json: { data: { id: opts.me.id, name: 'Café Aroma', username: opts.me.username } } });
      const file = req.method === 'GET' ? media.get(url.pathname) : undefined;
      if (file) {
        state.mediaDownloads++;
        res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) });
        return res.end(Buffer.from(file.bytes));
      }
      if (req.method === 'POST' && url.pathname === '/2/media/upload') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        const problem = (detail: string) => reply({ status: 400, json: { title: 'Invalid Request', type: 'https://api.x.com/2/problems/invalid-request', status: 400, detail } });
        if (typeof body.media !== 'string' || !body.media) return problem('The `media` field is required.');
        if (!['tweet_image', 'dm_image', 'subtitles'].includes(body.media_category)) return problem('`media_category` must be one of tweet_image, dm_image, subtitles.');
        const id = String(BigInt(`0x${randomBytes(7).toString('hex')}`));
        uploads.push({ id, category: body.media_category, type: body.media_type, shared: body.shared, bytes: Buffer.from(body.media, 'base64') });
        return reply({ status: 200, json: { data: { id, media_key: `3_${id}`, size: Buffer.from(body.media, 'base64').length, expires_after_secs: 86400 } } });
      }
      const dm = /^\/2\/dm_conversations\/with\/(\d+)\/messages$/.exec(url.pathname);
      if (req.method === 'POST' && dm) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        // One media item per DM, uploaded before for DMs (dm_image, shared).
        const attached = (body.attachments ?? []) as { media_id?: string }[];
        if (attached.length > 1 || attached.some((a) => !uploads.some((u) => u.id === a.media_id && u.category === 'dm_image'))) {
          return reply({ status: 400, json: { title: 'Invalid Request', status: 400, detail: 'attachments must name one media_id uploaded for DMs.' } });
        }
        if (!body.text && attached.length === 0) return reply({ status: 400, json: { title: 'Invalid Request', status: 400, detail: 'Either text or attachments is required.' } });
        arrivals.push({ to: dm[1], body, at: Date.now() });
        const next = scripted.shift();
        if (next) return reply(next);
        return reply({ status: 201, json: { data: { dm_conversation_id: `${opts.me.id}-${dm[1]}`, dm_event_id: String(BigInt(`0x${randomBytes(7).toString('hex')}`)) } } });
      }
      reply({ status: 404, json: { title: 'Not Found Error', status: 404, detail: `No route ${url.pathname}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dms: arrivals.received,
    waitForDms: (n, t) => arrivals.waitFor(n, t),
    answerNextDms: (...a) => { scripted.push(...a); },
    get badSignatures() { return state.badSignatures; },
    get mediaDownloads() { return state.mediaDownloads; },
    uploads,
    addMedia(name, bytes, contentType) {
      const path = `/1.1/ton/data/dm/${opts.me.id}/${BigInt(`0x${randomBytes(7).toString('hex')}`)}/${name}`;
      media.set(path, { bytes, contentType });
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
    },
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
