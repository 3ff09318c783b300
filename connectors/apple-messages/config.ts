// An Apple Messages for Business channel, connected as a Messaging Service Provider (MSP): the MSP
// (CSP) id and API secret Apple issued, and the business (its Business Chat account id) customers write to.
import { z } from 'zod';
import { apiBaseUrlMeta, field, timeoutMeta } from '../shared/config-meta';

export const AMB_API_BASE_URL = 'https://mspgw.push.apple.com';
export const DEFAULT_TIMEOUT_MS = 10_000;

// Strict, so a misspelt key is reported instead of silently ignored.
export const appleMessagesConfigSchema = z.strictObject({
  mspId: z.string().min(3, { message: 'mspId is your Messaging Service Provider (CSP) id from Apple' })
    .meta(field('MSP ID (CSP ID)', 'The Messaging Service Provider ID Apple issued to you on the Register Messages for Business portal.')),
  /** Base64, as Apple hands it out; the decoded bytes are the HS256 key. */
  apiSecret: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'apiSecret is the base64 API secret Apple issued to your MSP' })
    .refine((s) => Buffer.from(s, 'base64').length >= 16, { message: 'apiSecret decodes to fewer than 16 bytes: copy the whole secret' })
    .meta(field('API secret', 'The base64 secret Apple issued with your MSP ID; it signs the JWTs of every call.')),
  businessId: z.string().min(3, { message: 'businessId is the Messages for Business account id (the destination-id of customers\' messages)' })
    .meta(field('Business ID', 'The Messages for Business account ID (Business Register → your account).')),
  /** Apple's gateway (mspgw-int.push.apple.com for sandbox), or a stand-in in tests. */
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'apiBaseUrl must be an http(s) URL' }).default(AMB_API_BASE_URL)
    .meta(field('Messaging gateway URL', `Leave ${AMB_API_BASE_URL}; https://mspgw-int.push.apple.com for Apple\'s sandbox.`)),
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS).meta(timeoutMeta('Apple\'s gateway')),
});

export type AppleMessagesConfig = z.output<typeof appleMessagesConfigSchema>;

export const APPLE_MESSAGES_SECRET_FIELDS = ['apiSecret'] as const;

export const secretKeyOf = (config: Pick<AppleMessagesConfig, 'apiSecret'>) => new Uint8Array(Buffer.from(config.apiSecret, 'base64'));
