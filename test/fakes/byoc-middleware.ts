// A real HTTP server on 127.0.0.1 playing an integrator's BYOC middleware: it receives Parley's
// outbound POSTs, checks each Standard Webhooks signature with the reference library, records the
// request, and answers as configured (including failing the first N requests to exercise retries).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { Arrivals } from './arrivals';

export interface ReceivedByocRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body text as received. */
  rawBody: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  body: any;
  /** Whether the Standard Webhooks signature verified with the middleware's secret. */
  verified: boolean;
  /** Why verification failed, when it did. */
  verifyError?: string;
}

export interface ByocMiddlewareAnswer {
  status?: number;
  /** Sent as JSON; takes precedence over `text`. */
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (to exercise client timeouts). */
  delayMs?: number;
}

export interface ByocMiddlewareOptions {
  secret: string;
  /** Answer the first N requests with `failStatus` before behaving normally. */
  failFirst?: number;
  failStatus?: number;
  /** The normal answer; by default 200 `{ externalMessageId: "ext-<n>" }` (n counts from 1). */
  respondWith?: ByocMiddlewareAnswer | ((request: ReceivedByocRequest, index: number) => ByocMiddlewareAnswer);
}

export interface ByocMiddleware {
  /** The URL to use as the channel's outboundUrl. */
  url: string;
  received: ReceivedByocRequest[];
  /** Resolves once `n` requests have arrived; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedByocRequest[]>;
  close(): Promise<void>;
}

function verifyHeaders(secret: string, rawBody: string, headers: IncomingHttpHeaders): { verified: boolean; verifyError?: string } {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (typeof value === 'string') flat[key] = value;
  try {
    new Webhook(secret).verify(rawBody, flat, { jsonParse: false });
    return { verified: true };
  } catch (err) {
    return { verified: false, verifyError: (err as Error).message };
  }
}

export async function startByocMiddleware(options: ByocMiddlewareOptions): Promise<ByocMiddleware> {
  const arrivals = new Arrivals<ReceivedByocRequest>('BYOC middleware');
  const { received } = arrivals;
  const pendingAnswers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
      const request: ReceivedByocRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        body,
        ...verifyHeaders(options.secret, rawBody, req.headers),
      };
      arrivals.push(request);
      const index = received.length - 1;

      const answer: ByocMiddlewareAnswer =
        index < (options.failFirst ?? 0)
          ? { status: options.failStatus ?? 503, text: 'temporarily unavailable' }
          : typeof options.respondWith === 'function'
            ? options.respondWith(request, index)
            : (options.respondWith ?? { status: 200, json: { externalMessageId: `ext-${index + 1}` } });

      const send = () => {
        const headers: Record<string, string> = { ...answer.headers };
        let payload = '';
        if (answer.json !== undefined) {
          headers['content-type'] ??= 'application/json';
          payload = JSON.stringify(answer.json);
        } else if (answer.text !== undefined) {
          headers['content-type'] ??= 'text/plain';
          payload = answer.text;
        }
        res.writeHead(answer.status ?? 200, headers).end(payload);
      };
      if (answer.delayMs) {
        const timer = setTimeout(() => {
          pendingAnswers.delete(timer);
          if (!res.destroyed) send();
        }, answer.delayMs);
        pendingAnswers.add(timer);
      } else {
        send();
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/parley/outbound`,
    received,
    waitFor: (n, timeoutMs) => arrivals.waitFor(n, timeoutMs),
    async close() {
      for (const timer of pendingAnswers) clearTimeout(timer);
      pendingAnswers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
