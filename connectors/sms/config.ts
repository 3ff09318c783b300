// An SMS channel's configuration (Twilio Programmable Messaging): the account, the number or
// Messaging Service messages leave from, and the auth token that signs Twilio's webhooks.
import { z } from 'zod';
import { apiBaseUrlMeta, field, learned, primary, timeoutMeta } from '../shared/config-meta';

export const TWILIO_API_BASE_URL = 'https://api.twilio.com';
export const DEFAULT_TIMEOUT_MS = 10_000;

const E164 = /^\+[1-9]\d{6,14}$/;

// Strict, so a misspelt key (e.g. "authtoken") is reported instead of silently ignored.
export const smsConfigSchema = z.strictObject({
  accountSid: z.string().regex(/^AC[0-9a-f]{32}$/, { message: 'accountSid is the Account SID from the Twilio console: AC followed by 32 hex characters' })
    .meta(field('Twilio Account SID', 'Twilio Console → Account info → Account SID (AC…).')),
  authToken: z.string().min(16, { message: 'authToken is the Auth Token from the Twilio console' })
    .meta(field('Twilio Auth Token', 'Twilio Console → Account info → Auth Token: authorises sends and signs Twilio\'s webhooks.')),
  /** The number messages come from, in E.164 (+14155550100). */
  from: z.string().regex(E164, { message: 'from must be a phone number in E.164 form, e.g. +14155550100' }).optional()
    .meta(primary('From number', 'Your Twilio number in international form, e.g. +14155550100 (or give a Messaging Service SID instead).')),
  /** Or a Messaging Service (MG…), which picks the sender from its pool. */
  messagingServiceSid: z.string().regex(/^MG[0-9a-f]{32}$/, { message: 'messagingServiceSid starts with MG followed by 32 hex characters' }).optional()
    .meta(primary('Messaging Service SID', 'Messaging → Services → the service\'s SID (MG…): Twilio picks the sender from its pool.')),
  /** Another API base (a stand-in in tests). */
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'apiBaseUrl must be an http(s) URL' }).default(TWILIO_API_BASE_URL).meta(apiBaseUrlMeta('Twilio', TWILIO_API_BASE_URL)),
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS).meta(timeoutMeta('Twilio')),
  /** Set by Parley on connecting: the public URL Twilio calls, which signatures cover. */
  webhookUrl: z.url().optional().meta(learned('Webhook URL', 'The public URL Twilio calls, which its signatures cover; set when the channel was connected.')),
}).refine((c) => c.from || c.messagingServiceSid, { error: 'Give the number messages come from (from) or a Messaging Service (messagingServiceSid)', path: ['from'] });

export type SmsConfig = z.output<typeof smsConfigSchema>;

export const SMS_SECRET_FIELDS = ['authToken'] as const;
