// An X (Twitter) direct-message channel: the developer App's consumer key and secret (the secret
// also signs X's webhooks) and the business account's OAuth 1.0a access token, which does not
// expire (OAuth 2.0 user tokens last two hours and would need refreshing).
import { z } from 'zod';
import { apiBaseUrlMeta, field, learned, timeoutMeta } from '../shared/config-meta';

export const X_API_BASE_URL = 'https://api.x.com';
export const DEFAULT_TIMEOUT_MS = 10_000;

// Strict, so a misspelt key is reported instead of silently ignored.
export const xDmConfigSchema = z.strictObject({
  consumerKey: z.string().min(10, { message: 'consumerKey is the API Key of your X App (Keys and tokens)' })
    .meta(field('API Key (consumer key)', 'Developer Portal → your App → Keys and tokens → API Key.')),
  consumerSecret: z.string().min(20, { message: 'consumerSecret is the API Key Secret of your X App; it also signs X\'s webhooks' })
    .meta(field('API Key Secret', 'Developer Portal → your App → Keys and tokens → API Key Secret; it also signs X\'s webhooks.')),
  accessToken: z.string().regex(/^\d+-\w+$/, { message: 'accessToken is the business account\'s Access Token: "<user id>-<token>"' })
    .meta(field('Access Token', 'Keys and tokens → Access Token of the business account (with Direct Messages permission), "<user id>-…".')),
  accessTokenSecret: z.string().min(20, { message: 'accessTokenSecret is the business account\'s Access Token Secret' })
    .meta(field('Access Token Secret', 'Generated with the Access Token, on the same page.')),
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'apiBaseUrl must be an http(s) URL' }).default(X_API_BASE_URL).meta(apiBaseUrlMeta('X', X_API_BASE_URL)),
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS).meta(timeoutMeta('X')),
  /** Learned on connecting (GET /2/users/me): the business account, whose own DMs are not customers'. */
  userId: z.string().regex(/^\d+$/).optional().meta(learned('Account ID', 'The business account\'s X user ID, from GET /2/users/me.')),
  username: z.string().optional().meta(learned('Username', 'The business account\'s @handle.')),
  /** Learned on connecting when Parley registered the webhook itself (connectors/x-dm/webhook-registration.ts). */
  webhookId: z.string().optional().meta(learned('Webhook ID', 'The id X gave Parley\'s webhook when Parley registered it (POST /2/webhooks).')),
  dmSubscribed: z.boolean().optional().meta(learned('Subscribed by Parley', 'Parley subscribed the account\'s events (direct messages) to the webhook.')),
  activitySubscriptionId: z.string().optional().meta(learned('X Activity API subscription', 'The id of the subscription Parley created to the account\'s dm.received events, delivered to the webhook (POST /2/activity/subscriptions).')),
  readReceiptSubscriptionId: z.string().optional().meta(learned('X Activity API read receipts', 'The id of the subscription Parley created to the account\'s dm.read events (customers\' read receipts), delivered to the webhook.')),
  webhookSetupProblem: z.string().optional().meta(learned('Registration problem', 'Why Parley could not register the webhook itself; the next steps show what to do by hand.')),
});

export type XDmConfig = z.output<typeof xDmConfigSchema>;

export const X_DM_SECRET_FIELDS = ['consumerSecret', 'accessTokenSecret'] as const;
