// OAuth 1.0a request signing (RFC 5849, HMAC-SHA1), as X's v2 API accepts for user context: the
// signature base string is the method, the URL without its query, and every oauth_*, query and
// form parameter, percent-encoded and sorted. JSON bodies are not part of it.
import { createHmac, randomBytes } from 'node:crypto';

export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/** RFC 3986 encoding: encodeURIComponent leaves !'()* alone, OAuth does not. */
export const percentEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function oauth1Signature(method: string, url: string, params: [string, string][], consumerSecret: string, tokenSecret: string): string {
  const u = new URL(url);
  const all = [...params, ...[...u.searchParams.entries()]].map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
  all.sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1));
  const base = [method.toUpperCase(), percentEncode(`${u.protocol}//${u.host}${u.pathname}`), percentEncode(all.map(([k, v]) => `${k}=${v}`).join('&'))].join('&');
  return createHmac('sha1', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`).update(base).digest('base64');
}

/** The Authorization header of one request (`form` only for application/x-www-form-urlencoded bodies). */
export function oauth1Header(method: string, url: string, creds: OAuth1Credentials, opts: { now: number; nonce?: string; form?: [string, string][] }): string {
  const oauth: [string, string][] = [
    ['oauth_consumer_key', creds.consumerKey],
    ['oauth_nonce', opts.nonce ?? randomBytes(16).toString('hex')],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(Math.floor(opts.now / 1000))],
    ['oauth_token', creds.token],
    ['oauth_version', '1.0'],
  ];
  const signature = oauth1Signature(method, url, [...oauth, ...(opts.form ?? [])], creds.consumerSecret, creds.tokenSecret);
  return `OAuth ${[...oauth, ['oauth_signature', signature] as [string, string]].map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`).join(', ')}`;
}
