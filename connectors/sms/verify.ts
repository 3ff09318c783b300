// Authenticates Twilio's webhook: the signature over the URL Twilio called and the form
// parameters. Behind a proxy the request Parley sees has another scheme or host, so the public
// webhook URL (with the request's query) is tried too.
import { timingSafeEqual } from 'node:crypto';
import type { ChannelContext, RawRequest, VerifyResult } from '../connector';
import type { SmsConfig } from './config';
import { twilioSignature } from './signing';

function header(req: RawRequest, name: string): string | undefined {
  const key = Object.keys(req.headers).find((k) => k.toLowerCase() === name);
  return key ? req.headers[key] : undefined;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function verifySmsRequest(req: RawRequest, channel: ChannelContext<SmsConfig>): VerifyResult {
  const given = header(req, 'x-twilio-signature');
  if (!given) return { ok: false, reason: 'Missing X-Twilio-Signature header.' };
  if (!/^[A-Za-z0-9+/]{27}=$/.test(given)) return { ok: false, reason: 'Malformed X-Twilio-Signature header (expected base64 of an HMAC-SHA1).' };
  const contentType = header(req, 'content-type') ?? '';
  if (!contentType.startsWith('application/x-www-form-urlencoded')) return { ok: false, reason: `Unexpected content type "${contentType}" (Twilio posts application/x-www-form-urlencoded).` };
  const params = new URLSearchParams(req.body.toString('utf8'));
  const seen = new URL(req.url);
  const urls = [req.url];
  if (channel.config.webhookUrl) urls.push(channel.config.webhookUrl + seen.search);
  for (const url of urls) if (same(twilioSignature(channel.config.authToken, url, params), given)) return { ok: true };
  return { ok: false, reason: 'X-Twilio-Signature does not match: wrong auth token, or Twilio called another URL than this channel\'s webhook URL.' };
}
