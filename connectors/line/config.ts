// A LINE channel's configuration: the channel secret (signs webhooks), a long-lived channel access
// token (authorises API calls) from the LINE Developers console, and the Messaging API base URL
// (https://api.line.me; a local stand-in in tests or a staging proxy).
import { z } from 'zod';
import { apiBaseUrlMeta, field, learned, timeoutMeta } from '../shared/config-meta';

export const LINE_API_BASE_URL = 'https://api.line.me';
/** Where LINE serves the content of customers' files (GET /v2/bot/message/{id}/content). */
export const LINE_DATA_API_BASE_URL = 'https://api-data.line.me';
export const DEFAULT_TIMEOUT_MS = 10_000;

export const lineConfigSchema = z.strictObject({
  /** Basic settings → Channel secret: the HMAC key of x-line-signature. */
  channelSecret: z.string({ error: 'channelSecret is required: the "Channel secret" under Basic settings in the LINE Developers console' })
    .regex(/^[0-9a-f]{32}$/i, 'channelSecret must be the 32 hexadecimal characters of the "Channel secret" (Basic settings)')
    .meta(field('Channel secret', 'LINE Developers console → your channel → Basic settings → Channel secret.')),
  /** Messaging API → Channel access token (long-lived). */
  channelAccessToken: z.string({ error: 'channelAccessToken is required: issue a long-lived "Channel access token" under Messaging API in the LINE Developers console' })
    .min(20, 'channelAccessToken is too short to be a LINE channel access token')
    .meta(field('Channel access token (long-lived)', 'Messaging API tab → Channel access token → Issue.')),
  /** Messaging API base URL, for a staging proxy or a test stand-in. */
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'apiBaseUrl must be an http(s) URL' }).default(LINE_API_BASE_URL).meta(apiBaseUrlMeta('Messaging', LINE_API_BASE_URL)),
  /** The content API's host (customers' images, video, audio and files), for a proxy or a test stand-in. */
  dataApiBaseUrl: z.url({ protocol: /^https?$/, error: 'dataApiBaseUrl must be an http(s) URL' }).default(LINE_DATA_API_BASE_URL)
    .meta(field('Content API base URL', `Leave ${LINE_DATA_API_BASE_URL} (where LINE serves customers' files); change it only for a proxy or a test stand-in.`)),
  /** How long one API call may take. */
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS).meta(timeoutMeta('LINE')),
  /** Learned from GET /v2/bot/info when the channel is set up. */
  botUserId: z.string().optional().meta(learned('Bot user ID', 'The bot\'s user ID, from GET /v2/bot/info.')),
  botBasicId: z.string().optional().meta(learned('Basic ID', 'The @ID customers add the account by.')),
  botDisplayName: z.string().optional().meta(learned('Display name', 'The official account\'s name in LINE.')),
});

export type LineConfig = z.output<typeof lineConfigSchema>;

export const LINE_SECRET_FIELDS = ['channelSecret', 'channelAccessToken'] as const;
