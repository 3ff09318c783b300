// The two example steps shipped in steps/, run the way the worker runs them (through the registry,
// which checks input and output) against local fake servers.
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuleEvent } from '../../model/rules/event';
import { createStepRegistry } from '../../engine/steps/step-registry';
import { createTicket } from '../../steps/create-ticket';
import { lookupOrder } from '../../steps/lookup-order';
import { startShopApi, type ShopApi, type ShopOrder } from '../fakes/shop-api';
import { startTicketApi, type TicketApi } from '../fakes/ticket-api';

const event: RuleEvent = { id: 'evt_1', type: 'message.created', accountId: 'acc_1', occurredAt: 1_700_000_000_000 };
const run = (nodeId: string, attempt = 1) => ({ runId: 'rule-run-r1-evt_1', ruleId: 'r1', accountId: 'acc_1', nodeId, event, attempt, log: quiet });
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const registry = createStepRegistry([lookupOrder, createTicket]);
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (err: unknown) => err as Error);

const shipped: ShopOrder = {
  status: 'shipped', total: 59.9, currency: 'EUR', trackingUrl: 'https://track.example.com/ZX81',
  items: [{ sku: 'MUG-1', name: 'Mug', quantity: 2 }],
};

let shop: ShopApi | undefined;
let desk: TicketApi | undefined;
afterEach(async () => {
  await shop?.close();
  await desk?.close();
  shop = desk = undefined;
});

describe('shop.lookup-order', () => {
  it('returns the order\'s status, total, tracking link and items', async () => {
    shop = await startShopApi({ orders: { '1001': shipped } });
    const output = await registry.run('shop.lookup-order', { shopUrl: shop.url, orderId: ' 1001 ' }, run('lookup'));
    expect(output).toEqual({ found: true, ...shipped });
    expect(shop.requests[0]).toMatchObject({ method: 'GET', path: '/api/orders/1001' });
  });

  it('answers found: false for an order the shop does not know', async () => {
    shop = await startShopApi({ orders: { '1001': shipped } });
    expect(await registry.run('shop.lookup-order', { shopUrl: `${shop.url}/`, orderId: '999' }, run('lookup')))
      .toEqual({ found: false, status: null, total: null, currency: null, trackingUrl: null, items: [] });
  });

  it('escapes the order id into one path segment', async () => {
    shop = await startShopApi({ orders: { 'A/7 x': shipped } });
    expect(await registry.run('shop.lookup-order', { shopUrl: shop.url, orderId: 'A/7 x' }, run('lookup'))).toMatchObject({ found: true });
    expect(shop.requests[0]!.path).toBe('/api/orders/A%2F7%20x');
  });

  it('throws a retryable error on a 5xx and succeeds on the retry', async () => {
    shop = await startShopApi({ orders: { '1001': shipped }, failFirst: 1, failStatus: 502 });
    const first = await failure(registry.run('shop.lookup-order', { shopUrl: shop.url, orderId: '1001' }, run('lookup', 1)));
    expect(first.message).toBe('The shop answered 502 for order 1001; trying again.');
    expect((first as ApplicationFailure).nonRetryable).not.toBe(true);
    expect(await registry.run('shop.lookup-order', { shopUrl: shop.url, orderId: '1001' }, run('lookup', 2))).toMatchObject({ found: true, status: 'shipped' });
    expect(shop.requests).toHaveLength(2);
  });

  it('sends the API key header, and a refused key is not retried', async () => {
    shop = await startShopApi({ orders: { '1001': shipped }, apiKey: { header: 'X-Shop-Key', value: 's3cret' } });
    expect(await registry.run('shop.lookup-order', { shopUrl: shop.url, orderId: '1001', apiKeyHeader: 'X-Shop-Key: s3cret' }, run('lookup')))
      .toMatchObject({ found: true });
    const refused = await failure(registry.run('shop.lookup-order', { shopUrl: shop.url, orderId: '1001', apiKeyHeader: 'X-Shop-Key: wrong' }, run('lookup')));
    expect(refused).toMatchObject({ nonRetryable: true });
    expect(refused.message).toBe('The shop refused the lookup of order 1001 with 401: check apiKeyHeader.');
    const malformed = await failure(registry.run('shop.lookup-order', { shopUrl: shop.url, orderId: '1001', apiKeyHeader: 's3cret' }, run('lookup')));
    expect(malformed).toMatchObject({ nonRetryable: true });
    expect(malformed.message).toMatch(/apiKeyHeader must look like "X-Shop-Key: <key>"/);
  });

  it('throws a retryable error when the shop is unreachable', async () => {
    shop = await startShopApi();
    const url = shop.url;
    await shop.close();
    shop = undefined;
    const err = await failure(registry.run('shop.lookup-order', { shopUrl: url, orderId: '1001' }, run('lookup')));
    expect((err as ApplicationFailure).nonRetryable).not.toBe(true);
  });
});

