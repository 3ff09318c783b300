// Signs webhook bodies the way Meta does (X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw
// body with the app secret), straight with node:crypto rather than Parley's code, so tests check
// Parley against the scheme and not against itself.
import { createHmac } from 'node:crypto';
import type { RawRequest } from '../../connectors/connector';

export type MetaBody = string | Buffer | object;

/** Meta sends JSON with non-ASCII characters escaped as \uXXXX and slashes as \/; this does the same. */
export function metaJson(body: object): string {
  return JSON.stringify(body)
    .replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

export function metaBodyBytes(body: MetaBody): Buffer {
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : metaJson(body), 'utf8');
}

export function signMetaBody(appSecret: string, body: MetaBody): Record<string, string> {
  const bytes = metaBodyBytes(body);
  return {
    'content-type': 'application/json',
    'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(bytes).digest('hex')}`,
    // Meta still sends the legacy SHA-1 header alongside.
    'x-hub-signature': `sha1=${createHmac('sha1', appSecret).update(bytes).digest('hex')}`,
  };
}

export function signedMetaRequest(appSecret: string, body: MetaBody, url = 'http://127.0.0.1/webhooks/ch_test'): RawRequest {
  return { method: 'POST', url, headers: signMetaBody(appSecret, body), body: metaBodyBytes(body) };
}

/** The GET Meta sends when a person saves the callback URL in the app dashboard. */
export function hubChallengeRequest(params: Record<string, string>, url = 'http://127.0.0.1/webhooks/ch_test'): RawRequest {
  return { method: 'GET', url: `${url}?${new URLSearchParams(params)}`, headers: {}, body: Buffer.alloc(0) };
}
