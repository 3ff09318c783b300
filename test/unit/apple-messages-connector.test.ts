// Apple Messages for Business (as an MSP): the gateway's JWT checked by verify — tokens here are
// written by hand with node's HMAC (not jose, which Parley uses), so a mistake in either shows —
// with a precise reason for each refusal and the 60 s clock tolerance against the injected clock;
// the gzip body read as events (text, an interactive choice, typing skipped); and sending against
// the stand-in of Apple's gateway: the request it checks, and its refusals, a slow gateway and no
// answer at all classified as the message's delivery status reads them.
import { createHmac, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorDeps, OutboundMessage, SendError } from '../../connectors/connector';
import { appleMessagesConfigSchema } from '../../connectors/apple-messages/config';
import { parseAppleRequest } from '../../connectors/apple-messages/parse';
import { sendAppleMessage } from '../../connectors/apple-messages/send';
import { verifyAppleRequest } from '../../connectors/apple-messages/verify';
import { startAppleGateway, type AppleGateway } from '../fakes/apple-msp-gateway';

const MSP = 'msp-parley-unit';
const SECRET = Buffer.from('apple-msp-secret-for-unit-tests-0123456789').toString('base64');
const BUSINESS = 'biz-unit-0001';
const CUSTOMER = 'urn:mbid:AQAAY2N1c3RvbWVyLXVuaXQ';
const NOW = Date.UTC(2026, 10, 28, 9, 0, 0);
const config = appleMessagesConfigSchema.parse({ mspId: MSP, apiSecret: SECRET, businessId: BUSINESS });
const channel = { id: 'ch_amb', accountId: 'acc_1', config };
const deps: ConnectorDeps = { fetch, now: () => NOW };

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** An HS256 JWT as Apple's gateway sends it (aud = the MSP id), signed with node's HMAC. */
function handJwt(claims: Record<string, unknown>, secret = SECRET): string {
  const signingInput = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${signingInput}.${createHmac('sha256', Buffer.from(secret, 'base64')).update(signingInput).digest('base64url')}`;
}
const seconds = (ms: number) => Math.floor(ms / 1000);
const good = () => handJwt({ aud: MSP, iat: seconds(NOW), exp: seconds(NOW) + 300 });
const request = (headers: Record<string, string>, body: unknown = { id: randomUUID(), type: 'text', sourceId: CUSTOMER, body: 'Hola' }) => ({
  method: 'POST', url: 'https://parley.test/webhooks/ch_amb', headers: { 'content-encoding': 'gzip', 'destination-id': BUSINESS, ...headers }, body: gzipSync(JSON.stringify(body)),
});
const reasonOf = async (headers: Record<string, string>, now = NOW) => {
  const verdict = await verifyAppleRequest(request(headers), channel, { ...deps, now: () => now });
  return verdict.ok ? 'ok' : verdict.reason;
};

describe('Apple gateway JWT (Authorization: Bearer, HS256 with the MSP API secret)', () => {
  it('accepts a token for this MSP and business, signed with the API secret', async () => {
    expect(await reasonOf({ authorization: `Bearer ${good()}` })).toBe('ok');
  });

  it('refuses a tampered token, another secret, another MSP and another business, naming the check', async () => {
    const [header, , signature] = good().split('.');
    const tampered = `${header}.${b64url({ aud: MSP, iat: seconds(NOW), exp: seconds(NOW) + 86_400 })}.${signature}`;
    expect(await reasonOf({ authorization: `Bearer ${tampered}` })).toBe('The JWT signature does not match the MSP API secret.');
    const otherSecret = Buffer.from('someone-else-s-msp-secret-0123456789').toString('base64');
    expect(await reasonOf({ authorization: `Bearer ${handJwt({ aud: MSP, iat: seconds(NOW), exp: seconds(NOW) + 300 }, otherSecret)}` })).toBe('The JWT signature does not match the MSP API secret.');
    expect(await reasonOf({ authorization: `Bearer ${handJwt({ aud: 'another-msp', iat: seconds(NOW), exp: seconds(NOW) + 300 })}` })).toMatch(/^The JWT's "aud" claim is wrong/);
    expect(await reasonOf({ authorization: `Bearer ${good()}`, 'destination-id': 'biz-someone-else' })).toBe(`destination-id "biz-someone-else" is not this channel's business (${BUSINESS}).`);
  });

  it('refuses an expired token beyond the 60 s tolerance and accepts one within it', async () => {
    const expiredAt = seconds(NOW) - 120;
    const token = handJwt({ aud: MSP, iat: expiredAt - 300, exp: expiredAt });
    expect(await reasonOf({ authorization: `Bearer ${token}` })).toBe('The JWT has expired.');
    expect(await reasonOf({ authorization: `Bearer ${token}` }, (expiredAt + 30) * 1000)).toBe('ok');
  });

  it('refuses a missing or malformed Authorization header', async () => {
    expect(await reasonOf({})).toBe('Missing Authorization header (Apple sends "Bearer <JWT>").');
    expect(await reasonOf({ authorization: 'Basic dXNlcjpwYXNz' })).toBe('Malformed Authorization header (expected "Bearer <JWT>").');
  });
});

