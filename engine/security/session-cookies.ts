// The browser's session: an httpOnly `parley_session` cookie holding the session token, and a
// readable `parley_csrf` cookie the console echoes as the X-CSRF-Token header on writes (double
// submit). The CSRF value is derived from the session token, so a cookie planted by another site or
// subdomain cannot match a session it does not know.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'parley_session';
export const CSRF_COOKIE = 'parley_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export interface CookiePolicy {
  /** Trust X-Forwarded-Proto / X-Forwarded-For from a reverse proxy (PARLEY_TRUST_PROXY). */
  trustProxy: boolean;
}

export const csrfTokenFor = (sessionToken: string) => createHash('sha256').update(`parley-csrf:${sessionToken}`).digest('base64url');

/** True when the client reached Parley over TLS (directly, or through a trusted proxy that says so). */
export function overTls(c: Context, policy: CookiePolicy): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return policy.trustProxy && (c.req.header('x-forwarded-proto') ?? '').split(',')[0]!.trim().toLowerCase() === 'https';
}

export function setSessionCookies(c: Context, token: string, maxAgeSeconds: number, policy: CookiePolicy) {
  const common = { path: '/', sameSite: 'Lax' as const, secure: overTls(c, policy), maxAge: maxAgeSeconds };
  setCookie(c, SESSION_COOKIE, token, { ...common, httpOnly: true });
  setCookie(c, CSRF_COOKIE, csrfTokenFor(token), common);
}

export function clearSessionCookies(c: Context, policy: CookiePolicy) {
  const common = { path: '/', sameSite: 'Lax' as const, secure: overTls(c, policy) };
  deleteCookie(c, SESSION_COOKIE, { ...common, httpOnly: true });
  deleteCookie(c, CSRF_COOKIE, common);
}

export const sessionCookie = (c: Context): string | undefined => getCookie(c, SESSION_COOKIE) || undefined;

export function csrfHeaderMatches(c: Context, sessionToken: string): boolean {
  const sent = c.req.header(CSRF_HEADER) ?? '';
  const expected = csrfTokenFor(sessionToken);
  return sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

/** The client's address: X-Forwarded-For's first hop behind a trusted proxy, else the socket's. */
export function clientAddress(c: Context, policy: CookiePolicy): string {
  if (policy.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