describe('tickets.create', () => {
  const input = (apiUrl: string) => ({
    apiUrl, title: 'Refund for order 1001', description: 'The customer asks for a refund.', priority: 'high', requester: 'ana@example.com',
  });

  it('opens a ticket and returns its id and link', async () => {
    desk = await startTicketApi();
    const output = await registry.run('tickets.create', input(desk.url), run('ticket'));
    expect(output).toEqual({ ticketId: '1001', url: `${desk.url}/agent/tickets/1001` });
    expect(desk.tickets).toEqual([{
      id: 1001, subject: 'Refund for order 1001', description: 'The customer asks for a refund.', priority: 'high',
      requesterEmail: 'ana@example.com', idempotencyKey: 'rule-run-r1-evt_1:ticket',
    }]);
  });

  it('uses priority normal when none is given', async () => {
    desk = await startTicketApi();
    const { priority: _unused, ...withoutPriority } = input(desk.url);
    await registry.run('tickets.create', withoutPriority, run('ticket'));
    expect(desk.tickets[0]!.priority).toBe('normal');
  });

  it('never opens two tickets when the first answer got lost and the step is retried', async () => {
    desk = await startTicketApi({ loseAnswerFirst: 1 });
    const first = await failure(registry.run('tickets.create', input(desk.url), run('ticket', 1)));
    expect((first as ApplicationFailure).nonRetryable).not.toBe(true);
    expect(first.message).toBe('The help desk answered 503; trying again.');
    const retried = await registry.run('tickets.create', input(desk.url), run('ticket', 2));
    expect(retried).toEqual({ ticketId: '1001', url: `${desk.url}/agent/tickets/1001` });
    expect(desk.tickets).toHaveLength(1);
    expect(desk.requests.map((r) => r.headers['idempotency-key'])).toEqual(['rule-run-r1-evt_1:ticket', 'rule-run-r1-evt_1:ticket']);
  });

  it('opens a separate ticket for another node of the run', async () => {
    desk = await startTicketApi();
    await registry.run('tickets.create', input(desk.url), run('ticket'));
    await registry.run('tickets.create', input(desk.url), run('ticket2'));
    expect(desk.tickets.map((t) => t.id)).toEqual([1001, 1002]);
  });

  it('retries a 503 before anything was created', async () => {
    desk = await startTicketApi({ failFirst: 2 });
    await failure(registry.run('tickets.create', input(desk.url), run('ticket', 1)));
    await failure(registry.run('tickets.create', input(desk.url), run('ticket', 2)));
    expect(await registry.run('tickets.create', input(desk.url), run('ticket', 3))).toMatchObject({ ticketId: '1001' });
    expect(desk.tickets).toHaveLength(1);
  });

  it('does not retry a refusal', async () => {
    desk = await startTicketApi();
    const err = await failure(registry.run('tickets.create', input(`${desk.url}/wrong`), run('ticket')));
    expect(err).toMatchObject({ nonRetryable: true });
    expect(err.message).toBe('The help desk refused the ticket with 404: InvalidEndpoint.');
    expect(desk.tickets).toHaveLength(0);
  });

  it('refuses a requester that is not an email before calling anything', async () => {
    desk = await startTicketApi();
    const err = await failure(registry.run('tickets.create', { ...input(desk.url), requester: 'ana' }, run('ticket')));
    expect(err).toMatchObject({ nonRetryable: true, type: 'StepInputInvalid' });
    expect(err.message).toContain('requester:');
    expect(desk.requests).toHaveLength(0);
  });
});
