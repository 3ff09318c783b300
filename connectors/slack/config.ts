// A Slack channel's configuration: the app's bot token (xoxb-…, OAuth & Permissions) and signing
// secret (Basic Information → App Credentials), and the Web API base URL (a stand-in in tests).
import { z } from 'zod';

export const SLACK_API_BASE_URL = 'https://slack.com/api';
export const DEFAULT_TIMEOUT_MS = 10_000;

export const slackConfigSchema = z.strictObject({
  /** The bot user OAuth token of the installed app. */
  botToken: z.string({ error: 'botToken is required: the "Bot User OAuth Token" (xoxb-…) of the installed app' })
    .regex(/^xoxb-[A-Za-z0-9-]+$/, 'botToken must be a bot token starting with "xoxb-" (OAuth & Permissions → Bot User OAuth Token)'),
  /** Signs every request Slack sends (v0 HMAC-SHA256). */
  signingSecret: z.string({ error: 'signingSecret is required: Basic Information → App Credentials → Signing Secret' })
    .regex(/^[A-Za-z0-9]{8,}$/, 'signingSecret must be the app\'s Signing Secret (letters and digits, from Basic Information → App Credentials)'),
  /** Web API base URL, for a test stand-in or a proxy. */
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'apiBaseUrl must be an http(s) URL' }).default(SLACK_API_BASE_URL),
  /** How long one Web API call may take. */
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS),
  /** Learned from auth.test when the channel is set up: the workspace, and the bot's own user (its messages are skipped). */
  teamId: z.string().optional(),
  team: z.string().optional(),
  botUserId: z.string().optional(),
});

export type SlackConfig = z.output<typeof slackConfigSchema>;

export const SLACK_SECRET_FIELDS = ['botToken', 'signingSecret'] as const;
