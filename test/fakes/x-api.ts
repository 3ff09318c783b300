// A real HTTP server on 127.0.0.1 playing X's API v2 for direct messages: it checks each request's
// OAuth 1.0a signature itself (its own implementation of RFC 5849, not Parley's), answers
// GET /2/users/me and POST /2/dm_conversations/with/:id/messages in X's shapes, records the DMs,
// and can be told to answer the next sends with a problem (403, 429 with x-rate-limit-reset, 503).
// Media: the one-shot JSON upload (images) and the chunked upload as X's API reference documents it
// (POST /2/media/upload/initialize, /{id}/append multipart with segment_index in order and segments
// of at most 5 MB, /{id}/finalize once every announced byte has arrived, GET /2/media/upload?
// command=STATUS&media_id=): processing is reported as pending on finalize, then succeeded on the
// first STATUS (or failed, when told; or in_progress for a number of STATUS calls first, when told
// processing is slow). A DM may only name a media id that is ready. An APPEND can be broken off (`interruptAppend`:
// that segment answered with a problem and not kept, as a worker lost mid-request or an X 5xx would leave it),
// answered slowly (`delayAppends`), and X can forget its open upload sessions (`forgetSessions`, an expired media id).
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals';
import { xWebhookRegistration, type XRegistrationCall, type XRegistrationOptions } from './x-webhook-registration';

export interface XDm { to: string; body: any; at: number }
/** `delayMs`: answer only after this long (a slow X); longer than the client's timeout is no answer at all. */
export interface XAnswer { status: number; json: unknown; headers?: Record<string, string>; delayMs?: number }
export interface XUpload {
  id: string;
  category: string;
  type?: string;
  shared?: boolean;
  bytes: Buffer;
  chunked?: { totalBytes: number; segments: number[] };
  /** succeeded: usable in a DM. */
  state: 'pending' | 'succeeded' | 'failed';
}

/** X's APPEND limit per segment (v1.1 reference: "It must be <= 5 MB"). */
const MAX_SEGMENT_BYTES = 5 * 1024 * 1024;
/** initialize's total_bytes range in X's API reference (0 <= x <= 536870912). */
const MAX_TOTAL_BYTES = 536_870_912;
const CHUNKED_CATEGORIES = ['dm_video', 'dm_gif', 'dm_image', 'tweet_video', 'tweet_gif', 'tweet_image', 'amplify_video', 'subtitles'];
const DM_CATEGORIES = ['dm_image', 'dm_gif', 'dm_video'];

export interface XSlowProcessing { polls: number; checkAfterSecs: number }

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
  /** Media uploaded (one-shot JSON, or chunked once finalized): id, category, type, bytes, and for chunked ones the segments and processing state. */
  uploads: XUpload[];
  /** Every chunked-upload call, in order (for asserting the sequence). */
  mediaCalls: { step: 'initialize' | 'append' | 'finalize' | 'status'; id?: string; segmentIndex?: number; bytes?: number; refused?: number }[];
  /** The next APPEND of this segment_index (any upload) gets `answer` instead, and the segment is not kept; once. */
  interruptAppend(segmentIndex: number, answer: XAnswer): void;
  /** Every APPEND is answered only after this long (0: at once); the segment is kept. */
  delayAppends(ms: number): void;
  /** X forgets every upload session not yet finalized (its media ids expired): their APPENDs are refused. */
  forgetSessions(): void;
  /** The next chunked uploads' processing ends in failure with this error (X's processing_info.error), once each. */
  failProcessing(...errors: { code: number; name: string; message: string }[]): void;
  /** The next chunked uploads' processing stays in_progress for `polls` STATUS calls, asking to check back after `checkAfterSecs`, once each. */
  slowProcessing(...slow: XSlowProcessing[]): void;
  /** GETs of DM media served (signed correctly). */
  mediaDownloads: number;
  /** Webhook registration calls (x-webhook-registration.ts), and failures for the next ones. */
  registration: { calls: XRegistrationCall[]; failNext(...answers: XAnswer[]): void };
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

