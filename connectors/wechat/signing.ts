// WeChat's request signature (channels.md §22a): sha1 of the Token, timestamp and nonce sorted as
// strings and joined, in lowercase hex, sent as the `signature` query parameter on the handshake
// GET and on every message POST (plain mode).
import { createHash, timingSafeEqual } from 'node:crypto';

export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join(''), 'utf8').digest('hex');
}

export interface SignedQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Checks the query's signature against the Token, naming what is missing or wrong. */
export function checkWeChatSignature(token: string | undefined, query: SignedQuery): SignatureCheck {
  if (!token) return { ok: false, reason: 'the channel has no Token configured' };
  const missing = (['signature', 'timestamp', 'nonce'] as const).filter((k) => !query[k]);
  if (missing.length > 0) return { ok: false, reason: `missing WeChat query parameter${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` };
  if (!/^[0-9a-f]{40}$/i.test(query.signature!)) return { ok: false, reason: 'malformed signature: expected 40 hex characters (sha1)' };
  const expected = Buffer.from(wechatSignature(token, query.timestamp!, query.nonce!));
  const given = Buffer.from(query.signature!.toLowerCase());
  return timingSafeEqual(given, expected)
    ? { ok: true }
    : { ok: false, reason: 'signature mismatch: timestamp or nonce was altered, or it was signed with another Token' };
}

export function signedQueryOf(url: string): SignedQuery & { echostr?: string; encrypt_type?: string; msg_signature?: string } {
  const params = new URL(url, 'http://localhost').searchParams;
  const get = (k: string) => params.get(k) ?? undefined;
  return { signature: get('signature'), timestamp: get('timestamp'), nonce: get('nonce'), echostr: get('echostr'), encrypt_type: get('encrypt_type'), msg_signature: get('msg_signature') };
}
