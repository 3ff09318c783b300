// Facebook Messenger: a Facebook Page's private conversations, through Meta's webhooks (verified with
// the app secret) and the Send API (with the Page access token).
import { metaProviderWebhookUrl } from '../shared/meta/meta-app';
import type { Connector } from '../connector';
import { fetchMessengerProfile } from './profile';
import { MESSENGER_SECRET_FIELDS, messengerConfigSchema, prepareMessengerConfig, type MessengerConfig } from './config';
import { messengerManifest } from './manifest';
import { parseMessengerRequest } from './parse';
import { sendMessengerMessage } from './send';
import { messengerNextSteps, setupMessengerChannel } from './setup';
import { messengerHandshake, verifyMessengerRequest } from './verify';

export const messengerConnector: Connector<MessengerConfig> = {
  manifest: messengerManifest,
  configSchema: messengerConfigSchema,
  secretFields: MESSENGER_SECRET_FIELDS,
  prepareConfig: prepareMessengerConfig,
  handshake: messengerHandshake,
  verify: verifyMessengerRequest,
  parse: parseMessengerRequest,
  send: sendMessengerMessage,
  fetchProfile: fetchMessengerProfile,
  setup: setupMessengerChannel,
  nextSteps: messengerNextSteps,
  providerWebhookUrl: metaProviderWebhookUrl,
  // Send API: 300 calls/s per Page for text (10/s for audio and video), channels.md §6d.
  rateLimit: { perSecond: 300, burst: 100 },
};

export type { MessengerConfig } from './config';