export async function startXApi(opts: { creds: XCreds; me: { id: string; username: string }; registration?: XRegistrationOptions }): Promise<XApi> {
  const registration = xWebhookRegistration(opts.creds, opts.registration ?? {});
  const arrivals = new Arrivals<XDm>('X DMs');
  const scripted: XAnswer[] = [];
  const state = { badSignatures: 0, mediaDownloads: 0 };
  const media = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const uploads: XApi['uploads'] = [];
  const mediaCalls: XApi['mediaCalls'] = [];
  const failures: { code: number; name: string; message: string }[] = [];
  const slowQueue: XSlowProcessing[] = [];
  /** Finalized uploads still processing: STATUS calls left before the outcome, and the check_after_secs asked. */
  const processing = new Map<string, XSlowProcessing>();
  /** Chunked sessions by id, from initialize until finalize. */
  const sessions = new Map<string, { category: string; type: string; shared?: boolean; totalBytes: number; parts: Buffer[]; segments: number[]; failWith?: { code: number; name: string; message: string }; slow?: XSlowProcessing }>();
  const failing = new Map<string, { code: number; name: string; message: string }>();
  const interruptions = new Map<number, XAnswer>();
  let appendDelayMs = 0;
  const newId = () => String(BigInt(`0x${randomBytes(7).toString('hex')}`));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      const answer = (a: XAnswer) => { res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }); res.end(JSON.stringify(a.json)); };
      const reply = (a: XAnswer) => { if (a.delayMs) setTimeout(() => { if (!res.destroyed) answer(a); }, a.delayMs); else answer(a); };
      const registered = await registration.answer(req, url, Buffer.concat(chunks), signatureOk(req.method ?? 'GET', url, req.headers.authorization, opts.creds));
      if (registered) return reply(registered);
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
      const problem = (detail: string, status = 400) => reply({ status, json: { title: 'Invalid Request', type: 'https://api.x.com/2/problems/invalid-request', status, detail } });
      if (req.method === 'POST' && url.pathname === '/2/media/upload/initialize') {
        if (!String(req.headers['content-type']).startsWith('application/json')) return problem('initialize takes a JSON body.');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (!CHUNKED_CATEGORIES.includes(body.media_category)) return problem(`\`media_category\` must be one of ${CHUNKED_CATEGORIES.join(', ')}.`);
        if (typeof body.media_type !== 'string' || !/^[a-z]+\/[\w.+-]+$/.test(body.media_type)) return problem('`media_type` is required.');
        if (!Number.isInteger(body.total_bytes) || body.total_bytes < 0 || body.total_bytes > MAX_TOTAL_BYTES) return problem(`\`total_bytes\` must be an integer from 0 to ${MAX_TOTAL_BYTES}.`);
        const id = newId();
        sessions.set(id, { category: body.media_category, type: body.media_type, shared: body.shared, totalBytes: body.total_bytes, parts: [], segments: [], failWith: failures.shift(), slow: slowQueue.shift() });
        mediaCalls.push({ step: 'initialize', id });
        return reply({ status: 200, json: { data: { id, media_key: `7_${id}`, expires_after_secs: 86400 } } });
      }
      const chunkStep = /^\/2\/media\/upload\/(\d+)\/(append|finalize)$/.exec(url.pathname);
      if (req.method === 'POST' && chunkStep) {
        const [, id, step] = chunkStep;
        const session = sessions.get(id);
        if (!session) return problem(`No upload session ${id} (initialize first, or it was finalized).`);
        if (step === 'append') {
          if (!String(req.headers['content-type']).startsWith('multipart/form-data')) return problem('append takes multipart/form-data.');
          let form: FormData;
          try {
            form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
          } catch {
            return problem('The multipart body could not be read.');
          }
          const index = Number(form.get('segment_index'));
          const media = form.get('media');
          if (!(media instanceof Blob)) return problem('The `media` field is required.');
          const bytes = Buffer.from(await media.arrayBuffer());
          const interruption = interruptions.get(index);
          if (interruption) {
            interruptions.delete(index);
            mediaCalls.push({ step: 'append', id, segmentIndex: index, bytes: bytes.length, refused: interruption.status });
            return reply(interruption);
          }
          if (index !== session.segments.length) return problem(`segment_index ${form.get('segment_index')} is out of order: expected ${session.segments.length}.`);
          if (index > 999) return problem('segment_index must be 0 to 999.');
          if (bytes.length > MAX_SEGMENT_BYTES) return problem(`A segment may be at most ${MAX_SEGMENT_BYTES} bytes; this one is ${bytes.length}.`);
          const received = session.parts.reduce((n, p) => n + p.length, 0) + bytes.length;
          if (received > session.totalBytes) return problem(`More bytes than total_bytes (${session.totalBytes}).`);
          session.parts.push(bytes);
          session.segments.push(index);
          mediaCalls.push({ step: 'append', id, segmentIndex: index, bytes: bytes.length });
          return reply({ status: 200, json: { data: { expires_at: Math.floor(Date.now() / 1000) + 86400 } }, delayMs: appendDelayMs || undefined });
        }
        const all = Buffer.concat(session.parts);
        if (all.length !== session.totalBytes) return problem(`Received ${all.length} bytes; initialize announced ${session.totalBytes}.`);
        sessions.delete(id);
        uploads.push({ id, category: session.category, type: session.type, shared: session.shared, bytes: all, chunked: { totalBytes: session.totalBytes, segments: session.segments }, state: 'pending' });
        if (session.failWith) failing.set(id, session.failWith);
        if (session.slow) processing.set(id, { ...session.slow });
        mediaCalls.push({ step: 'finalize', id });
        return reply({ status: 200, json: { data: { id, media_key: `7_${id}`, size: all.length, expires_after_secs: 86400, processing_info: { state: 'pending', check_after_secs: session.slow?.checkAfterSecs ?? 1 } } } });
      }
      if (req.method === 'GET' && url.pathname === '/2/media/upload') {
        const id = url.searchParams.get('media_id') ?? '';
        if (url.searchParams.get('command') !== 'STATUS') return problem('`command` must be STATUS.');
        const upload = uploads.find((u) => u.id === id && u.chunked);
        if (!upload) return problem(`No finalized upload ${id}.`);
        mediaCalls.push({ step: 'status', id });
        const slow = processing.get(id);
        if (slow && slow.polls > 0) {
          slow.polls--;
          return reply({ status: 200, json: { data: { id, media_key: `7_${id}`, expires_after_secs: 86399, processing_info: { state: 'in_progress', check_after_secs: slow.checkAfterSecs, progress_percent: 50 } } } });
        }
        const error = failing.get(id);
        upload.state = error ? 'failed' : 'succeeded';
        const processing_info = error ? { state: 'failed', progress_percent: 12, error } : { state: 'succeeded', progress_percent: 100 };
        return reply({ status: 200, json: { data: { id, media_key: `7_${id}`, expires_after_secs: 86399, processing_info } } });
      }
      if (req.method === 'POST' && url.pathname === '/2/media/upload') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (typeof body.media !== 'string' || !body.media) return problem('The `media` field is required.');
        if (!['tweet_image', 'dm_image', 'subtitles'].includes(body.media_category)) return problem('`media_category` must be one of tweet_image, dm_image, subtitles.');
        const id = String(BigInt(`0x${randomBytes(7).toString('hex')}`));
        uploads.push({ id, category: body.media_category, type: body.media_type, shared: body.shared, bytes: Buffer.from(body.media, 'base64'), state: 'succeeded' });
        return reply({ status: 200, json: { data: { id, media_key: `3_${id}`, size: Buffer.from(body.media, 'base64').length, expires_after_secs: 86400 } } });
      }
      const dm = /^\/2\/dm_conversations\/with\/(\d+)\/messages$/.exec(url.pathname);
      if (req.method === 'POST' && dm) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        // One media item per DM, uploaded before for DMs (dm_image, dm_gif, dm_video) and processed.
        const attached = (body.attachments ?? []) as { media_id?: string }[];
        if (attached.length > 1 || attached.some((a) => !uploads.some((u) => u.id === a.media_id && DM_CATEGORIES.includes(u.category)))) {
          return reply({ status: 400, json: { title: 'Invalid Request', status: 400, detail: 'attachments must name one media_id uploaded for DMs.' } });
        }
        if (attached.some((a) => uploads.find((u) => u.id === a.media_id)?.state !== 'succeeded')) {
          return reply({ status: 400, json: { title: 'Invalid Request', status: 400, detail: 'The media is not ready: wait until its processing has succeeded.' } });
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
    mediaCalls,
    registration: { calls: registration.calls, failNext: registration.failNext },
    failProcessing: (...errors) => { failures.push(...errors); },
    slowProcessing: (...slow) => { slowQueue.push(...slow); },
    interruptAppend: (index, answer) => { interruptions.set(index, answer); },
    delayAppends: (ms) => { appendDelayMs = ms; },
    forgetSessions: () => { sessions.clear(); },
    addMedia(name, bytes, contentType) {
      const path = `/1.1/ton/data/dm/${opts.me.id}/${BigInt(`0x${randomBytes(7).toString('hex')}`)}/${name}`;
      media.set(path, { bytes, contentType });
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
    },
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
