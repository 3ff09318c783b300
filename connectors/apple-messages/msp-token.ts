// The JWT the MSP signs for every call to Apple's gateway (send, preUpload, preDownload): HS256 with
// the decoded API secret, iss = the MSP (CSP) id, iat = now (channels.md §18b).
import { SignJWT } from 'jose';
import { secretKeyOf, type AppleMessagesConfig } from './config';

export async function mspToken(config: AppleMessagesConfig, now: number): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(config.mspId).setIssuedAt(Math.floor(now / 1000)).sign(secretKeyOf(config));
}
