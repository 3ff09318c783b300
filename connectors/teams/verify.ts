// Authenticates an activity from Bot Framework (channels.md §20b): the `Authorization: Bearer <JWT>`
// must be an RS256 token signed with a key of the configured OpenID metadata's JWKS, issued by
// https://api.botframework.com for this bot (aud = appId), within its lifetime (5 minutes of clock
// skew), with a `serviceurl` claim equal to the activity's serviceUrl — otherwise a token stolen
// from one conversation could steer replies to another host. Each refusal names the failed check.
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { ChannelContext, ConnectorDeps, RawRequest, VerifyResult } from '../connector';
import { BOT_FRAMEWORK_ISSUER, DEFAULT_TIMEOUT_MS, type TeamsConfig } from './config';
import { botFrameworkKeys, keyById } from './openid-keys';

export const CLOCK_TOLERANCE_SECONDS = 300;

const fail = (reason: string): VerifyResult => ({ ok: false, reason });

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** The activity fields the token is checked against; the full parse comes later. */
function activityFacts(body: Buffer): { serviceUrl?: unknown; channelId?: unknown } | null {
  try {
    const json: unknown = JSON.parse(body.toString('utf8'));
    return typeof json === 'object' && json !== null ? (json as { serviceUrl?: unknown; channelId?: unknown }) : null;
  } catch {
    return null;
  }
}

function refusal(err: unknown, config: TeamsConfig): string {
  if (err instanceof errors.JWTExpired) return `the token expired at ${new Date(Number(err.payload.exp) * 1000).toISOString()} (clock tolerance ${CLOCK_TOLERANCE_SECONDS} s)`;
  if (err instanceof errors.JWTClaimValidationFailed) {
    const p = err.payload;
    switch (err.claim) {
      case 'iss': return `wrong issuer "${String(p.iss)}": Bot Framework tokens are issued by ${BOT_FRAMEWORK_ISSUER}`;
      case 'aud': return `wrong audience "${String(p.aud)}": the token is for another bot, not this channel's appId ${config.appId}`;
      case 'nbf': return `the token is not valid before ${new Date(Number(p.nbf) * 1000).toISOString()} (clock tolerance ${CLOCK_TOLERANCE_SECONDS} s)`;
      case 'exp': return 'the token has no expiry (exp)';
      default: return `the token's ${err.claim} claim is not valid: ${err.reason}`;
    }
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature mismatch: the token was altered or signed with another key';
  if (err instanceof errors.JWKSNoMatchingKey) return 'the token is signed with a key that is not in the Bot Framework key set';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with RS256';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid || err instanceof errors.JOSENotSupported) return `malformed token: ${(err as Error).message}`;
  return `the token could not be checked: ${(err as Error).message}`;
}

export async function verifyTeamsRequest(req: RawRequest, channel: ChannelContext<TeamsConfig>, deps: ConnectorDeps): Promise<VerifyResult> {
  const config = channel.config;
  const authorization = header(req.headers, 'authorization');
  if (!authorization) return fail('missing Authorization header: Bot Framework sends "Bearer <JWT>"');
  const bearer = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization.trim());
  if (!bearer) return fail('malformed Authorization header: expected "Bearer <JWT>"');
  const token = bearer[1];

  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return fail('malformed token: its header is not base64url JSON');
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let keys;
  try {
    keys = await botFrameworkKeys(config.openIdMetadataUrl, deps, { timeoutMs });
    // Keys roll over: a kid Parley has not seen yet reloads the set once.
    if (kid && !keyById(keys, kid)) keys = await botFrameworkKeys(config.openIdMetadataUrl, deps, { timeoutMs, refresh: true });
  } catch (err) {
    return fail(`the signing keys could not be loaded: ${(err as Error).message}`);
  }

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys.keySet, {
      issuer: BOT_FRAMEWORK_ISSUER,
      audience: config.appId,
      algorithms: ['RS256'],
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(deps.now()),
    }));
  } catch (err) {
    return fail(refusal(err, config));
  }

  const activity = activityFacts(req.body);
  if (!activity) return fail('the body is not a JSON activity, so its serviceUrl cannot be checked against the token');
  const claim = payload.serviceurl ?? payload.serviceUrl;
  if (typeof claim !== 'string') return fail('the token has no serviceurl claim');
  if (claim !== activity.serviceUrl) return fail(`serviceUrl mismatch: the token was issued for ${claim}, the activity names ${String(activity.serviceUrl)}`);

  // Bot Framework keys list the channels they may sign for; a key not endorsed for this one is refused.
  const endorsements = keyById(keys, kid)?.endorsements;
  if (Array.isArray(endorsements) && typeof activity.channelId === 'string' && !endorsements.includes(activity.channelId)) {
    return fail(`the signing key is not endorsed for channel "${activity.channelId}"`);
  }
  return { ok: true };
}
