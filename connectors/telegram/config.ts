// A Telegram channel's configuration: the bot's token from @BotFather, the secret token Telegram
// echoes in X-Telegram-Bot-Api-Secret-Token (generated when omitted) and the Bot API base URL
// (https://api.telegram.org; a local stand-in in tests or a self-hosted Bot API server).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { apiBaseUrlMeta, field, learned, timeoutMeta } from '../shared/config-meta';

export const TELEGRAM_API_BASE_URL = 'https://api.telegram.org';
export const DEFAULT_TIMEOUT_MS = 10_000;

// channels.md §17b: secret_token is 1–256 characters of A-Z, a-z, 0-9, _ and -.
export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

export const telegramConfigSchema = z.strictObject({
  /** The token @BotFather gave, "<bot id>:<secret>". */
  botToken: z.string({ error: 'botToken is required: the token @BotFather gave when you created the bot' })
    .regex(/^\d+:[A-Za-z0-9_-]+$/, 'botToken must look like "123456789:AAF…" (the token @BotFather gave)')
    .meta(field('Bot token (from @BotFather)', 'The token @BotFather sent when you created the bot, e.g. 123456789:AAF…')),
  /** Echoed by Telegram in X-Telegram-Bot-Api-Secret-Token on every webhook; generated when omitted. */
  secretToken: z.string().regex(SECRET_TOKEN_PATTERN, 'secretToken must be 1–256 characters of A-Z, a-z, 0-9, _ and -').optional()
    .meta(field('Webhook secret token', 'Telegram sends it with every update so Parley knows the call is genuine; leave empty and Parley generates one.')),
  /** Bot API base URL, for a self-hosted Bot API server or a test stand-in. */
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'apiBaseUrl must be an http(s) URL' }).default(TELEGRAM_API_BASE_URL)
    .meta(apiBaseUrlMeta('Bot', TELEGRAM_API_BASE_URL)),
  /** How long one Bot API call may take. */
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS).meta(timeoutMeta('Telegram')),
  /** The bot's @username, learned from getMe when the channel is set up. */
  botUsername: z.string().optional().meta(learned('Bot username', 'The bot\'s @username, from getMe when the channel was connected.')),
});

export type TelegramConfig = z.output<typeof telegramConfigSchema>;

export const TELEGRAM_SECRET_FIELDS = ['botToken', 'secretToken'] as const;

/** Fills in a webhook secret token (32 random bytes, base64url: 43 allowed characters). */
export function prepareTelegramConfig(config: TelegramConfig): TelegramConfig {
  return config.secretToken ? config : { ...config, secretToken: randomBytes(32).toString('base64url') };
}
