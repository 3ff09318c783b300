// A Zendesk-like help desk on 127.0.0.1 for the `tickets.create` example step: POST /api/v2/tickets
// creates a ticket and answers 201 { ticket: { id, url, html_url } }. It honours Idempotency-Key: a
// repeated key gets the ticket created the first time (header `x-idempotency-lookup: hit`), so a
// retried step never creates two. It can fail requests with a 5xx, before or after creating the ticket.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTicket {
  id: number;
  subject: string;
  description: string;
  priority: string;
  requesterEmail: string;
  idempotencyKey: string | null;
}

export interface TicketApiOptions {
  /** Answer the first N requests with 503 without creating anything. */
  failFirst?: number;
  /** Create the ticket but answer 503 for the first N requests (the answer "gets lost"). */
  loseAnswerFirst?: number;
}

export interface TicketApi {
  /** The help desk's base URL (the step's `apiUrl`). */
  url: string;
  tickets: FakeTicket[];
  requests: { method: string; path: string; headers: IncomingHttpHeaders; body: any }[];
  close(): Promise<void>;
}

export async function startTicketApi(options: TicketApiOptions = {}): Promise<TicketApi> {
  const tickets: FakeTicket[] = [];
  const byKey = new Map<string, FakeTicket>();
  const requests: TicketApi['requests'] = [];
  let base = '';

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const json = (status: number, answer: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(answer));
      const present = (t: FakeTicket) => ({ ticket: { id: t.id, url: `${base}/api/v2/tickets/${t.id}.json`, html_url: `${base}/agent/tickets/${t.id}`, subject: t.subject } });

      if (req.method !== 'POST' || req.url !== '/api/v2/tickets') return json(404, { error: 'InvalidEndpoint' });
      if (requests.length <= (options.failFirst ?? 0)) return json(503, { error: 'Unavailable' });
      const ticket = body?.ticket;
      if (typeof ticket?.subject !== 'string' || typeof ticket?.comment?.body !== 'string' || typeof ticket?.requester?.email !== 'string') {
        return json(422, { error: 'RecordInvalid', description: 'subject, comment.body and requester.email are required' });
      }
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
      const existing = key ? byKey.get(key) : undefined;
      if (existing) return json(201, present(existing), { 'x-idempotency-lookup': 'hit' });

      const created: FakeTicket = {
        id: 1000 + tickets.length + 1,
        subject: ticket.subject,
        description: ticket.comment.body,
        priority: ticket.priority ?? 'normal',
        requesterEmail: ticket.requester.email,
        idempotencyKey: key,
      };
      tickets.push(created);
      if (key) byKey.set(key, created);
      if (tickets.length <= (options.loseAnswerFirst ?? 0)) return json(503, { error: 'Unavailable' });
      return json(201, present(created), { 'x-idempotency-lookup': 'miss' });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    tickets,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
