// Authenticates a LINE webhook (channels.md §16b): x-line-signature is the base64 HMAC-SHA256 of
// the raw body keyed with the channel secret, compared in constant time. LINE signs no timestamp,
// so there is no replay window; redeliveries are caught by webhookEventId.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelContext, RawRequest, VerifyResult } from '../connector';
import type { LineConfig } from './config';

export const SIGNATURE_HEADER = 'x-line-signature';

const fail = (reason: string): VerifyResult => ({ ok: false, reason });

export function lineSignature(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function verifyLineRequest(req: RawRequest, channel: ChannelContext<LineConfig>): VerifyResult {
  const secret = channel.config.channelSecret;
  if (!secret) return fail('the channel has no channel secret configured');
  const given = Object.entries(req.headers).find(([key]) => key.toLowerCase() === SIGNATURE_HEADER)?.[1];
  if (given === undefined || given === '') return fail('missing x-line-signature header');
  // A SHA-256 digest is 32 bytes: 44 base64 characters ending in one "=".
  if (!/^[A-Za-z0-9+/]{43}=$/.test(given)) return fail('malformed x-line-signature: expected the base64 of a 32-byte HMAC-SHA256 (44 characters)');
  return timingSafeEqual(Buffer.from(given, 'base64'), lineSignature(secret, req.body))
    ? { ok: true }
    : fail('x-line-signature does not match: the body was altered, or it was signed with another channel secret');
}
