// A Viber bot's configuration: the bot's auth token (it authorises API calls and keys the webhook
// signature), the sender name Viber requires on every message, and the REST API base URL
// (https://chatapi.viber.com; a local stand-in in tests).
import { z } from 'zod';
import { apiBaseUrlMeta, field, learned, primary, timeoutMeta } from '../shared/config-meta';
import { VIBER_LIMITS } from './render';

export const VIBER_API_BASE_URL = 'https://chatapi.viber.com';
export const DEFAULT_TIMEOUT_MS = 10_000;

export const viberConfigSchema = z.strictObject({
  /** The token shown when the bot was created (Viber Admin Panel → bot → "Token"). */
  authToken: z.string({ error: 'authToken is required: the token of your Viber bot (Viber Admin Panel)' })
    .regex(/^[0-9A-Za-z]{16}-[0-9A-Za-z]{16}-[0-9A-Za-z]{16}$/, 'authToken must look like "4453b6ac12345678-e02c5f12174805f9-daec9cbb5448c51f" (the token of your Viber bot)')
    .meta(field('Bot token (Viber Admin Panel)', 'The token shown in the Viber Admin Panel when the bot was created.')),
  /** Shown as the author of every message (Viber requires sender.name); the bot's own name when omitted. */
  senderName: z.string().trim().min(1).max(VIBER_LIMITS.senderNameChars, `senderName must be at most ${VIBER_LIMITS.senderNameChars} characters (Viber's limit)`).optional()
    .meta(primary('Sender name', `The author customers see on every message (at most ${VIBER_LIMITS.senderNameChars} characters); the bot's own name when empty.`)),
  /** An avatar shown with the sender name (a URL of an image ≤100 KB). */
  senderAvatar: z.url({ protocol: /^https?$/, error: 'senderAvatar must be an http(s) URL' }).optional()
    .meta(field('Sender avatar URL', 'An image (at most 100 KB) shown next to the sender name.')),
  /** REST API base URL, for a test stand-in. */
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'apiBaseUrl must be an http(s) URL' }).default(VIBER_API_BASE_URL).meta(apiBaseUrlMeta('Viber REST', VIBER_API_BASE_URL)),
  /** How long one API call may take. */
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS).meta(timeoutMeta('Viber')),
  /** Learned from get_account_info when the channel is set up. */
  accountName: z.string().optional().meta(learned('Bot name', 'The bot\'s name in Viber, from get_account_info.')),
  accountUri: z.string().optional().meta(learned('Bot URI', 'The bot\'s URI, which customers open as viber://pa?chatURI=…')),
  /** Set once set_webhook succeeded (on creation: Viber calls the reserved channel's webhook during the call). */
  webhookRegistered: z.boolean().optional().meta(learned('Webhook registered', 'Parley registered the webhook with Viber (set_webhook) when the channel was connected.')),
});

export type ViberConfig = z.output<typeof viberConfigSchema>;

export const VIBER_SECRET_FIELDS = ['authToken'] as const;
