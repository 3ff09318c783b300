import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SendError, type ChannelContext, type ConnectorDeps, type OutboundMessage } from '../../connectors/connector';
import type { ByocConfig } from '../../connectors/byoc/config';
import { sendByocMessage } from '../../connectors/byoc/send';
import { startByocMiddleware, type ByocMiddleware, type ByocMiddlewareOptions } from '../fakes/byoc-middleware';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const deps: ConnectorDeps = { fetch, now: () => Date.now() };

const message: OutboundMessage = {
  id: 'msg_01JQ7Z3W4Y',
  caseId: 'case_01JQ7Z3',
  threadId: 'conv-42',
  recipient: { externalId: '+34600000001', name: 'Ana' },
  content: {
    type: 'quickReplies',
    text: 'When should we call you?',
    replies: [{ title: 'Morning', payload: 'AM' }, { title: 'Afternoon', payload: 'PM' }],
  },
  text: 'When should we call you? Reply with 1) Morning 2) Afternoon',
  attachments: [{ url: 'https://files.example.com/slots.pdf', mime: 'application/pdf', name: 'slots.pdf' }],
};

let middleware: ByocMiddleware | undefined;
afterEach(async () => {
  await middleware?.close();
  middleware = undefined;
});

async function start(options: Omit<ByocMiddlewareOptions, 'secret'> = {}, secret = SECRET) {
  middleware = await startByocMiddleware({ secret, ...options });
  return middleware;
}

const channelFor = (outboundUrl: string, config: Partial<ByocConfig> = {}): ChannelContext<ByocConfig> => ({
  id: 'ch_test',
  accountId: 'acc_test',
  config: { outboundUrl, secret: SECRET, timeoutMs: 2_000, ...config },
});

/** The SendError `promise` rejects with. */
async function sendErrorOf(promise: Promise<unknown>): Promise<SendError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SendError);
  return err as SendError;
}

