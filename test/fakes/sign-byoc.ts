// Signs BYOC requests the way an integrator's middleware would, straight with the `standardwebhooks`
// reference library (not Parley's own signing code), so tests check Parley against the standard.
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { RawRequest } from '../../connectors/connector';

export interface SignOptions {
  /** webhook-id; a fresh "msg_<uuid>" when omitted. */
  id?: string;
  /** Signing time in milliseconds since epoch (or a Date); now when omitted. */
  timestamp?: number | Date;
}

export type ByocBody = string | Buffer | object;

/** The exact bytes that are signed and sent: strings and Buffers as given, objects as JSON. */
export function byocBodyBytes(body: ByocBody): Buffer {
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

/** Standard Webhooks headers (plus content-type) for posting `body` to a BYOC channel. */
export function signByocRequest(secret: string, body: ByocBody, options: SignOptions = {}): Record<string, string> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.timestamp instanceof Date ? options.timestamp : new Date(options.timestamp ?? Date.now());
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, byocBodyBytes(body)),
  };
}

/** A signed RawRequest, as the HTTP layer would hand it to the connector. */
export function signedByocRequest(
  secret: string,
  body: ByocBody,
  options: SignOptions & { url?: string } = {},
): RawRequest {
  return {
    method: 'POST',
    url: options.url ?? 'http://127.0.0.1/webhooks/ch_test',
    headers: signByocRequest(secret, body, options),
    body: byocBodyBytes(body),
  };
}
