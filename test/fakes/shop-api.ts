// A small in-memory shop API on 127.0.0.1 for the `shop.lookup-order` example step:
// GET /orders/:id answers the order as JSON or 404. It can require an API key header and fail the
// first N requests with a 5xx to exercise retries.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ShopOrder {
  status: string;
  total: number;
  currency: string;
  trackingUrl: string | null;
  items: { sku: string; name: string; quantity: number }[];
}

export interface ShopApiOptions {
  orders?: Record<string, ShopOrder>;
  /** When set, requests must carry this header with this value (else 401). */
  apiKey?: { header: string; value: string };
  /** Answer the first N requests with `failStatus` (default 503). */
  failFirst?: number;
  failStatus?: number;
}

export interface ShopApi {
  /** The API base URL (the step's `shopUrl`). */
  url: string;
  orders: Record<string, ShopOrder>;
  requests: { method: string; path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startShopApi(options: ShopApiOptions = {}): Promise<ShopApi> {
  const orders: Record<string, ShopOrder> = { ...options.orders };
  const requests: ShopApi['requests'] = [];

  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (requests.length <= (options.failFirst ?? 0)) return json(options.failStatus ?? 503, { error: 'temporarily unavailable' });
    if (options.apiKey && req.headers[options.apiKey.header.toLowerCase()] !== options.apiKey.value) return json(401, { error: 'bad api key' });
    const match = /^\/api\/orders\/([^/?]+)$/.exec(req.url ?? '');
    if (req.method !== 'GET' || !match) return json(404, { error: 'no such route' });
    const order = orders[decodeURIComponent(match[1]!)];
    return order ? json(200, order) : json(404, { error: 'order not found' });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    orders,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
