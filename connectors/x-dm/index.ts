// X (Twitter) direct messages: signed webhooks in (X Activity API `dm.received` and `dm.read`, and the Account
// Activity API format until it ends on 2027-01-01), the v2 DM endpoint out, in the business
// account's OAuth 1.0a user context.
import type { Connector } from '../connector';
import { X_DM_SECRET_FIELDS, xDmConfigSchema, type XDmConfig } from './config';
import { xDmManifest } from './manifest';
import { parseXRequest } from './parse';
import { sendXDirectMessage } from './send';
import { setupXChannel, xNextSteps } from './setup';
import { answerXCrc, verifyXRequest } from './verify';
import { downloadXDmMedia } from './media-download';

export const xDmConnector: Connector<XDmConfig> = {
  manifest: xDmManifest,
  configSchema: xDmConfigSchema,
  secretFields: X_DM_SECRET_FIELDS,
  handshake: answerXCrc,
  verify: verifyXRequest,
  parse: parseXRequest,
  send: sendXDirectMessage,
  setup: setupXChannel,
  nextSteps: xNextSteps,
  // channels.md §9d: 200 DMs per 15 minutes per user (1,000 a day).
  rateLimit: { perSecond: 200 / 900, burst: 15 },
  // Inbound files the provider only references: fetched with the channel's credentials (media-download.ts).
  fetchMedia: downloadXDmMedia,
};

export type { XDmConfig } from './config';
