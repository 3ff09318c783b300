// One Meta app, many channels. Meta keeps ONE callback URL per app and webhook object (`page`,
// `instagram`, `whatsapp_business_account`), so two Pages or two WhatsApp numbers of one app cannot
// each have their own Parley URL. Channels that name their Meta app id share the app-level endpoint
// `/webhooks/meta/{appId}` (engine/api/routes/meta-app-webhooks.ts): Parley checks the signature
// once with the app secret and hands each entry to the channel that owns its Page, Instagram account
// or phone number. No extra record: the app id, app secret and verify token stay on each channel.
import { z } from 'zod';
import type { NextStep } from '../../connector';
import { primary } from '../config-meta';
import { webhookSteps } from './setup';

/** The channel types whose webhooks the app-level endpoint dispatches, by Meta's webhook `object`. */
export const META_APP_CHANNEL_TYPES = { page: 'messenger', instagram: 'instagram-direct', whatsapp_business_account: 'whatsapp' } as const;
export type MetaWebhookObject = keyof typeof META_APP_CHANNEL_TYPES;

/** The optional `appId` config field every Meta messaging channel spreads into its schema. */
export const metaAppIdField = {
  /** The Meta app's id (App settings → Basic → App ID): channels of one app share one callback URL. */
  appId: z.string().regex(/^\d{5,25}$/, 'appId must be the numeric App ID (Meta app → App settings → Basic)').optional()
    .meta(primary('App ID', 'Meta app → App settings → Basic → App ID. With it, every Page, Instagram account and number of this app share one callback URL.')),
};

/** The channel view's webhook URL: the app's when the channel names its app (connector.providerWebhookUrl). */
export function metaProviderWebhookUrl(config: { appId?: string }, channelWebhookUrl: string): string {
  return config.appId ? metaAppWebhookUrl(channelWebhookUrl, config.appId) : channelWebhookUrl;
}

/** `{public URL}/webhooks/meta/{appId}`, built from the channel's own webhook URL (same origin). */
export function metaAppWebhookUrl(channelWebhookUrl: string, appId: string): string {
  return channelWebhookUrl.replace(/\/webhooks\/[^/]+$/, `/webhooks/meta/${appId}`);
}

/**
 * The callback URL and verify token steps. Without an app id: this channel's own URL (one channel per
 * app). With one: the app-level URL, and that the app's other Pages/accounts/numbers use it too.
 */
export function metaWebhookSteps(where: string, channelWebhookUrl: string, config: { appId?: string; verifyToken?: string }, whatElse: string): NextStep[] {
  if (!config.appId) return webhookSteps(where, channelWebhookUrl, config.verifyToken);
  const appUrl = metaAppWebhookUrl(channelWebhookUrl, config.appId);
  return [
    { text: `In the Meta App Dashboard, ${where}, set the Callback URL to your Meta app's Parley URL: it is the same for ${whatElse} of this app, so if the app already uses it, keep it and skip the verify token.`, value: appUrl },
    config.verifyToken
      ? { text: 'In the same form, set the Verify token to this value, then press "Verify and save" (the token of any Parley channel of this app works).', value: config.verifyToken }
      : { text: 'Set a verifyToken on this channel (PATCH its config), then paste it as the Verify token in the same form.' },
  ];
}
