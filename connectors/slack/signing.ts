// Slack's request signature (docs.slack.dev "Verifying requests from Slack", channels.md §21b):
// X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp + ":" + raw body)).
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-slack-signature';
export const TIMESTAMP_HEADER = 'x-slack-request-timestamp';
/** Slack's replay window: requests signed more than 5 minutes away from now are refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export function slackSignature(signingSecret: string, timestamp: string, body: Buffer): string {
  const mac = createHmac('sha256', signingSecret);
  mac.update(`v0:${timestamp}:`, 'utf8');
  mac.update(body);
  return `v0=${mac.digest('hex')}`;
}
