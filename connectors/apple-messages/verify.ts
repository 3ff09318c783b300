// Authenticates Apple's gateway: `Authorization: Bearer <JWT>` signed HS256 with the MSP's API
// secret and addressed to the MSP (`aud`), for this channel's business (`destination-id`).
import { errors, jwtVerify } from 'jose';
import type { ChannelContext, ConnectorDeps, RawRequest, VerifyResult } from '../connector';
import { secretKeyOf, type AppleMessagesConfig } from './config';

const header = (req: RawRequest, name: string) => {
  const key = Object.keys(req.headers).find((k) => k.toLowerCase() === name);
  return key ? req.headers[key] : undefined;
};

export async function verifyAppleRequest(req: RawRequest, channel: ChannelContext<AppleMessagesConfig>, deps: ConnectorDeps): Promise<VerifyResult> {
  const auth = header(req, 'authorization');
  if (!auth) return { ok: false, reason: 'Missing Authorization header (Apple sends "Bearer <JWT>").' };
  const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(auth)?.[1];
  if (!token) return { ok: false, reason: 'Malformed Authorization header (expected "Bearer <JWT>").' };
  try {
    await jwtVerify(token, secretKeyOf(channel.config), {
      algorithms: ['HS256'], audience: channel.config.mspId, clockTolerance: 60, currentDate: new Date(deps.now()),
    });
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, reason: 'The JWT has expired.' };
    if (err instanceof errors.JWTClaimValidationFailed) return { ok: false, reason: `The JWT's "${err.claim}" claim is wrong: ${err.message}.` };
    if (err instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'The JWT signature does not match the MSP API secret.' };
    return { ok: false, reason: `The JWT is not valid: ${(err as Error).message}.` };
  }
  const destination = header(req, 'destination-id');
  if (destination !== channel.config.businessId) return { ok: false, reason: `destination-id "${destination ?? ''}" is not this channel's business (${channel.config.businessId}).` };
  return { ok: true };
}
