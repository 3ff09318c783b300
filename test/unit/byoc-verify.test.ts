import { describe, expect, it } from 'vitest';
import type { ChannelContext, ConnectorDeps, RawRequest } from '../../connectors/connector';
import type { ByocConfig } from '../../connectors/byoc/config';
import { verifyByocRequest } from '../../connectors/byoc/verify';
import { signedByocRequest } from '../fakes/sign-byoc';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER_SECRET = 'whsec_2KXtqDXgAIVXbCAUrkdrDWTOfTq3Nvnr';
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const BODY = { type: 'message', externalMessageId: 'm1', externalConversationId: 'c1', sender: { externalId: 'u1' }, text: 'hi', timestamp: NOW };

const channel: ChannelContext<ByocConfig> = {
  id: 'ch_test',
  accountId: 'acc_test',
  config: { outboundUrl: 'http://127.0.0.1:9/out', secret: SECRET, timeoutMs: 10_000 },
};
const deps: ConnectorDeps = { fetch, now: () => NOW };

const verify = (req: RawRequest, ctx = channel) => verifyByocRequest(req, ctx, deps);
const withHeaders = (req: RawRequest, headers: Record<string, string>): RawRequest => ({ ...req, headers: { ...req.headers, ...headers } });
const withoutHeader = (req: RawRequest, name: string): RawRequest => {
  const headers = { ...req.headers };
  delete headers[name];
  return { ...req, headers };
};
const reasonOf = (result: ReturnType<typeof verify>) => (result.ok ? '(accepted)' : result.reason);

describe('BYOC verify', () => {
  const signed = signedByocRequest(SECRET, BODY, { id: 'msg_1', timestamp: NOW });

  it('accepts a correctly signed body', () => {
    expect(verify(signed)).toEqual({ ok: true });
  });

  it('accepts header names in any case', () => {
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verify({ ...signed, headers })).toEqual({ ok: true });
  });

  it('accepts a signature list where one v1 entry matches (secret rotation)', () => {
    const forged = signedByocRequest(OTHER_SECRET, BODY, { id: 'msg_1', timestamp: NOW }).headers['webhook-signature'];
    const list = `${forged} v1a,c2lnbmF0dXJl ${signed.headers['webhook-signature']}`;
    expect(verify(withHeaders(signed, { 'webhook-signature': list }))).toEqual({ ok: true });
  });

  it('accepts a timestamp exactly 5 minutes old and rejects one a second older', () => {
    const atEdge = signedByocRequest(SECRET, BODY, { timestamp: NOW - 300_000 });
    const pastEdge = signedByocRequest(SECRET, BODY, { timestamp: NOW - 301_000 });
    expect(verify(atEdge)).toEqual({ ok: true });
    expect(reasonOf(verify(pastEdge))).toBe('stale webhook-timestamp: signed 301 s ago, tolerance is 300 s');
  });

  it('rejects a tampered body', () => {
    const tampered = { ...signed, body: Buffer.from(signed.body.toString().replace('"hi"', '"hello"')) };
    expect(reasonOf(verify(tampered))).toMatch(/^signature mismatch/);
  });

  it('rejects a tampered webhook-id', () => {
    expect(reasonOf(verify(withHeaders(signed, { 'webhook-id': 'msg_2' })))).toMatch(/^signature mismatch/);
  });

  it('rejects a body signed with another secret', () => {
    expect(reasonOf(verify(signedByocRequest(OTHER_SECRET, BODY, { timestamp: NOW })))).toMatch(/^signature mismatch/);
  });

  it('names every missing header', () => {
    expect(reasonOf(verify(withoutHeader(signed, 'webhook-signature')))).toBe('missing Standard Webhooks header: webhook-signature');
    expect(reasonOf(verify(withoutHeader(signed, 'webhook-id')))).toBe('missing Standard Webhooks header: webhook-id');
    const none = { ...signed, headers: { 'content-type': 'application/json' } };
    expect(reasonOf(verify(none))).toBe(
      'missing Standard Webhooks headers: webhook-id, webhook-timestamp, webhook-signature',
    );
  });

  it('rejects a stale timestamp', () => {
    const old = signedByocRequest(SECRET, BODY, { timestamp: NOW - 10 * 60_000 });
    expect(reasonOf(verify(old))).toBe('stale webhook-timestamp: signed 600 s ago, tolerance is 300 s');
  });

  it('rejects a timestamp too far in the future', () => {
    const future = signedByocRequest(SECRET, BODY, { timestamp: NOW + 6 * 60_000 });
    expect(reasonOf(verify(future))).toBe('webhook-timestamp is 360 s in the future, tolerance is 300 s');
  });

  it('checks the timestamp against the injected clock, not the machine clock', () => {
    const signedNow = signedByocRequest(SECRET, BODY);
    expect(verify(signedNow)).toEqual({ ok: false, reason: expect.stringMatching(/^webhook-timestamp is \d+ s in the future/) });
  });

  it('rejects a malformed timestamp', () => {
    const reason = reasonOf(verify(withHeaders(signed, { 'webhook-timestamp': '2026-03-01T12:00:00Z' })));
    expect(reason).toBe('malformed webhook-timestamp "2026-03-01T12:00:00Z": expected Unix time in seconds');
  });

  it.each([
    ['no version prefix', 'c2lnbmF0dXJl'],
    ['empty signature', 'v1,'],
    ['not base64', 'v1,not base64!'],
    ['a hex digest', 'sha256=0123abcd'],
  ])('rejects a malformed signature header (%s)', (_case, header) => {
    const reason = reasonOf(verify(withHeaders(signed, { 'webhook-signature': header })));
    expect(reason).toBe('malformed webhook-signature: expected space-separated "v1,<base64>" entries');
  });

  it('rejects a signature header with no v1 entry', () => {
    expect(reasonOf(verify(withHeaders(signed, { 'webhook-signature': 'v1a,c2lnbmF0dXJl' })))).toBe(
      'webhook-signature holds no v1 signature',
    );
  });

  it('rejects everything when the channel has no secret', () => {
    const noSecret = { ...channel, config: { ...channel.config, secret: undefined } };
    expect(reasonOf(verify(signed, noSecret))).toBe('the channel has no signing secret configured');
  });
});
