// A Slack channel's configuration: the app's bot token (xoxb-…, OAuth & Permissions) and signing
// secret (Basic Information → App Credentials), and the Web API base URL (a stand-in in tests).
import { z } from 'zod';
import { apiBaseUrlMeta, field, learned, timeoutMeta } from '../shared/config-meta';

export const SLACK_API_BASE_URL = 'https://slack.com/api';
export const DEFAULT_TIMEOUT_MS = 10_000;

export const slackConfigSchema = z.strictObject({
  /** The bot user OAuth token of the installed app. */
  botToken: z.string({ error: 'botToken is required: the "Bot User OAuth Token" (xoxb-…) of the installed app' })
    .regex(/^xoxb-[A-Za-z0-9-]+$/, 'botToken must be a bot token starting with "xoxb-" (OAuth & Permissions → Bot User OAuth Token)')
    .meta(field('Bot User OAuth Token', 'OAuth & Permissions → Bot User OAuth Token of the installed app (xoxb-…).')),
  /** Signs every request Slack sends (v0 HMAC-SHA256). */
  signingSecret: z.string({ error: 'signingSecret is required: Basic Information → App Credentials → Signing Secret' })
    .regex(/^[A-Za-z0-9]{8,}$/, 'signingSecret must be the app\'s Signing Secret (letters and digits, from Basic Information → App Credentials)')
    .meta(field('Signing Secret', 'Basic Information → App Credentials → Signing Secret: proves each request comes from Slack.')),
  /** Web API base URL, for a test stand-in or a proxy. */
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'apiBaseUrl must be an http(s) URL' }).default(SLACK_API_BASE_URL).meta(apiBaseUrlMeta('Web', SLACK_API_BASE_URL)),
  /** How long one Web API call may take. */
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS).meta(timeoutMeta('Slack')),
  /** Learned from auth.test when the channel is set up: the workspace, and the bot's own user (its messages are skipped). */
  teamId: z.string().optional().meta(learned('Workspace ID', 'The Slack workspace the app is installed in, from auth.test.')),
  team: z.string().optional().meta(learned('Workspace', 'The workspace\'s name, from auth.test.')),
  botUserId: z.string().optional().meta(learned('Bot user ID', 'The app\'s own user; its messages are not customers\'.')),
});

export type SlackConfig = z.output<typeof slackConfigSchema>;

export const SLACK_SECRET_FIELDS = ['botToken', 'signingSecret'] as const;
