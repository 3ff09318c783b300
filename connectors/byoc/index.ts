// Bring Your Own Channel: an integrator's middleware bridges Parley to any channel over a small
// signed JSON protocol (Standard Webhooks both ways). The reference for every other connector.
import type { Connector } from '../connector';
import { BYOC_SECRET_FIELDS, byocConfigSchema, prepareByocConfig, type ByocConfig } from './config';
import { byocManifest } from './manifest';
import { parseByocRequest } from './parse';
import { sendByocMessage } from './send';
import { verifyByocRequest } from './verify';

export const byocConnector: Connector<ByocConfig> = {
  manifest: byocManifest,
  configSchema: byocConfigSchema,
  secretFields: BYOC_SECRET_FIELDS,
  prepareConfig: prepareByocConfig,
  verify: verifyByocRequest,
  parse: parseByocRequest,
  send: sendByocMessage,
  // An integrator may declare an agent reply window for its channel (e.g. a bridged WhatsApp number).
  replyWindow: (config) =>
    config.replyWindowHours
      ? { hours: config.replyWindowHours, outsideWindow: 'nothing', source: 'channel config replyWindowHours' }
      : byocManifest.capabilities.replyWindow,
};

export type { ByocConfig } from './config';
export { generateByocSecret } from './config';
export { PayloadError } from './payload-error';
export type { ByocOutboundAnswer, ByocOutboundMessage } from './wire-format';
