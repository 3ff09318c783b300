// Apple Messages for Business as a Messaging Service Provider: Apple's gateway posts customers'
// messages (JWT-authenticated, gzip JSON); replies go back through the MSP REST API. Apple registers
// MSPs itself, so there is no credential call to check on connecting: the next steps say what to give Apple.
import type { Connector, NextStep } from '../connector';
import { APPLE_MESSAGES_SECRET_FIELDS, appleMessagesConfigSchema, type AppleMessagesConfig } from './config';
import { appleMessagesManifest } from './manifest';
import { parseAppleRequest } from './parse';
import { sendAppleMessage } from './send';
import { downloadAppleAttachment } from './media-download';
import { verifyAppleRequest } from './verify';

export const appleMessagesConnector: Connector<AppleMessagesConfig> = {
  manifest: appleMessagesManifest,
  configSchema: appleMessagesConfigSchema,
  secretFields: APPLE_MESSAGES_SECRET_FIELDS,
  verify: verifyAppleRequest,
  parse: parseAppleRequest,
  send: sendAppleMessage,
  // Attachments are encrypted on Apple's storage: preDownload, fetch, AES-256-CTR decrypt (media-download.ts).
  fetchMedia: downloadAppleAttachment,
  nextSteps: (config, { webhookUrl }): NextStep[] => [
    { text: `In Apple Business Register, set the Messaging Service Provider endpoint of business ${config.businessId} to this URL; Apple's gateway posts customers' messages there.`, value: webhookUrl },
    { text: 'Customers start the conversation (from a Messages button on your site or app, Maps, Search): there is no proactive outbound.' },
  ],
};

export type { AppleMessagesConfig } from './config';
