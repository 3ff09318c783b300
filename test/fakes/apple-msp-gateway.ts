// A real HTTP server on 127.0.0.1 playing Apple's Messages for Business gateway (MSP REST API
// `POST /v1/message`): it checks the MSP's JWT (HS256 with the decoded API secret, iss = MSP id),
// the id / Source-Id / Destination-Id headers, gunzips the body, records it, and can be told to
// answer the next messages with an error.
import { createCipheriv, randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify, SignJWT } from 'jose';
import { Arrivals } from './arrivals';

export interface AmbSent { headers: IncomingHttpHeaders; body: any; at: number }
export interface AmbAnswer { status: number; body?: string; headers?: Record<string, string> }

export interface AppleGateway {
  url: string;
  sent: AmbSent[];
  waitForSent(n: number, timeoutMs?: number): Promise<AmbSent[]>;
  answerNext(...answers: AmbAnswer[]): void;
  /**
   * A file a customer sent: encrypted here (AES-256-CTR, zero IV, a random key) and kept on the
   * stand-in's storage; returns the attachment entry of Apple's message (url, owner, signature-base64, key).
   */
  addAttachment(name: string, bytes: Uint8Array, mimeType: string): Promise<Record<string, unknown>>;
  /** preDownload calls, with their headers. */
  preDownloads: IncomingHttpHeaders[];
  close(): Promise<void>;
}

export async function startAppleGateway(opts: { mspId: string; apiSecret: string }): Promise<AppleGateway> {
  const key = new Uint8Array(Buffer.from(opts.apiSecret, 'base64'));
  const arrivals = new Arrivals<AmbSent>('Apple MSP gateway');
  const scripted: AmbAnswer[] = [];
  const stored = new Map<string, { encrypted: Buffer; owner: string; signatureHex: string }>();
  const preDownloads: IncomingHttpHeaders[] = [];
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
      const reply = (a: AmbAnswer) => { res.writeHead(a.status, a.headers); res.end(a.body ?? ''); };
      // Attachments: preDownload (the MSP's JWT, source-id, url, hex signature, owner) → a download-url on the storage.
      if (req.method === 'GET' && req.url === '/v1/preDownload') {
        preDownloads.push(req.headers);
        if (!(await verified(req))) return reply({ status: 401, body: 'Unauthorized' });
        const file = stored.get(String(req.headers.url ?? ''));
        if (!req.headers['source-id']) return reply({ status: 400, body: 'Missing source-id' });
        if (!file || file.owner !== req.headers.owner || file.signatureHex !== req.headers.signature) return reply({ status: 404, body: 'Attachment not found' });
        const port = (server.address() as AddressInfo).port;
        return reply({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ 'download-url': `http://127.0.0.1:${port}/storage/${encodeURIComponent(String(req.headers.url))}` }) });
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
      arrivals.push({ headers: req.headers, body, at: Date.now() });
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
    async addAttachment(name, bytes, mimeType) {
      const aesKey = randomBytes(32);
      const cipher = createCipheriv('aes-256-ctr', aesKey, Buffer.alloc(16, 0));
      const encrypted = Buffer.concat([cipher.update(bytes), cipher.final()]);
      const url = `https://p42-content.icloud.example/${randomBytes(8).toString('hex')}`;
      const signature = randomBytes(21);
      const owner = `owner-${randomBytes(4).toString('hex')}`;
      stored.set(url, { encrypted, owner, signatureHex: signature.toString('hex') });
      return { name, mimeType, size: bytes.length, url, owner, 'signature-base64': signature.toString('base64'), key: `00${aesKey.toString('hex')}` };
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
