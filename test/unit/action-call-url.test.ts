// `Call a URL` against a local receiver (test/fakes/byoc-middleware.ts) that checks every Standard
// Webhooks signature with the reference library.
import { ApplicationFailure } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuleEvent } from '../../model/rules/event';
import type { ActionRunInfo } from '../../workflows/rules/contract';
import { createCallUrlAction, type CallUrlSettings } from '../../workflows/rules/actions/call-url';
import { startByocMiddleware, type ByocMiddleware, type ByocMiddlewareOptions } from '../fakes/byoc-middleware';

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const event: RuleEvent = { id: 'evt_9', type: 'message.created', accountId: 'acc_1', occurredAt: 1_700_000_000_000 };
const run: ActionRunInfo = { runId: 'rule-run-r1-evt_9', accountId: 'acc_1', ruleId: 'r1', ruleName: 'Refunds', version: 3, nodeId: 'notify', event };
const settings: CallUrlSettings = { allowPrivateUrls: true, urlSigningSecret: secret };
const callUrl = (s: Partial<CallUrlSettings> = {}) => createCallUrlAction({ getSettings: () => ({ ...settings, ...s }) });
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (err: unknown) => err as ApplicationFailure);

let receiver: ByocMiddleware | undefined;
const start = async (options: Omit<ByocMiddlewareOptions, 'secret'> = {}) => (receiver = await startByocMiddleware({ secret, ...options }));
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('call_url', () => {
  it('POSTs the event, rule and run, signed so the receiver can verify it, and returns the JSON answer', async () => {
    const r = await start({ respondWith: { status: 200, json: { orderStatus: 'shipped', eta: { days: 2 } } } });
    const output = await callUrl()({ url: r.url, timeoutMs: 5_000 }, run);

    expect(output).toEqual({ status: 200, body: { orderStatus: 'shipped', eta: { days: 2 } } });
    const [request] = r.received;
    expect(request).toMatchObject({ method: 'POST', path: '/parley/outbound', verified: true });
    expect(request!.headers).toMatchObject({ 'webhook-id': 'rule-run-r1-evt_9:notify', 'user-agent': 'Parley', 'content-type': 'application/json' });
    expect(request!.body).toEqual({ event, rule: { id: 'r1', name: 'Refunds', version: 3 }, runId: 'rule-run-r1-evt_9' });
  });

  it('sends a given body as it is, and signs each retry with the same webhook-id', async () => {
    const r = await start({ failFirst: 1, failStatus: 503 });
    const input = { url: r.url, body: { orderId: '1001', note: 'héllo ✓' }, timeoutMs: 5_000 };
    const first = await failure(callUrl()(input, run));
    expect(first).toBeInstanceOf(ApplicationFailure);
    expect(first.nonRetryable).toBe(false);
    expect(first.message).toBe(`${r.url} answered 503 Service Unavailable: temporarily unavailable`);
    await callUrl()(input, run);
    expect(r.received.map((q) => [q.verified, q.headers['webhook-id'], q.body])).toEqual([
      [true, 'rule-run-r1-evt_9:notify', { orderId: '1001', note: 'héllo ✓' }],
      [true, 'rule-run-r1-evt_9:notify', { orderId: '1001', note: 'héllo ✓' }],
    ]);
  });

  it('keeps a non-JSON answer short, with body null', async () => {
    const r = await start({ respondWith: { status: 200, text: `OK ${'x'.repeat(1_000)}` } });
    const output = await callUrl()({ url: r.url, timeoutMs: 5_000 }, run) as { status: number; body: unknown; text: string };
    expect(output.status).toBe(200);
    expect(output.body).toBeNull();
    expect(output.text.startsWith('OK xxx')).toBe(true);
    expect(output.text.length).toBeLessThanOrEqual(301);
  });

  it('answers body null for an empty 204', async () => {
    const r = await start({ respondWith: { status: 204 } });
    expect(await callUrl()({ url: r.url, timeoutMs: 5_000 }, run)).toEqual({ status: 204, body: null });
  });

  it('gives up after the timeout with a retryable error', async () => {
    const r = await start({ respondWith: { status: 200, json: {}, delayMs: 2_000 } });
    const started = Date.now();
    const err = await failure(callUrl()({ url: r.url, timeoutMs: 200 }, run));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(err).toMatchObject({ nonRetryable: false, type: 'CallUrlUnavailable' });
    expect(err.message).toBe(`${r.url} did not answer within 200 ms.`);
  });

  it('does not retry a 4xx, and says what the receiver answered', async () => {
    const r = await start({ respondWith: { status: 422, json: { error: 'orderId missing' } } });
    const err = await failure(callUrl()({ url: r.url, timeoutMs: 5_000 }, run));
    expect(err).toMatchObject({ nonRetryable: true, type: 'CallUrlRefused' });
    expect(err.message).toBe(`${r.url} answered 422 Unprocessable Entity: {"error":"orderId missing"}`);
  });

  it('retries a 429 and refuses to follow a redirect', async () => {
    let r = await start({ respondWith: { status: 429, text: 'slow down' } });
    expect(await failure(callUrl()({ url: r.url, timeoutMs: 5_000 }, run))).toMatchObject({ nonRetryable: false });
    await r.close();
    r = await start({ respondWith: { status: 302, headers: { location: 'https://elsewhere.example.com/hook?token=t' } } });
    const err = await failure(callUrl()({ url: r.url, timeoutMs: 5_000 }, run));
    expect(err).toMatchObject({ nonRetryable: true });
    expect(err.message).toBe(`${r.url} answered 302 Found (a redirect to https://elsewhere.example.com/hook): use the final URL in the rule.`);
  });

  it('treats an unreachable receiver as retryable', async () => {
    const r = await start();
    const url = r.url;
    await r.close();
    receiver = undefined;
    const err = await failure(callUrl()({ url, timeoutMs: 5_000 }, run));
    expect(err).toMatchObject({ nonRetryable: false });
    expect(err.message).toBe(`${url} is unreachable: ECONNREFUSED.`);
  });

  it('refuses a loopback URL unless the account allows private URLs, without sending anything', async () => {
    const r = await start();
    const err = await failure(callUrl({ allowPrivateUrls: false })({ url: r.url, timeoutMs: 5_000 }, run));
    expect(err).toMatchObject({ nonRetryable: true, type: 'CallUrlRefused' });
    expect(err.message).toBe(`Call a URL refused ${r.url}: loopback addresses are only allowed when the account allows private URLs (Settings → Automation).`);
    expect(r.received).toHaveLength(0);
  });

  it('refuses the metadata address and other schemes without retries', async () => {
    const metadata = await failure(callUrl()({ url: 'http://169.254.169.254/latest/meta-data/', timeoutMs: 5_000 }, run));
    expect(metadata).toMatchObject({ nonRetryable: true });
    expect(metadata.message).toBe('Call a URL refused http://169.254.169.254/latest/meta-data/: link-local and cloud metadata addresses are never allowed.');
    expect(await failure(callUrl()({ url: 'file:///etc/passwd', timeoutMs: 5_000 }, run))).toMatchObject({ nonRetryable: true });
  });

  it('refuses to send unsigned when the account has no signing secret', async () => {
    const r = await start();
    const err = await failure(callUrl({ urlSigningSecret: '' })({ url: r.url, timeoutMs: 5_000 }, run));
    expect(err).toMatchObject({ nonRetryable: true });
    expect(err.message).toMatch(/URL signing secret/);
    expect(r.received).toHaveLength(0);
  });

  it('uses an injected fetch after checking the URL', async () => {
    const calls: [string, RequestInit][] = [];
    const fetch = (async (url: URL, init: RequestInit) => {
      calls.push([String(url), init]);
      return new Response('{"ok":true}', { status: 201, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof globalThis.fetch;
    const action = createCallUrlAction({ getSettings: () => settings, fetch });
    expect(await action({ url: 'https://93.184.216.34/hook', timeoutMs: 5_000 }, run)).toEqual({ status: 201, body: { ok: true } });
    expect(calls[0]![0]).toBe('https://93.184.216.34/hook');
    expect((calls[0]![1].headers as Record<string, string>)['webhook-id']).toBe('rule-run-r1-evt_9:notify');
    await action({ url: 'http://10.0.0.1/', timeoutMs: 5_000 }, run); // private allowed by this account
    const strict = createCallUrlAction({ getSettings: () => ({ ...settings, allowPrivateUrls: false }), fetch });
    expect(await failure(strict({ url: 'http://10.0.0.1/', timeoutMs: 5_000 }, run))).toMatchObject({ nonRetryable: true });
    expect(calls).toHaveLength(2);
  });
});
