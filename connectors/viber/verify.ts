// Authenticates a Viber callback (channels.md §19b): X-Viber-Content-Signature is the hex
// HMAC-SHA256 of the raw body keyed with the bot's auth token, compared in constant time. Viber signs
// no timestamp, so there is no replay window; redeliveries are caught by message_token.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelContext, RawRequest, VerifyResult } from '../connector';
import type { ViberConfig } from './config';

export const SIGNATURE_HEADER = 'x-viber-content-signature';

const fail = (reason: string): VerifyResult => ({ ok: false, reason });

export function verifyViberRequest(req: RawRequest, channel: ChannelContext<ViberConfig>): VerifyResult {
  const token = channel.config.authToken;
  if (!token) return fail('the channel has no auth token configured');
  const given = Object.entries(req.headers).find(([key]) => key.toLowerCase() === SIGNATURE_HEADER)?.[1];
  if (given === undefined || given === '') return fail('missing X-Viber-Content-Signature header');
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return fail('malformed X-Viber-Content-Signature: expected 64 hexadecimal characters (an HMAC-SHA256)');
  return timingSafeEqual(Buffer.from(given, 'hex'), createHmac('sha256', token).update(req.body).digest())
    ? { ok: true }
    : fail("X-Viber-Content-Signature does not match: the body was altered, or it was signed with another bot's auth token");
}
