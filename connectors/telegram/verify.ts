// Authenticates a Telegram webhook: the X-Telegram-Bot-Api-Secret-Token header must equal the
// secret token given to setWebhook (channels.md §17b). It is a shared secret, not an HMAC, and has
// no timestamp; the comparison runs in constant time over SHA-256 digests (equal lengths).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ChannelContext, RawRequest, VerifyResult } from '../connector';
import { SECRET_TOKEN_PATTERN, type TelegramConfig } from './config';

export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function verifyTelegramRequest(req: RawRequest, channel: ChannelContext<TelegramConfig>): VerifyResult {
  const expected = channel.config.secretToken;
  if (!expected) return { ok: false, reason: 'the channel has no secret token configured' };
  const given = Object.entries(req.headers).find(([key]) => key.toLowerCase() === SECRET_TOKEN_HEADER)?.[1];
  if (given === undefined || given === '') return { ok: false, reason: 'missing X-Telegram-Bot-Api-Secret-Token header' };
  if (!SECRET_TOKEN_PATTERN.test(given)) {
    return { ok: false, reason: 'malformed X-Telegram-Bot-Api-Secret-Token: expected 1–256 characters of A-Z, a-z, 0-9, _ and -' };
  }
  return timingSafeEqual(digest(given), digest(expected))
    ? { ok: true }
    : { ok: false, reason: "X-Telegram-Bot-Api-Secret-Token does not match the channel's secret token (was the webhook set with another secret?)" };
}
