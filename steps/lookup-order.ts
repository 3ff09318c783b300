// Example custom step: looks an order up in a shop's HTTP API (GET <shopUrl>/orders/<orderId>)
// so a rule can answer "where is my order?" with its status and tracking link.
// A 404 is an answer (found: false); a 5xx or a network error throws, so the step is retried.
import { z } from 'zod';
import { defineStep, nonRetryable } from '../engine/steps/define-step';

const OrderAnswer = z.object({
  status: z.string(),
  total: z.number(),
  currency: z.string(),
  trackingUrl: z.string().nullish(),
  items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number() })).default([]),
});

/** `X-Shop-Key: secret` → ['X-Shop-Key', 'secret']. */
function parseHeader(line: string): [string, string] {
  const colon = line.indexOf(':');
  const name = line.slice(0, colon).trim();
  if (colon < 1 || !/^[A-Za-z0-9-]+$/.test(name)) throw nonRetryable(`apiKeyHeader must look like "X-Shop-Key: <key>", got "${name || line}".`);
  return [name, line.slice(colon + 1).trim()];
}

export const lookupOrder = defineStep({
  id: 'shop.lookup-order',
  title: 'Look up order',
  description: 'Finds an order in your shop\'s API (GET <shop URL>/orders/<order id>) and makes its status, total and tracking link available to the next steps.',
  group: 'Shop',
  input: z.object({
    shopUrl: z.url({ protocol: /^https?$/ }).describe('Shop API base URL, e.g. https://shop.example.com/api'),
    orderId: z.string().min(1).max(100).describe('Order id; {{variables}} allowed, e.g. {{case.customFields.orderId}}'),
    apiKeyHeader: z.string().max(500).optional().describe('Header sent with the request, e.g. "X-Shop-Key: <key>"'),
  }),
  output: z.object({
    found: z.boolean().describe('Whether the shop knows the order'),
    status: z.string().nullable().describe('Order status, e.g. shipped'),
    total: z.number().nullable().describe('Order total'),
    currency: z.string().nullable().describe('Currency of the total, e.g. EUR'),
    trackingUrl: z.string().nullable().describe('Parcel tracking link'),
    items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number() })).describe('Ordered items'),
  }),
  retry: { maximumAttempts: 4, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s' },

  async run({ shopUrl, orderId, apiKeyHeader }, ctx) {
    const url = `${shopUrl.replace(/\/+$/, '')}/orders/${encodeURIComponent(orderId.trim())}`;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Parley' };
    if (apiKeyHeader) {
      const [name, value] = parseHeader(apiKeyHeader);
      headers[name] = value;
    }
    const response = await ctx.fetch(url, { headers, signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(10_000)]) });

    if (response.status === 404) {
      return { found: false, status: null, total: null, currency: null, trackingUrl: null, items: [] };
    }
    if (response.status >= 500 || response.status === 429) {
      // Thrown errors are retried with the step's policy, then recorded on the run.
      throw new Error(`The shop answered ${response.status} for order ${orderId}; trying again.`);
    }
    if (!response.ok) {
      throw nonRetryable(`The shop refused the lookup of order ${orderId} with ${response.status}${response.status === 401 || response.status === 403 ? ': check apiKeyHeader' : ''}.`);
    }
    const order = OrderAnswer.safeParse(await response.json().catch(() => null));
    if (!order.success) throw nonRetryable(`The shop's answer for order ${orderId} is not an order: ${order.error.issues[0]?.message}.`);
    ctx.log.info('Order found', { orderId, status: order.data.status });
    return { found: true, ...order.data, trackingUrl: order.data.trackingUrl ?? null };
  },
});
