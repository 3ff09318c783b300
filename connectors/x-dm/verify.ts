// Authenticates X's webhook POSTs (`x-twitter-webhooks-signature` over the raw body) and answers the
// Challenge-Response Check X sends on registration and then hourly (GET ?crc_token=…).
import { timingSafeEqual } from 'node:crypto';
import type { ChannelContext, HandshakeResponse, RawRequest, VerifyResult } from '../connector';
import type { XDmConfig } from './config';
import { xWebhookSignature } from './signing';

const header = (req: RawRequest, name: string) => {
  const key = Object.keys(req.headers).find((k) => k.toLowerCase() === name);
  return key ? req.headers[key] : undefined;
};

export function verifyXRequest(req: RawRequest, channel: ChannelContext<XDmConfig>): VerifyResult {
  const given = header(req, 'x-twitter-webhooks-signature');
  if (!given) return { ok: false, reason: 'Missing x-twitter-webhooks-signature header.' };
  if (!/^sha256=[A-Za-z0-9+/]{43}=$/.test(given)) return { ok: false, reason: 'Malformed x-twitter-webhooks-signature header (expected "sha256=" and base64 of an HMAC-SHA256).' };
  const expected = Buffer.from(xWebhookSignature(channel.config.consumerSecret, req.body));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return { ok: false, reason: 'x-twitter-webhooks-signature does not match the body: wrong consumer secret, or the body was changed.' };
  }
  return { ok: true };
}

export function answerXCrc(req: RawRequest, channel: ChannelContext<XDmConfig>): HandshakeResponse | null {
  const token = new URL(req.url).searchParams.get('crc_token');
  if (req.method !== 'GET' || token === null) return null;
  return { status: 200, contentType: 'application/json', body: JSON.stringify({ response_token: xWebhookSignature(channel.config.consumerSecret, token) }) };
}
