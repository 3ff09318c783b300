// Authenticates an inbound BYOC request: Standard Webhooks headers over the raw body bytes, with a
// 5-minute timestamp tolerance against the injected clock. Each failure names its precise cause so
// an integrator can tell a missing header from a wrong secret from a skewed clock.
import { timingSafeEqual } from 'node:crypto';
import type { ChannelContext, ConnectorDeps, RawRequest, VerifyResult } from '../connector';
import type { ByocConfig } from './config';
import {
  SIGNATURE_TOLERANCE_SECONDS,
  WEBHOOK_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  signatureFor,
} from './signing';

// One entry of the space-separated webhook-signature list: "<version>,<base64>".
const SIGNATURE_ENTRY = /^(v\d+[a-z]*),([A-Za-z0-9+/]+={0,2})$/;

const fail = (reason: string): VerifyResult => ({ ok: false, reason });

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

export function verifyByocRequest(req: RawRequest, channel: ChannelContext<ByocConfig>, deps: ConnectorDeps): VerifyResult {
  const secret = channel.config.secret;
  if (!secret) return fail('the channel has no signing secret configured');

  const id = headerValue(req.headers, WEBHOOK_ID_HEADER);
  const timestamp = headerValue(req.headers, WEBHOOK_TIMESTAMP_HEADER);
  const signatures = headerValue(req.headers, WEBHOOK_SIGNATURE_HEADER);
  const missing = [
    [WEBHOOK_ID_HEADER, id],
    [WEBHOOK_TIMESTAMP_HEADER, timestamp],
    [WEBHOOK_SIGNATURE_HEADER, signatures],
  ].filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0 || !id || !timestamp || !signatures) {
    return fail(`missing Standard Webhooks header${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  }

  if (!/^\d{1,12}$/.test(timestamp)) {
    return fail(`malformed webhook-timestamp "${timestamp.slice(0, 40)}": expected Unix time in seconds`);
  }
  const timestampSeconds = Number(timestamp);
  const ageSeconds = Math.floor(deps.now() / 1000) - timestampSeconds;
  if (ageSeconds > SIGNATURE_TOLERANCE_SECONDS) {
    return fail(`stale webhook-timestamp: signed ${ageSeconds} s ago, tolerance is ${SIGNATURE_TOLERANCE_SECONDS} s`);
  }
  if (-ageSeconds > SIGNATURE_TOLERANCE_SECONDS) {
    return fail(`webhook-timestamp is ${-ageSeconds} s in the future, tolerance is ${SIGNATURE_TOLERANCE_SECONDS} s`);
  }

  const entries = signatures.split(' ').filter(Boolean).map((entry) => SIGNATURE_ENTRY.exec(entry));
  if (entries.length === 0 || entries.some((match) => match === null)) {
    return fail('malformed webhook-signature: expected space-separated "v1,<base64>" entries');
  }
  const v1Signatures = entries.filter((match) => match![1] === 'v1').map((match) => match![2]);
  if (v1Signatures.length === 0) return fail('webhook-signature holds no v1 signature');

  const expected = Buffer.from(signatureFor(secret, id, timestampSeconds, req.body).slice('v1,'.length));
  const matches = v1Signatures.some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches
    ? { ok: true }
    : fail('signature mismatch: the body, webhook-id or webhook-timestamp was altered, or it was signed with another secret');
}
