// A real HTTP server on 127.0.0.1 playing Apple's Messages for Business gateway (MSP REST API
// `POST /v1/message`): it checks the MSP's JWT (HS256 with the decoded API secret, iss = MSP id),
// the id / Source-Id / Destination-Id headers, gunzips the body, records it, and can be told to
// answer the next messages with an error.
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
  close(): Promise<void>;
}

export async function startAppleGateway(opts: { mspId: string; apiSecret: string }): Promise<AppleGateway> {
  const key = new Uint8Array(Buffer.from(opts.apiSecret, 'base64'));
  const arrivals = new Arrivals<AmbSent>('Apple MSP gateway');
  const scripted: AmbAnswer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const reply = (a: AmbAnswer) => { res.writeHead(a.status, a.headers); res.end(a.body ?? ''); };
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
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** A JWT as Apple's gateway signs it for the MSP (aud = MSP id). */
export function gatewayToken(opts: { mspId: string; apiSecret: string; expiresIn?: string; audience?: string }): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setAudience(opts.audience ?? opts.mspId).setIssuedAt().setExpirationTime(opts.expiresIn ?? '5m')
    .sign(new Uint8Array(Buffer.from(opts.apiSecret, 'base64')));
}
