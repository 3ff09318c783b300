// A real HTTP server on 127.0.0.1 playing the Microsoft side of a Teams bot: Bot Framework's OpenID
// metadata and JWKS (keys made with jose's generateKeyPair, endorsed for "msteams"), the Entra ID
// token endpoint (client credentials, checked like Microsoft checks them) and the Bot Connector
// API (POST /v3/conversations/{id}/activities, bearer token checked, Activity shape checked). It
// signs channel → bot tokens for the tests with jose — not with Parley's code — records every
// call, and can be told to answer the next calls with a failure (401, 403, 404, 429, 5xx, slowly).
// For the file-consent flow it checks consent and file-info cards, hands out OneDrive-like upload
// URLs (`uploadSession(name)`) and plays the upload session: PUT only, Content-Range
// `bytes {from}-{to}/{total}` matching Content-Length and the bytes, chunks in order, 202 until the
// last one, then 201 with the drive item; GET answers nextExpectedRanges (resuming); the bytes it
// got are kept per session.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { Arrivals } from './arrivals';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

export interface TeamsCall {
  kind: 'metadata' | 'keys' | 'token' | 'activity' | 'upload';
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  /** For activity calls: the conversation id from the path (decoded). */
  conversationId?: string;
  at: number;
}

export interface TeamsAnswer {
  /** Answer as the stand-in normally would (to script a failure after some normal calls). */
  normal?: boolean;
  status?: number;
  json?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface SignOptions {
  /** Claims to add or override (aud, iss, serviceurl, exp, nbf, …). */
  claims?: JWTPayload;
  /** Sign with another private key (one the JWKS does not hold). */
  key?: CryptoKey;
  kid?: string;
  /** Token lifetime from now in seconds (default 3600); `issuedAt` seconds since epoch (default now). */
  expiresIn?: number;
  issuedAt?: number;
}

/** One upload URL the stand-in handed out, as Teams does in an accepted file consent's uploadInfo. */
export interface UploadSession {
  id: string;
  name: string;
  uploadUrl: string;
  contentUrl: string;
  uniqueId: string;
  fileType: string;
  /** Each PUT as it arrived: its Content-Range and how many bytes it carried. */
  puts: { contentRange: string | undefined; contentLength: string | undefined; bytes: number; status: number }[];
  /** The bytes received so far, in order. */
  received: Buffer;
  complete: boolean;
}

export interface TeamsApi {
  /** Base of the fake: the Bot Connector serviceUrl of its conversations. */
  url: string;
  serviceUrl: string;
  openIdMetadataUrl: string;
  tokenUrl: string;
  calls: TeamsCall[];
  callsOf(kind: TeamsCall['kind']): TeamsCall[];
  waitForCalls(kind: TeamsCall['kind'], n: number, timeoutMs?: number): Promise<TeamsCall[]>;
  answerNext(kind: TeamsCall['kind'], ...answers: TeamsAnswer[]): void;
  /** A Bot Framework channel → bot token for `appId`, RS256 with the published key. */
  signToken(serviceUrl: string, opts?: SignOptions): Promise<string>;
  /** Publishes a new signing key (a rollover) and signs with it from then on. */
  rotateKey(): Promise<void>;
  /** Access tokens the token endpoint issued, newest last. */
  issuedTokens: string[];
  /** A new upload URL for a file called `name` (what uploadInfo carries in an accept). */
  uploadSession(name: string): UploadSession;
  uploads: UploadSession[];
  /** Activities that carried a FileConsentCard / FileInfoCard. */
  consentCards(): TeamsCall[];
  fileInfoCards(): TeamsCall[];
  close(): Promise<void>;
}

export async function startTeamsApi(opts: { appId: string; appPassword: string; tokenLifetimeSeconds?: number }): Promise<TeamsApi> {
  const arrivals = new Arrivals<TeamsCall>('Teams stand-in');
  const scripted = new Map<TeamsCall['kind'], TeamsAnswer[]>();
  const issuedTokens: string[] = [];
  let keys: { kid: string; privateKey: CryptoKey; jwk: Record<string, unknown> }[] = [];
  const addKey = async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = `key-${keys.length + 1}-${randomUUID().slice(0, 8)}`;
    keys = [...keys, { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, kty: 'RSA', use: 'sig', endorsements: ['msteams', 'webchat'] } }];
  };
  await addKey();
  let base = '';
  let activityCounter = 0;
  const sessions: UploadSession[] = [];
  let lastBytes = Buffer.alloc(0);

  /** OneDrive's upload session: PUT, ranges in order, Content-Length = bytes = range size. */
  const uploadAnswer = (call: TeamsCall): TeamsAnswer => {
    const session = sessions.find((u) => call.path === `/upload/${u.id}`);
    const fail = (status: number, code: string, message: string): TeamsAnswer => ({ status, json: { error: { code, message } } });
    if (!session) return fail(404, 'itemNotFound', 'The upload session was not found');
    const record = (answer: TeamsAnswer) => {
      session.puts.push({ contentRange: call.headers['content-range'] as string | undefined, contentLength: call.headers['content-length'], bytes: lastBytes.length, status: answer.status ?? 200 });
      return answer;
    };
    // GET: where the session stands (how a client resumes an interrupted upload).
    if (call.method === 'GET') {
      return session.complete ? fail(404, 'itemNotFound', 'The upload session has already completed')
        : { status: 200, json: { expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(), nextExpectedRanges: [`${session.received.length}-`] } };
    }
    if (call.method !== 'PUT') return record(fail(405, 'invalidRequest', `${call.method} is not allowed on an upload session; PUT the bytes`));
    if (session.complete) return record(fail(404, 'itemNotFound', 'The upload session has already completed'));
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(call.headers['content-range'] ?? ''));
    if (!range) return record(fail(400, 'invalidRange', 'Content-Range must be "bytes {from}-{to}/{total}"'));
    const [from, to, total] = range.slice(1).map(Number);
    if (Number(call.headers['content-length']) !== lastBytes.length) return record(fail(400, 'invalidRequest', `Content-Length ${call.headers['content-length']} but ${lastBytes.length} bytes arrived`));
    if (to - from + 1 !== lastBytes.length) return record(fail(400, 'invalidRange', `Content-Range names ${to - from + 1} bytes but ${lastBytes.length} arrived`));
    if (from !== session.received.length) return record(fail(416, 'invalidRange', `Expected the range starting at ${session.received.length}`));
    session.received = Buffer.concat([session.received, lastBytes]);
    if (to + 1 < total) return record({ status: 202, json: { expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(), nextExpectedRanges: [`${to + 1}-`] } });
    session.complete = true;
    return record({ status: 201, json: { id: session.uniqueId, name: session.name, size: total, file: {}, webUrl: session.contentUrl } });
  };

  const normal = (call: TeamsCall): TeamsAnswer => {
    switch (call.kind) {
      case 'metadata':
        return { json: { issuer: BOT_FRAMEWORK_ISSUER, authorization_endpoint: 'https://invalid.botframework.com', jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] } };
      case 'keys':
        return { json: { keys: keys.map((k) => k.jwk) } };
      case 'token': {
        const form = new URLSearchParams(call.rawBody);
        const fail = (status: number, error: string, description: string): TeamsAnswer => ({ status, json: { error, error_description: `${description}\r\nTrace ID: ${randomUUID()}`, error_codes: [7000215] } });
        if (!String(call.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return fail(400, 'invalid_request', 'AADSTS900144: The request body must contain the following parameter: \'grant_type\'.');
        if (form.get('grant_type') !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.');
        if (form.get('scope') !== 'https://api.botframework.com/.default') return fail(400, 'invalid_scope', 'AADSTS1002012: The provided value for scope is not valid.');
        if (form.get('client_id') !== opts.appId) return fail(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`);
        if (form.get('client_secret') !== opts.appPassword) return fail(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
        const token = `fake-access-token-${issuedTokens.length + 1}-${randomUUID()}`;
        issuedTokens.push(token);
        return { json: { token_type: 'Bearer', expires_in: opts.tokenLifetimeSeconds ?? 3599, ext_expires_in: 3599, access_token: token } };
      }
      case 'upload':
        return uploadAnswer(call);
      case 'activity': {
        const auth = String(call.headers.authorization ?? '');
        if (!auth.startsWith('Bearer ') || !issuedTokens.includes(auth.slice(7))) return { status: 401, json: { message: 'Authorization has been denied for this request.' } };
        const body = call.body;
        if (!body || body.type !== 'message') return { status: 400, json: { error: { code: 'BadArgument', message: 'Activity type is required' } } };
        if (!body.text && !(Array.isArray(body.attachments) && body.attachments.length)) return { status: 400, json: { error: { code: 'BadArgument', message: 'Activity must have text or attachments' } } };
        for (const a of body.attachments ?? []) if (typeof a.contentType !== 'string') return { status: 400, json: { error: { code: 'BadArgument', message: 'Attachment contentType is required' } } };
        for (const a of body.attachments ?? []) {
          const bad = (message: string): TeamsAnswer => ({ status: 400, json: { error: { code: 'BadArgument', message } } });
          if (a.contentType === FILE_CONSENT) {
            if (typeof a.name !== 'string' || !a.name) return bad('FileConsentCard needs the file name');
            const c = a.content ?? {};
            if (typeof c.sizeInBytes !== 'number' || c.sizeInBytes < 0) return bad('FileConsentCard.sizeInBytes must be a number');
            if (typeof c.description !== 'string' || c.acceptContext === undefined || c.declineContext === undefined) return bad('FileConsentCard needs description, acceptContext and declineContext');
          }
          if (a.contentType === FILE_INFO) {
            const session = sessions.find((u) => u.contentUrl === a.contentUrl);
            if (!session || !session.complete) return bad(`FileInfoCard contentUrl ${a.contentUrl} is not an uploaded file`);
            if (a.name !== session.name || a.content?.uniqueId !== session.uniqueId || a.content?.fileType !== session.fileType) return bad('FileInfoCard name, uniqueId or fileType do not match the upload');
          }
        }
        return { status: 201, json: { id: `1:${++activityCounter}${Date.now()}` } };
      }
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      const send = (answer: TeamsAnswer) => {
        const reply = () => {
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
          res.end(answer.json === undefined ? '' : JSON.stringify(answer.json));
        };
        answer.delayMs ? setTimeout(reply, answer.delayMs) : reply();
      };
      const activity = /^\/v3\/conversations\/([^/]+)\/activities$/.exec(path);
      const kind: TeamsCall['kind'] | undefined =
        req.method === 'GET' && path === '/v1/.well-known/openidconfiguration' ? 'metadata'
          : req.method === 'GET' && path === '/v1/.well-known/keys' ? 'keys'
            : req.method === 'POST' && path === '/botframework.com/oauth2/v2.0/token' ? 'token'
              : req.method === 'POST' && activity ? 'activity'
                : path.startsWith('/upload/') ? 'upload' : undefined;
      if (!kind) return send({ status: 404, json: { error: { code: 'NotFound', message: `No route ${req.method} ${path}` } } });
      const bytes = Buffer.concat(chunks);
      const rawBody = kind === 'upload' ? '' : bytes.toString('utf8');
      lastBytes = bytes;
      let body: any;
      try { body = rawBody && kind === 'activity' ? JSON.parse(rawBody) : undefined; } catch { body = undefined; }
      const call: TeamsCall = { kind, method: req.method ?? '', path, headers: req.headers, rawBody, body, ...(activity ? { conversationId: decodeURIComponent(activity[1]) } : {}), at: Date.now() };
      arrivals.push(call);
      const queue = scripted.get(kind);
      const next = queue?.length ? queue.shift()! : undefined;
      send(next && !next.normal ? next : normal(call));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    serviceUrl: `${base}/`,
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    tokenUrl: `${base}/botframework.com/oauth2/v2.0/token`,
    calls: arrivals.received,
    issuedTokens,
    callsOf: (kind) => arrivals.received.filter((c) => c.kind === kind),
    async waitForCalls(kind, n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const calls = arrivals.received.filter((c) => c.kind === kind);
        if (calls.length >= n) return calls;
        if (Date.now() > deadline) throw new Error(`Teams stand-in got ${calls.length} of ${n} ${kind} calls within ${timeoutMs} ms`);
        await arrivals.waitFor(arrivals.received.length + 1, Math.max(1, deadline - Date.now())).catch(() => undefined);
      }
    },
    answerNext(kind, ...answers) {
      scripted.set(kind, [...(scripted.get(kind) ?? []), ...answers]);
    },
    async signToken(serviceUrl, o = {}) {
      const current = keys[keys.length - 1];
      const iat = o.issuedAt ?? Math.floor(Date.now() / 1000);
      const claims = { iss: BOT_FRAMEWORK_ISSUER, aud: opts.appId, iat, nbf: iat, exp: iat + (o.expiresIn ?? 3600), serviceurl: serviceUrl, ver: '1.0', ...o.claims };
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: o.kid ?? current.kid }).sign(o.key ?? current.privateKey);
    },
    rotateKey: addKey,
    uploads: sessions,
    uploadSession(name) {
      const id = randomUUID();
      const session: UploadSession = {
        id, name, uploadUrl: `${base}/upload/${id}`, contentUrl: `https://contoso-my.sharepoint.test/personal/megan/Documents/Applications/${encodeURIComponent(name)}`,
        uniqueId: randomUUID().toUpperCase(), fileType: name.includes('.') ? name.split('.').pop()! : '', puts: [], received: Buffer.alloc(0), complete: false,
      };
      sessions.push(session);
      return session;
    },
    consentCards: () => arrivals.received.filter((c) => c.kind === 'activity' && (c.body?.attachments ?? []).some((a: { contentType?: string }) => a.contentType === FILE_CONSENT)),
    fileInfoCards: () => arrivals.received.filter((c) => c.kind === 'activity' && (c.body?.attachments ?? []).some((a: { contentType?: string }) => a.contentType === FILE_INFO)),
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