describe('Apple gateway messages as events', () => {
  const parse = (body: unknown) => parseAppleRequest(request({}, body), channel, deps);

  it('a text message: Apple\'s id as event id, the customer\'s opaque id as sender and thread, the locale as language', () => {
    const id = randomUUID();
    expect(parse({ id, type: 'text', sourceId: CUSTOMER, body: 'Hola \uFFFC', locale: 'es_ES' })).toEqual([expect.objectContaining({
      kind: 'message', eventId: id, threadId: CUSTOMER, sender: { externalId: CUSTOMER, language: 'es_ES' }, text: 'Hola', occurredAt: NOW,
    })]);
  });

  it('a quick-reply choice reads as the title the customer tapped (the answer parser takes its identifier)', () => {
    const [choice] = parse({ id: randomUUID(), type: 'interactive', sourceId: CUSTOMER, interactiveData: { data: { 'quick-reply': { selectedIdentifier: '2', items: [{ identifier: '1', title: 'PDF' }, { identifier: '2', title: 'Papel' }] } } } });
    expect(choice).toMatchObject({ kind: 'message', text: 'Papel' });
  });

  it('skips typing and close; refuses a message without an id or sourceId with 400', () => {
    expect(parse({ id: randomUUID(), type: 'typing_start', sourceId: CUSTOMER })).toEqual([]);
    expect(parse({ id: randomUUID(), type: 'close', sourceId: CUSTOMER })).toEqual([]);
    expect(() => parseAppleRequest({ method: 'POST', url: 'https://parley.test/webhooks/ch_amb', headers: {}, body: gzipSync('{"type":"text"}') }, channel, deps)).toThrow(/no id or sourceId/);
  });
});

describe('sending through the stand-in of Apple\'s gateway', () => {
  let apple: AppleGateway;
  const text = 'Su pedido sale hoy.';
  const outbound = { id: 'msg_amb_1', caseId: 'c', threadId: CUSTOMER, recipient: { externalId: CUSTOMER }, content: { content: { type: 'text', text, format: 'plain' } }, text, attachments: [] } as OutboundMessage;
  const sending = (timeoutMs = 2_000) => ({ ...channel, config: appleMessagesConfigSchema.parse({ mspId: MSP, apiSecret: SECRET, businessId: BUSINESS, apiBaseUrl: apple.url, timeoutMs }) });
  const live: ConnectorDeps = { fetch, now: Date.now };
  const failureOf = (timeoutMs?: number) => sendAppleMessage(outbound, sending(timeoutMs), live).then(() => null, (err: SendError) => err);

  beforeAll(async () => { apple = await startAppleGateway({ mspId: MSP, apiSecret: SECRET, businessId: BUSINESS }); });
  afterAll(async () => { await apple?.close(); });

  it('POST /v1/message, gzip, with the MSP\'s JWT, id, Source-Id = the business (the renderer cannot know it) and Destination-Id = the customer', async () => {
    const result = await sendAppleMessage(outbound, sending(), live);
    const [sent] = await apple.waitForSent(1);
    expect(sent.headers).toMatchObject({ 'content-encoding': 'gzip', 'source-id': BUSINESS, 'destination-id': CUSTOMER, id: result.providerMessageId });
    expect(sent.body).toMatchObject({ type: 'text', body: text, sourceId: BUSINESS, destinationId: CUSTOMER, id: result.providerMessageId });
  });

  it('429 is transient with Retry-After as retryAfterMs; 503 transient; 400 permanent with the gateway\'s words', async () => {
    apple.answerNext({ status: 429, body: 'Too many requests', headers: { 'retry-after': '4' } }, { status: 503, body: 'Service unavailable' }, { status: 400, body: 'Unknown destination-id' });
    expect(await failureOf()).toMatchObject({ transient: true, retryAfterMs: 4_000, message: "Apple's gateway answered 429: Too many requests" });
    expect(await failureOf()).toMatchObject({ transient: true, status: 503 });
    expect(await failureOf()).toMatchObject({ transient: false, status: 400, message: "Apple's gateway answered 400: Unknown destination-id" });
  });

  it('a gateway that answers too slowly, or not at all, is a transient timeout', async () => {
    apple.answerNext({ status: 200, delayMs: 1_500 });
    expect(await failureOf(300)).toMatchObject({ transient: true, message: "Apple's gateway did not answer within 300 ms." });
  });
});
