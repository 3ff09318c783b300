import { describe, expect, it } from 'vitest';
import { byocConnector } from '../../connectors/byoc';
import { BYOC_SECRET_FIELDS, byocConfigSchema, generateByocSecret, prepareByocConfig } from '../../connectors/byoc/config';
import type { ChannelContext, ConnectorDeps } from '../../connectors/connector';
import { getConnector } from '../../connectors/registry';
import { RICH_CONTENT_TYPES } from '../../model/content/types';
import { signedByocRequest } from '../fakes/sign-byoc';
import { startByocMiddleware } from '../fakes/byoc-middleware';

const OUTBOUND_URL = 'https://middleware.example.com/parley';
const deps: ConnectorDeps = { fetch, now: () => Date.now() };

describe('BYOC config', () => {
  it('fills in defaults and leaves the secret to prepareConfig', () => {
    expect(byocConfigSchema.parse({ outboundUrl: OUTBOUND_URL })).toEqual({ outboundUrl: OUTBOUND_URL, timeoutMs: 10_000 });
  });

  it('accepts a full config', () => {
    const config = { outboundUrl: 'http://127.0.0.1:8080/in', secret: generateByocSecret(), replyWindowHours: 24, timeoutMs: 5_000 };
    expect(byocConfigSchema.parse(config)).toEqual(config);
    expect(byocConfigSchema.parse({ ...config, replyWindowHours: null }).replyWindowHours).toBeNull();
  });

  it.each([
    ['a non-http outboundUrl', { outboundUrl: 'ftp://middleware.example.com' }, 'outboundUrl'],
    ['a missing outboundUrl', {}, 'outboundUrl'],
    ['a secret without the whsec_ prefix', { outboundUrl: OUTBOUND_URL, secret: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }, 'secret'],
    ['a secret too short', { outboundUrl: OUTBOUND_URL, secret: 'whsec_c2hvcnQ=' }, 'secret'],
    ['a negative reply window', { outboundUrl: OUTBOUND_URL, replyWindowHours: -1 }, 'replyWindowHours'],
    ['a zero timeout', { outboundUrl: OUTBOUND_URL, timeoutMs: 0 }, 'timeoutMs'],
    ['a misspelt key', { outboundUrl: OUTBOUND_URL, outboundURL: OUTBOUND_URL }, ''],
  ])('rejects %s', (_case, config, path) => {
    const result = byocConfigSchema.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('generates a usable secret when none is given', () => {
    const prepared = prepareByocConfig(byocConfigSchema.parse({ outboundUrl: OUTBOUND_URL }));
    expect(prepared.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(prepared.secret!.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(byocConfigSchema.parse(prepared)).toEqual(prepared);
    expect(prepareByocConfig(byocConfigSchema.parse({ outboundUrl: OUTBOUND_URL })).secret).not.toBe(prepared.secret);
  });

  it('keeps a secret that was given', () => {
    const secret = generateByocSecret();
    expect(prepareByocConfig(byocConfigSchema.parse({ outboundUrl: OUTBOUND_URL, secret })).secret).toBe(secret);
  });

  it('marks the secret as the one secret field', () => {
    expect(BYOC_SECRET_FIELDS).toEqual(['secret']);
    expect(byocConnector.secretFields).toEqual(['secret']);
  });
});

describe('BYOC manifest', () => {
  const { capabilities } = byocConnector.manifest;

  it('describes a custom two-way channel without limits of its own', () => {
    expect(byocConnector.manifest).toMatchObject({ type: 'byoc', kind: 'custom', status: 'active' });
    expect(capabilities).toMatchObject({
      inbound: true, outbound: true, reply: true, proactiveOutbound: true, maxTextLength: null,
      attachments: { inbound: true, outbound: true, types: [], maxBytes: null },
      replyWindow: { hours: null, outsideWindow: 'anything' },
    });
  });

  it('passes every rich content type through natively', () => {
    expect(capabilities.richContent.map((r) => [r.type, r.level])).toEqual(RICH_CONTENT_TYPES.map((type) => [type, 'native']));
  });

  it('is registered under its type', () => {
    expect(getConnector('byoc')).toBe(byocConnector);
  });
});

describe('BYOC connector round trip', () => {
  it('verifies and parses an event signed with a generated secret', () => {
    const config = prepareByocConfig(byocConfigSchema.parse({ outboundUrl: OUTBOUND_URL }));
    const channel: ChannelContext<typeof config> = { id: 'ch_1', accountId: 'acc_1', config };
    const body = { type: 'message', externalMessageId: 'm-1', externalConversationId: 'c-1', sender: { externalId: 'u-1' }, text: 'hola', timestamp: Date.now() };
    const req = signedByocRequest(config.secret!, body);
    expect(byocConnector.verify(req, channel, deps)).toEqual({ ok: true });
    expect(byocConnector.parse(req, channel)).toMatchObject([{ kind: 'message', eventId: 'byoc:m-1', text: 'hola' }]);
  });

  it('sends to a middleware that verifies with the generated secret', async () => {
    const secret = generateByocSecret();
    const middleware = await startByocMiddleware({ secret });
    try {
      const config = prepareByocConfig(byocConfigSchema.parse({ outboundUrl: middleware.url, secret }));
      const result = await byocConnector.send(
        { id: 'msg_1', caseId: 'case_1', threadId: 'c-1', recipient: { externalId: 'u-1' }, content: { type: 'text', text: 'hi' }, text: 'hi', attachments: [] },
        { id: 'ch_1', accountId: 'acc_1', config },
        deps,
      );
      expect(result).toEqual({ providerMessageId: 'ext-1' });
      expect(middleware.received.map((r) => r.verified)).toEqual([true]);
    } finally {
      await middleware.close();
    }
  });
});
