// Email: mail arrives through Parley's SMTP endpoint (engine/email/smtp-endpoint.ts), not a webhook;
// replies go out through the channel's SMTP server with the thread's headers.
import type { Connector } from '../connector';
import { EMAIL_SECRET_FIELDS, emailConfigSchema, type EmailConfig } from './config';
import { emailManifest } from './manifest';
import { sendEmailMessage } from './send';
import { emailNextSteps, setupEmailChannel } from './setup';

export const emailConnector: Connector<EmailConfig> = {
  manifest: emailManifest,
  configSchema: emailConfigSchema,
  secretFields: EMAIL_SECRET_FIELDS,
  verify: () => ({ ok: false, reason: 'Email arrives through Parley\'s SMTP endpoint (PARLEY_SMTP_PORT), not a webhook.' }),
  parse: () => [],
  send: sendEmailMessage,
  setup: (channel) => setupEmailChannel(channel),
  nextSteps: (config) => emailNextSteps(config),
};

export type { EmailConfig } from './config';
export type { EmailThreadContext } from './send';
export { emailMessageId } from './send';
