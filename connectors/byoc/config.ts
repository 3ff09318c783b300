// A BYOC channel's configuration: where Parley POSTs outbound messages and the Standard Webhooks
// secret that signs traffic in both directions.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { field } from '../shared/config-meta';

const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks asks for 24–64 byte keys; Parley generates 32. */
const SECRET_MIN_BYTES = 24;
const SECRET_MAX_BYTES = 64;
const GENERATED_SECRET_BYTES = 32;

export const DEFAULT_TIMEOUT_MS = 10_000;

const secretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'secret must be "whsec_" followed by base64')
  .refine((secret) => {
    const bytes = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64').length;
    return bytes >= SECRET_MIN_BYTES && bytes <= SECRET_MAX_BYTES;
  }, `secret must encode ${SECRET_MIN_BYTES} to ${SECRET_MAX_BYTES} bytes`);

// Strict, so a misspelt key (e.g. "outboundURL") is reported instead of silently ignored.
export const byocConfigSchema = z.strictObject({
  /** The integrator's middleware endpoint; Parley POSTs every outbound message here. */
  outboundUrl: z.url({ protocol: /^https?$/, error: 'outboundUrl must be an http(s) URL' })
    .meta(field('Outbound URL', 'Your middleware\'s endpoint: Parley POSTs every outbound message there.')),
  /** Standard Webhooks signing secret; generated on create when omitted. */
  secret: secretSchema.optional()
    .meta(field('Signing secret', 'Standard Webhooks secret (whsec_…) that signs traffic both ways; leave empty and Parley generates one.')),
  /** Optional agent reply window after the customer's last message; null or absent = no window. */
  replyWindowHours: z.number().positive().nullable().optional()
    .meta(field('Reply window (hours)', 'How long after the customer\'s last message agents may answer; empty for no window.')),
  /** How long one outbound POST may take before it counts as a (transient) failure. */
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS)
    .meta(field('Request timeout (ms)', 'How long one outbound POST may take before it counts as failed and is retried.')),
});

export type ByocConfig = z.output<typeof byocConfigSchema>;

export const BYOC_SECRET_FIELDS = ['secret'] as const;

/** A fresh Standard Webhooks secret: "whsec_" + base64 of 32 random bytes. */
export function generateByocSecret(): string {
  return SECRET_PREFIX + randomBytes(GENERATED_SECRET_BYTES).toString('base64');
}

/** Fills in a signing secret when the channel is created without one. */
export function prepareByocConfig(config: ByocConfig): ByocConfig {
  return config.secret ? config : { ...config, secret: generateByocSecret() };
}
