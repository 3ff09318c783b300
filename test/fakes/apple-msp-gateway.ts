// A real HTTP server on 127.0.0.1 playing Apple's Messages for Business gateway (MSP REST API
// `POST /v1/message`): it checks the MSP's JWT (HS256 with the decoded API secret, iss = MSP id),
// the id / Source-Id / Destination-Id headers, gunzips the body, records it, and can be told to
// answer the next messages with an error.
// Outbound files, as Apple's MSP REST API describes them: `GET /v1/preUpload` (the MSP's JWT,
// Source-Id, MMCS-Size) answers an upload-url on this stand-in's storage with its own mmcs-url and
// mmcs-owner; `POST <upload-url>` takes exactly MMCS-Size bytes and answers singleFile.fileChecksum
// (this stand-in's own checksum: 0x01 then the SHA-1 of the bytes received, 21 bytes like Apple's
// signatures); a message naming attachments must name uploaded files (url, owner, signature-base64)
// and its `key` is used to DECRYPT each one (AES-256-CTR, zero IV), so a test sees what the customer gets.
// Inbound files, as Apple's own MSP sample downloads them (05_downloading_attachments.py): the message
// names each file with url, owner, a HEX `signature` and the key; `GET /v1/preDownload` must carry the
// MSP's JWT, source-id and MMCS-Url, MMCS-Signature (the signature in base64) and MMCS-Owner, and
// answers a download-url on this stand-in's storage.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify, SignJWT } from 'jose';
import { Arrivals } from './arrivals';

/** A file of a message as the customer's device would show it: decrypted with the message's key. */
export interface AmbDeliveredFile { name: string; mimeType: string; size: string; bytes: Buffer }
export interface AmbSent { headers: IncomingHttpHeaders; body: any; at: number; files: AmbDeliveredFile[] }
/** A preUpload call: its headers and what the stand-in answered. */
export interface AmbPreUpload { headers: IncomingHttpHeaders; status: number }
/** A POST to an upload-url: the bytes received (the encrypted file) and the status answered. */
export interface AmbUpload { headers: IncomingHttpHeaders; bytes: Buffer; status: number }
/** `delayMs`: answer only after this long (a slow gateway); longer than the client's timeout is no answer at all. */
export interface AmbAnswer { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }

export interface AppleGateway {
  url: string;
  sent: AmbSent[];
  waitForSent(n: number, timeoutMs?: number): Promise<AmbSent[]>;
  answerNext(...answers: AmbAnswer[]): void;
  /** Answers for the next preUpload calls (after the stand-in's checks pass), instead of a slot. */
  answerNextPreUpload(...answers: AmbAnswer[]): void;
  /** Answers for the next uploads (after the stand-in's checks pass), instead of storing the file. */
  answerNextUpload(...answers: AmbAnswer[]): void;
  preUploads: AmbPreUpload[];
  uploads: AmbUpload[];
  /**
   * A file a customer sent: encrypted here (AES-256-CTR, zero IV, a random key) and kept on the
   * stand-in's storage; returns the attachment entry of Apple's message as Apple's sample reads it
   * (name, mimeType, size, url, owner, hex `signature`, key), or with `signature-base64` instead.
   */
  addAttachment(name: string, bytes: Uint8Array, mimeType: string, opts?: { signatureField?: 'signature' | 'signature-base64' }): Promise<Record<string, unknown>>;
  /** preDownload calls, with their headers. */
  preDownloads: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** `businessId`, when given, is the only Source-Id the stand-in takes on preUpload. */
export async function startAppleGateway(opts: { mspId: string; apiSecret: string; businessId?: string }): Promise<AppleGateway> {
  const key = new Uint8Array(Buffer.from(opts.apiSecret, 'base64'));
  const arrivals = new Arrivals<AmbSent>('Apple MSP gateway');
  const scripted: AmbAnswer[] = [];
  const scriptedPreUploads: AmbAnswer[] = [];
  const scriptedUploads: AmbAnswer[] = [];
  const stored = new Map<string, { encrypted: Buffer; owner: string; signatureHex: string }>();
  /** Upload slots handed out by preUpload, by the token in their upload-url. */
  const slots = new Map<string, { size: number; url: string; owner: string }>();
  const preDownloads: IncomingHttpHeaders[] = [];
  const preUploads: AmbPreUpload[] = [];
  const uploads: AmbUpload[] = [];
  const verified = async (req: { headers: IncomingHttpHeaders }) => {
    try {
      await jwtVerify(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '', key, { algorithms: ['HS256'], issuer: opts.mspId });
      return true;
    } catch {
      return false;
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const answer = (a: AmbAnswer) => { res.writeHead(a.status, a.headers); res.end(a.body ?? ''); };
      const reply = (a: AmbAnswer) => { if (a.delayMs) setTimeout(() => { if (!res.destroyed) answer(a); }, a.delayMs); else answer(a); };
      // Attachments: preDownload (the MSP's JWT, source-id, MMCS-Url, MMCS-Signature in base64, MMCS-Owner) → a download-url on the storage.
      if (req.method === 'GET' && req.url === '/v1/preDownload') {
        preDownloads.push(req.headers);
        if (!(await verified(req))) return reply({ status: 401, body: 'Unauthorized' });
        const source = req.headers['source-id'];
        if (!source || (opts.businessId && source !== opts.businessId)) return reply({ status: 400, body: `Unknown source-id ${String(source ?? '')}` });
        const [url, owner, signature] = ['mmcs-url', 'mmcs-owner', 'mmcs-signature'].map((h) => String(req.headers[h] ?? ''));
        if (!url || !owner || !signature) return reply({ status: 400, body: 'Missing MMCS-Url, MMCS-Owner or MMCS-Signature' });
        const file = stored.get(url);
        if (!file || file.owner !== owner || Buffer.from(signature, 'base64').toString('hex') !== file.signatureHex) return reply({ status: 404, body: 'Attachment not found' });
        const port = (server.address() as AddressInfo).port;
        return reply({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ 'download-url': `http://127.0.0.1:${port}/storage/${encodeURIComponent(url)}` }) });
      }
      // preUpload: the MSP's JWT, Source-Id (the business), MMCS-Size (the encrypted size) → a slot on the storage.
      if (req.url === '/v1/preUpload') {
        const answered = (a: AmbAnswer) => { preUploads.push({ headers: req.headers, status: a.status }); reply(a); };
        if (req.method !== 'GET') return answered({ status: 405, body: 'preUpload is a GET' });
        if (!(await verified(req))) return answered({ status: 401, body: 'Unauthorized' });
        const source = req.headers['source-id'];
        if (!source || (opts.businessId && source !== opts.businessId)) return answered({ status: 400, body: `Unknown source-id ${String(source ?? '')}` });
        const size = Number(req.headers['mmcs-size']);
        if (!/^\d+$/.test(String(req.headers['mmcs-size'] ?? '')) || size <= 0) return answered({ status: 400, body: 'Missing or invalid MMCS-Size' });
        const next = scriptedPreUploads.shift();
        if (next) return answered(next);
        const token = randomBytes(8).toString('hex');
        const slot = { size, url: `https://p42-content.icloud.example/M${randomBytes(12).toString('hex').toUpperCase()}`, owner: `M${randomBytes(16).toString('hex').toUpperCase()}.C01USN00` };
        slots.set(token, slot);
        const port = (server.address() as AddressInfo).port;
        return answered({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ 'upload-url': `http://127.0.0.1:${port}/upload/${token}`, 'mmcs-url': slot.url, 'mmcs-owner': slot.owner }) });
      }
      const upload = /^\/upload\/([0-9a-f]+)$/.exec(req.url ?? '');
      if (upload) {
        const bytes = Buffer.concat(chunks);
        const answered = (a: AmbAnswer) => { uploads.push({ headers: req.headers, bytes, status: a.status }); reply(a); };
        const slot = slots.get(upload[1]);
        if (req.method !== 'POST') return answered({ status: 405, body: 'Upload with POST' });
        if (!slot) return answered({ status: 404, body: 'No such upload slot' });
        if (bytes.length !== slot.size) return answered({ status: 400, body: `Expected ${slot.size} bytes (MMCS-Size), got ${bytes.length}` });
        const next = scriptedUploads.shift();
        if (next) return answered(next);
        slots.delete(upload[1]);
        const signature = Buffer.concat([Buffer.from([1]), createHash('sha1').update(bytes).digest()]);
        stored.set(slot.url, { encrypted: bytes, owner: slot.owner, signatureHex: signature.toString('hex') });
        return answered({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ singleFile: { fileChecksum: signature.toString('base64') } }) });
      }
      const storage = /^\/storage\/(.+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && storage) {
        const file = stored.get(decodeURIComponent(storage[1]));
        return file ? (res.writeHead(200, { 'content-type': 'application/octet-stream' }), res.end(file.encrypted)) : reply({ status: 404 });
      }
      if (req.method !== 'POST' || req.url !== '/v1/message') return reply({ status: 404 });
      try {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        await jwtVerify(token, key, { algorithms: ['HS256'], issuer: opts.mspId });
      } catch {
        return reply({ status: 401, body: 'Unauthorized' });
      }
      if (!req.headers.id || !req.headers['source-id'] || !req.headers['destination-id'] || req.headers['content-encoding'] !== 'gzip') return reply({ status: 400, body: 'Missing header' });
      const body = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8'));
      // Each attachment must be a file uploaded here (url, owner, signature); its key decrypts it as the device would.
      const files: AmbDeliveredFile[] = [];
      for (const a of (body.attachments ?? []) as Record<string, string>[]) {
        const file = stored.get(a.url);
        if (!file || file.owner !== a.owner || Buffer.from(a['signature-base64'] ?? '', 'base64').toString('hex') !== file.signatureHex) {
          return reply({ status: 400, body: `Attachment ${a.name} was not uploaded (url, owner or signature-base64 do not match)` });
        }
        if (!/^00[0-9a-fA-F]{64}$/.test(a.key ?? '')) return reply({ status: 400, body: `Attachment ${a.name} has no "00" + 256-bit hex key` });
        const decipher = createDecipheriv('aes-256-ctr', Buffer.from(a.key.slice(2), 'hex'), Buffer.alloc(16, 0));
        files.push({ name: a.name, mimeType: a.mimeType, size: a.size, bytes: Buffer.concat([decipher.update(file.encrypted), decipher.final()]) });
      }
      arrivals.push({ headers: req.headers, body, at: Date.now(), files });
      const next = scripted.shift();
      reply(next ?? { status: 200 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: arrivals.received,
    waitForSent: (n, t) => arrivals.waitFor(n, t),
    answerNext: (...a) => { scripted.push(...a); },
    answerNextPreUpload: (...a) => { scriptedPreUploads.push(...a); },
    answerNextUpload: (...a) => { scriptedUploads.push(...a); },
    preUploads,
    uploads,
    async addAttachment(name, bytes, mimeType, { signatureField = 'signature' } = {}) {
      const aesKey = randomBytes(32);
      const cipher = createCipheriv('aes-256-ctr', aesKey, Buffer.alloc(16, 0));
      const encrypted = Buffer.concat([cipher.update(bytes), cipher.final()]);
      const url = `https://p42-content.icloud.example/${randomBytes(8).toString('hex')}`;
      const signature = randomBytes(21);
      const owner = `owner-${randomBytes(4).toString('hex')}`;
      stored.set(url, { encrypted, owner, signatureHex: signature.toString('hex') });
      const signed = signatureField === 'signature' ? { signature: signature.toString('hex').toUpperCase() } : { 'signature-base64': signature.toString('base64') };
      return { name, mimeType, size: bytes.length, url, owner, ...signed, key: `00${aesKey.toString('hex')}` };
    },
    preDownloads,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** A JWT as Apple's gateway signs it for the MSP (aud = MSP id). */
export function gatewayToken(opts: { mspId: string; apiSecret: string; expiresIn?: string; audience?: string }): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setAudience(opts.audience ?? opts.mspId).setIssuedAt().setExpirationTime(opts.expiresIn ?? '5m')
    .sign(new Uint8Array(Buffer.from(opts.apiSecret, 'base64')));
}