describe('BYOC send', () => {
  it('POSTs the signed JSON body the middleware expects', async () => {
    const mw = await start();
    await sendByocMessage(message, channelFor(mw.url), deps);
    const [request] = await mw.waitFor(1);
    expect(request.verified).toBe(true);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/parley/outbound');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-id']).toBe(message.id);
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(Number(request.headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);
    expect(request.body).toEqual({
      type: 'message',
      messageId: message.id,
      caseId: message.caseId,
      externalConversationId: 'conv-42',
      recipient: { externalId: '+34600000001', name: 'Ana' },
      text: message.text,
      content: message.content,
      attachments: message.attachments,
    });
  });

  it('carries the customer\'s language as `locale`, and writes Parley\'s own words of `text` in it', async () => {
    const mw = await start();
    const stored = { content: { type: 'quickReplies', text: '¿Cuándo te llamamos?', replies: [{ id: 'am', title: 'Mañana', payload: 'AM' }, { id: 'pm', title: 'Tarde', payload: 'PM' }] } };
    // The stored fallback was generated in English when the reply was queued.
    const english = '¿Cuándo te llamamos?\n\n1. Mañana\n2. Tarde\n\nReply with the number or the option.';
    await sendByocMessage({ ...message, content: stored, text: english, attachments: [], locale: 'es' }, channelFor(mw.url), deps);
    await sendByocMessage({ ...message, id: 'msg_en', content: stored, text: english, attachments: [], locale: 'en' }, channelFor(mw.url), deps);
    await sendByocMessage({ ...message, id: 'msg_none', content: stored, text: english, attachments: [] }, channelFor(mw.url), deps);
    const [es, en, none] = await mw.waitFor(3);
    expect(es.verified).toBe(true);
    expect(es.body).toEqual({
      type: 'message', messageId: message.id, caseId: message.caseId, externalConversationId: 'conv-42',
      recipient: { externalId: '+34600000001', name: 'Ana' }, locale: 'es',
      text: '¿Cuándo te llamamos?\n\n1. Mañana\n2. Tarde\n\nResponde con el número o la opción.',
      content: stored, attachments: [],
    });
    expect([en.body.locale, en.body.text]).toEqual(['en', english]);
    // No language set anywhere: no locale, and the stored text as it was.
    expect(none.body).not.toHaveProperty('locale');
    expect(none.body.text).toBe(english);
  });

  it('keeps the author\'s own fallback text as written, whatever the locale', async () => {
    const mw = await start();
    const stored = { content: { type: 'quickReplies', text: 'Pick one', replies: [{ id: 'a', title: 'A', payload: 'A' }] }, fallbackText: 'Escribe A.' };
    await sendByocMessage({ ...message, content: stored, text: 'Escribe A.', locale: 'es' }, channelFor(mw.url), deps);
    const [request] = await mw.waitFor(1);
    expect(request.body).toMatchObject({ locale: 'es', text: 'Escribe A.' });
  });

  it('sends the message id as the idempotency key', async () => {
    const mw = await start();
    await sendByocMessage(message, channelFor(mw.url), deps);
    const [request] = await mw.waitFor(1);
    expect(request.headers['idempotency-key']).toBe(message.id);
  });

  it('signs with the timestamp of the injected clock', async () => {
    const mw = await start();
    await sendByocMessage(message, channelFor(mw.url), { fetch, now: () => Date.now() - 10 * 60_000 });
    const [request] = await mw.waitFor(1);
    expect(request.verified).toBe(false);
    expect(request.verifyError).toBe('Message timestamp too old');
  });

  it('fails verification at a middleware holding another secret', async () => {
    const mw = await start({}, 'whsec_2KXtqDXgAIVXbCAUrkdrDWTOfTq3Nvnr');
    await sendByocMessage(message, channelFor(mw.url), deps);
    const [request] = await mw.waitFor(1);
    expect(request.verified).toBe(false);
    expect(request.verifyError).toBe('No matching signature found');
  });

  it('takes providerMessageId from the answer\'s externalMessageId', async () => {
    const mw = await start({ respondWith: { status: 201, json: { externalMessageId: 'wamid.HBgL' } } });
    await expect(sendByocMessage(message, channelFor(mw.url), deps)).resolves.toEqual({ providerMessageId: 'wamid.HBgL' });
  });

  it.each([
    ['an empty 204', { status: 204 }],
    ['a JSON body without externalMessageId', { status: 200, json: { ok: true } }],
    ['a non-JSON body', { status: 202, text: 'accepted' }],
  ])('falls back to the message id on %s', async (_case, answer) => {
    const mw = await start({ respondWith: answer });
    await expect(sendByocMessage(message, channelFor(mw.url), deps)).resolves.toEqual({ providerMessageId: message.id });
  });

  it('reports 503 as transient, and the retried send goes through with the same id', async () => {
    const mw = await start({ failFirst: 1, failStatus: 503 });
    const channel = channelFor(mw.url);
    const err = await sendErrorOf(sendByocMessage(message, channel, deps));
    expect(err).toMatchObject({ transient: true, status: 503 });
    expect(err.message).toContain('answered 503');
    await expect(sendByocMessage(message, channel, deps)).resolves.toEqual({ providerMessageId: 'ext-2' });
    const [first, second] = await mw.waitFor(2);
    expect([first.verified, second.verified]).toEqual([true, true]);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.headers['idempotency-key']).toBe(message.id);
  });

  it.each([408, 425, 429, 500, 502])('reports %i as transient', async (status) => {
    const mw = await start({ respondWith: { status, text: 'try later' } });
    expect(await sendErrorOf(sendByocMessage(message, channelFor(mw.url), deps))).toMatchObject({ transient: true, status });
  });

  it('surfaces Retry-After in the message', async () => {
    const mw = await start({ respondWith: { status: 429, text: 'slow down', headers: { 'retry-after': '30' } } });
    const err = await sendErrorOf(sendByocMessage(message, channelFor(mw.url), deps));
    expect(err.message).toMatch(/answered 429 Too Many Requests: slow down \(Retry-After: 30\)$/);
  });

  it('reports 400 as permanent with the middleware\'s error text', async () => {
    const mw = await start({ respondWith: { status: 400, json: { error: 'recipient.externalId is not a WhatsApp number' } } });
    const err = await sendErrorOf(sendByocMessage(message, channelFor(mw.url), deps));
    expect(err).toMatchObject({ transient: false, status: 400 });
    expect(err.message).toBe(
      `BYOC middleware at ${mw.url} answered 400 Bad Request: {"error":"recipient.externalId is not a WhatsApp number"}`,
    );
  });

  it.each([401, 403, 404, 422])('reports %i as permanent', async (status) => {
    const mw = await start({ respondWith: { status } });
    expect(await sendErrorOf(sendByocMessage(message, channelFor(mw.url), deps))).toMatchObject({ transient: false, status });
  });

  it('reports a redirect as permanent instead of following it', async () => {
    const mw = await start({ respondWith: { status: 301, headers: { location: 'https://elsewhere.example.com/in' } } });
    const err = await sendErrorOf(sendByocMessage(message, channelFor(mw.url), deps));
    expect(err).toMatchObject({ transient: false, status: 301 });
    expect(err.message).toContain('redirect to https://elsewhere.example.com/in');
    expect(mw.received).toHaveLength(1);
  });

  it('reports a timeout as transient', async () => {
    const mw = await start({ respondWith: { status: 200, delayMs: 1_500 } });
    const err = await sendErrorOf(sendByocMessage(message, channelFor(mw.url, { timeoutMs: 200 }), deps));
    expect(err).toMatchObject({ transient: true, status: undefined });
    expect(err.message).toBe(`BYOC middleware at ${mw.url} did not answer within 200 ms.`);
  });

  it('reports an unreachable middleware as transient', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const err = await sendErrorOf(sendByocMessage(message, channelFor(`http://127.0.0.1:${port}/in`), deps));
    expect(err).toMatchObject({ transient: true, status: undefined });
    expect(err.message).toBe(`BYOC middleware at http://127.0.0.1:${port}/in is unreachable: ECONNREFUSED.`);
  });

  it('keeps the query string (which may hold a token) out of error messages', async () => {
    const mw = await start({ respondWith: { status: 400 } });
    const err = await sendErrorOf(sendByocMessage(message, channelFor(`${mw.url}?token=s3cr3t`), deps));
    expect(err.message).not.toContain('s3cr3t');
  });

  it('refuses to send unsigned when the channel has no secret', async () => {
    const mw = await start();
    const err = await sendErrorOf(sendByocMessage(message, channelFor(mw.url, { secret: undefined }), deps));
    expect(err).toMatchObject({ transient: false, message: 'The BYOC channel has no signing secret configured.' });
    expect(mw.received).toHaveLength(0);
  });
});
