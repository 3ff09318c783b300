// Signed-in visitors (`Parley.identify({ token })`): the site's backend signs a short JWT (HS256)
// with the site's identity secret, naming its own user id (`sub`), and optionally their name and
// email. Parley verifies it; the visitor's web chat is then keyed by that user, so the same person
// finds their conversation on any device. A forged, expired or long-lived token is refused.
import { errors, jwtVerify } from 'jose';
import { ParleyError } from '../errors';

export interface VerifiedVisitor {
  /** The contact identity's external id on the web chat channel. */
  externalId: string;
  sub: string;
  name?: string;
  email?: string;
}

const MAX_LIFETIME_S = 24 * 3600;
const SUB = /^[A-Za-z0-9_.:@-]{1,128}$/;

const refuse = (why: string) => new ParleyError(401, 'identity_invalid', `The visitor identity token was refused: ${why}.`);

export async function verifyVisitorIdentity(secret: string, token: string, now = Date.now()): Promise<VerifiedVisitor> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'], clockTolerance: 30, currentDate: new Date(now), requiredClaims: ['sub', 'exp'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw refuse('it has expired');
    if (err instanceof errors.JWSSignatureVerificationFailed) throw refuse('the signature does not match the site\'s identity secret');
    throw refuse(err instanceof Error ? err.message : 'it is not a valid JWT');
  }
  const sub = String(payload.sub);
  if (!SUB.test(sub)) throw refuse('sub must be 1–128 letters, digits or _ . : @ -');
  if ((payload.exp ?? 0) - Math.floor(now / 1000) > MAX_LIFETIME_S) throw refuse('it lives longer than 24 hours');
  const str = (v: unknown, max: number) => (typeof v === 'string' && v.trim() && v.length <= max ? v.trim() : undefined);
  const name = str(payload.name, 120);
  const email = str(payload.email, 320);
  return { externalId: `u:${sub}`, sub, ...(name ? { name } : {}), ...(email ? { email } : {}) };
}
