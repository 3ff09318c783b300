// An X (Twitter) direct-message channel: the developer App's consumer key and secret (the secret
// also signs X's webhooks) and the business account's OAuth 1.0a access token, which does not
// expire (OAuth 2.0 user tokens last two hours and would need refreshing).
import { z } from 'zod';

export const X_API_BASE_URL = 'https://api.x.com';
export const DEFAULT_TIMEOUT_MS = 10_000;

// Strict, so a misspelt key is reported instead of silently ignored.
export const xDmConfigSchema = z.strictObject({
  consumerKey: z.string().min(10, { message: 'consumerKey is the API Key of your X App (Keys and tokens)' }),
  consumerSecret: z.string().min(20, { message: 'consumerSecret is the API Key Secret of your X App; it also signs X\'s webhooks' }),
  accessToken: z.string().regex(/^\d+-\w+$/, { message: 'accessToken is the business account\'s Access Token: "<user id>-<token>"' }),
  accessTokenSecret: z.string().min(20, { message: 'accessTokenSecret is the business account\'s Access Token Secret' }),
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'apiBaseUrl must be an http(s) URL' }).default(X_API_BASE_URL),
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS),
  /** Learned on connecting (GET /2/users/me): the business account, whose own DMs are not customers'. */
  userId: z.string().regex(/^\d+$/).optional(),
  username: z.string().optional(),
});

export type XDmConfig = z.output<typeof xDmConfigSchema>;

export const X_DM_SECRET_FIELDS = ['consumerSecret', 'accessTokenSecret'] as const;
