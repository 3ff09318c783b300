// The Standard Webhooks signing scheme (https://www.standardwebhooks.com), used both ways on BYOC:
// webhook-signature = "v1," + base64(HMAC-SHA256(base64decode(secret minus "whsec_"), id.ts.body)).
// The HMAC itself comes from the `standardwebhooks` reference library; Parley only adds its own
// clock so the timestamp tolerance can be tested (the library reads Date.now() directly).
import { Webhook } from 'standardwebhooks';

export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';

/** How far webhook-timestamp may be from Parley's clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export interface StandardWebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The "v1,<base64>" signature of `body` sent as message `id` at `timestampSeconds`. The library
 * signs the body as UTF-8 text, which is byte-exact for any JSON body (JSON must be UTF-8).
 */
export function signatureFor(secret: string, id: string, timestampSeconds: number, body: string | Buffer): string {
  return new Webhook(secret).sign(id, new Date(timestampSeconds * 1000), body);
}

/** The three Standard Webhooks headers for a request Parley sends at `nowMs`. */
export function standardWebhookHeaders(secret: string, id: string, nowMs: number, body: string): StandardWebhookHeaders {
  const timestampSeconds = Math.floor(nowMs / 1000);
  return {
    [WEBHOOK_ID_HEADER]: id,
    [WEBHOOK_TIMESTAMP_HEADER]: String(timestampSeconds),
    [WEBHOOK_SIGNATURE_HEADER]: signatureFor(secret, id, timestampSeconds, body),
  };
}
