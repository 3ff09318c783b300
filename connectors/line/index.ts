// LINE Official Accounts (Messaging API): signed webhooks with messages and postbacks in; replies
// with a fresh reply token or pushes with a retry key out. Set-up checks the access token
// (GET /v2/bot/info) and sets the webhook endpoint.
import type { Connector } from '../connector';
import { fetchLineProfile } from './profile';
import { LINE_SECRET_FIELDS, lineConfigSchema, type LineConfig } from './config';
import { lineManifest } from './manifest';
import { parseLineRequest } from './parse';
import { sendLineMessage } from './send';
import { lineNextSteps, setupLineChannel } from './setup';
import { verifyLineRequest } from './verify';
import { downloadLineContent } from './media-download';

export const lineConnector: Connector<LineConfig> = {
  manifest: lineManifest,
  configSchema: lineConfigSchema,
  secretFields: LINE_SECRET_FIELDS,
  verify: verifyLineRequest,
  parse: parseLineRequest,
  send: sendLineMessage,
  fetchProfile: fetchLineProfile,
  // Customers' files are LINE-hosted by message id: fetched with the token when an agent opens one.
  fetchMedia: downloadLineContent,
  setup: setupLineChannel,
  nextSteps: lineNextSteps,
  // Messaging API rate limits (channels.md §16d): 2,000 requests per second per channel for sending.
  rateLimit: { perSecond: 2000, burst: 2000 },
};

export type { LineConfig } from './config';
