// Meta's webhook signature (channels.md §4), shared by Messenger, Instagram Direct and WhatsApp:
// `X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256(app secret, raw body)>`. Meta signs the
// bytes it sends (an escaped-unicode serialisation), so only the raw body verifies — never re-serialise.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RawRequest, VerifyResult } from '../../connector';
import { headerValue } from './headers';

export const HUB_SIGNATURE_HEADER = 'x-hub-signature-256';
/** The legacy SHA-1 header Meta still sends alongside; Parley does not accept it on its own. */
export const LEGACY_HUB_SIGNATURE_HEADER = 'x-hub-signature';

const SIGNATURE_FORMAT = /^sha256=([0-9a-fA-F]{64})$/;

const fail = (reason: string): VerifyResult => ({ ok: false, reason });

export function verifyHubSignature(req: RawRequest, appSecret: string | undefined): VerifyResult {
  if (!appSecret) return fail('the channel has no appSecret configured, so Meta signatures cannot be checked');
  const header = headerValue(req.headers, HUB_SIGNATURE_HEADER);
  if (header === undefined || header.trim() === '') {
    return headerValue(req.headers, LEGACY_HUB_SIGNATURE_HEADER)
      ? fail('missing X-Hub-Signature-256 header: only the legacy SHA-1 X-Hub-Signature was sent, and Parley checks SHA-256')
      : fail('missing X-Hub-Signature-256 header');
  }
  const match = SIGNATURE_FORMAT.exec(header.trim());
  if (!match) return fail(`malformed X-Hub-Signature-256 "${header.slice(0, 80)}": expected "sha256=" followed by 64 hex digits`);
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(req.body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { ok: true }
    : fail('signature mismatch: the body was altered, or it was signed with another app secret');
}
