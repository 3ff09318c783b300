// Instagram Direct: private messages to an Instagram professional account, through Meta's webhooks
// (verified with the app secret) and the Instagram messaging Send API.
import { metaProviderWebhookUrl } from '../shared/meta/meta-app';
import type { Connector } from '../connector';
import { fetchInstagramProfile } from './profile';
import { INSTAGRAM_DIRECT_SECRET_FIELDS, instagramDirectConfigSchema, prepareInstagramDirectConfig, type InstagramDirectConfig } from './config';
import { instagramDirectManifest } from './manifest';
import { parseInstagramDirectRequest } from './parse';
import { sendInstagramDirectMessage } from './send';
import { instagramDirectNextSteps, setupInstagramDirectChannel } from './setup';
import { instagramDirectHandshake, verifyInstagramDirectRequest } from './verify';

export const instagramDirectConnector: Connector<InstagramDirectConfig> = {
  manifest: instagramDirectManifest,
  configSchema: instagramDirectConfigSchema,
  secretFields: INSTAGRAM_DIRECT_SECRET_FIELDS,
  prepareConfig: prepareInstagramDirectConfig,
  handshake: instagramDirectHandshake,
  verify: verifyInstagramDirectRequest,
  parse: parseInstagramDirectRequest,
  send: sendInstagramDirectMessage,
  fetchProfile: fetchInstagramProfile,
  setup: setupInstagramDirectChannel,
  nextSteps: instagramDirectNextSteps,
  providerWebhookUrl: metaProviderWebhookUrl,
  // Send API: 300 calls/s per account for text (10/s for media), channels.md §7d.
  rateLimit: { perSecond: 300, burst: 100 },
};

export type { InstagramDirectConfig } from './config';
