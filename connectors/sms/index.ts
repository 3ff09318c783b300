// SMS and MMS through Twilio Programmable Messaging: signed form webhooks in (messages and status
// callbacks), the REST Messages API out. Set-up checks the credentials and points the number at Parley.
import type { Connector } from '../connector';
import { SMS_SECRET_FIELDS, smsConfigSchema, type SmsConfig } from './config';
import { smsManifest } from './manifest';
import { parseSmsRequest } from './parse';
import { sendSmsMessage } from './send';
import { setupSmsChannel, smsNextSteps } from './setup';
import { verifySmsRequest } from './verify';
import { downloadTwilioMedia } from './media-download';

export const smsConnector: Connector<SmsConfig> = {
  manifest: smsManifest,
  configSchema: smsConfigSchema,
  secretFields: SMS_SECRET_FIELDS,
  verify: verifySmsRequest,
  parse: parseSmsRequest,
  // Twilio takes an empty TwiML answer as "no automatic reply"; replies go through the REST API.
  webhookResponse: () => ({ status: 200, contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' }),
  send: sendSmsMessage,
  setup: setupSmsChannel,
  nextSteps: smsNextSteps,
  // channels.md §3d: a long code sends about one message a second; short codes and services more.
  rateLimit: { perSecond: 1, burst: 3 },
  // Inbound files the provider only references: fetched with the channel's credentials (media-download.ts).
  fetchMedia: downloadTwilioMedia,
};

export type { SmsConfig } from './config';
