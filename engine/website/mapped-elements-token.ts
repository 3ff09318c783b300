// Mapper tokens: the short-lived proof that an admin opened mapping mode on a site from the
// console (`#parley-map=<token>` on the site's page). HMAC-SHA256 over {site, API key, user,
// expiry} with a per-site key made on first use and sealed with the account SecretBox. The key is
// deliberately NOT derived from the site's identity secret: that secret is shared with the site's
// backend (it signs visitor identities), and whoever holds it must not be able to mint mapper tokens.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { siteMapperKeys } from '../db/schema-website';
import type { SecretBox } from '../security/secret-box';

export const MAPPER_TOKEN_TTL_MS = 10 * 60_000;

export interface MapperClaims {
  /** The site. */
  s: string;
  /** The API key (or login session) that asked for it. */
  k: string;
  /** The signed-in admin, when it was a person. */
  u?: string;
  /** Expiry (ms since epoch). */
  exp: number;
}

/** The site's mapper signing key, created (and sealed) the first time it is needed. */
export function mapperKey(db: Db, box: SecretBox, siteId: string, now = Date.now()): Buffer {
  const read = () => db.select().from(siteMapperKeys).where(eq(siteMapperKeys.siteId, siteId)).get();
  let row = read();
  if (!row) {
    db.insert(siteMapperKeys).values({ siteId, sealedKey: box.seal(randomBytes(32).toString('base64')), createdAt: now }).onConflictDoNothing().run();
    row = read()!;
  }
  return Buffer.from(box.open<string>(row.sealedKey), 'base64');
}

const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');

export function issueMapperToken(key: Buffer, claims: Omit<MapperClaims, 'exp'>, now = Date.now()): { token: string; expiresAt: number } {
  const full: MapperClaims = { ...claims, exp: now + MAPPER_TOKEN_TTL_MS };
  const body = Buffer.from(JSON.stringify(full)).toString('base64url');
  return { token: `${body}.${sign(key, body)}`, expiresAt: full.exp };
}

/** The claims when the token is genuine, for this site and not expired; otherwise why not. */
export function verifyMapperToken(key: Buffer, token: unknown, siteId: string, now = Date.now()): { ok: true; claims: MapperClaims } | { ok: false; reason: string } {
  if (typeof token !== 'string' || token.length > 1_000) return { ok: false, reason: 'No mapper token' };
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return { ok: false, reason: 'Not a mapper token' };
  const expected = Buffer.from(sign(key, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'The mapper token\'s signature is not valid' };
  let claims: MapperClaims;
  try { claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as MapperClaims; } catch { return { ok: false, reason: 'Not a mapper token' }; }
  if (claims.s !== siteId) return { ok: false, reason: 'The mapper token is for another site' };
  if (typeof claims.exp !== 'number' || claims.exp <= now) return { ok: false, reason: 'The mapper token expired: open mapping mode again from the console' };
  return { ok: true, claims };
}
