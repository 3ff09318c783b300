// Viber bots (REST bot API): signed callbacks with messages and delivery receipts in; send_message
// with the sender name and the renderer's keyboards out. Set-up checks the token (get_account_info);
// the webhook is registered once the channel exists (see setup.ts).
import type { Connector } from '../connector';
import { VIBER_SECRET_FIELDS, viberConfigSchema, type ViberConfig } from './config';
import { viberManifest } from './manifest';
import { parseViberRequest } from './parse';
import { sendViberMessage } from './send';
import { setupViberChannel, viberNextSteps } from './setup';
import { verifyViberRequest } from './verify';

export const viberConnector: Connector<ViberConfig> = {
  manifest: viberManifest,
  configSchema: viberConfigSchema,
  secretFields: VIBER_SECRET_FIELDS,
  verify: verifyViberRequest,
  parse: parseViberRequest,
  send: sendViberMessage,
  setup: setupViberChannel,
  nextSteps: viberNextSteps,
  // No rateLimit: Viber publishes no per-bot send rate (channels.md §19); its tooManyRequests status (12) is retried.
};

export type { ViberConfig } from './config';
