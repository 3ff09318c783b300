// Authenticates a request from Slack (Events API and interactivity alike): the v0 signature over
// the raw body, within Slack's 5-minute window against the injected clock. Each refusal names the
// check that failed.
import { timingSafeEqual } from 'node:crypto';
import type { ChannelContext, ConnectorDeps, RawRequest, VerifyResult } from '../connector';
import type { SlackConfig } from './config';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, TIMESTAMP_HEADER, slackSignature } from './signing';

const fail = (reason: string): VerifyResult => ({ ok: false, reason });

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

export function verifySlackRequest(req: RawRequest, channel: ChannelContext<SlackConfig>, deps: ConnectorDeps): VerifyResult {
  const secret = channel.config.signingSecret;
  if (!secret) return fail('the channel has no signing secret configured');
  const signature = header(req.headers, SIGNATURE_HEADER);
  const timestamp = header(req.headers, TIMESTAMP_HEADER);
  const missing = [['X-Slack-Request-Timestamp', timestamp], ['X-Slack-Signature', signature]].filter(([, v]) => !v).map(([name]) => name);
  if (missing.length > 0 || !signature || !timestamp) return fail(`missing Slack header${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);

  if (!/^\d{1,12}$/.test(timestamp)) return fail(`malformed X-Slack-Request-Timestamp "${timestamp.slice(0, 40)}": expected Unix time in seconds`);
  const age = Math.floor(deps.now() / 1000) - Number(timestamp);
  if (age > SIGNATURE_TOLERANCE_SECONDS) return fail(`stale X-Slack-Request-Timestamp: signed ${age} s ago, tolerance is ${SIGNATURE_TOLERANCE_SECONDS} s`);
  if (-age > SIGNATURE_TOLERANCE_SECONDS) return fail(`X-Slack-Request-Timestamp is ${-age} s in the future, tolerance is ${SIGNATURE_TOLERANCE_SECONDS} s`);

  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return fail('malformed X-Slack-Signature: expected "v0=" followed by 64 lowercase hex characters');
  const expected = Buffer.from(slackSignature(secret, timestamp, req.body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { ok: true }
    : fail('signature mismatch: the body or X-Slack-Request-Timestamp was altered, or it was signed with another signing secret');
}
