// One Twilio REST call: HTTP Basic auth with the Account SID and Auth Token, form-encoded bodies,
// JSON answers. Failures are classified for the send activity: 429 (with Retry-After), 5xx and
// network errors are transient; other 4xx (invalid number, unsubscribed recipient) permanent, with
// Twilio's error code and message.
import { SendError, type ConnectorDeps } from '../connector';
import { DEFAULT_TIMEOUT_MS, type SmsConfig } from './config';
import { fetchProvider, isTransientStatus, retryAfterMs } from '../shared/http/provider-fetch';

type Form = Record<string, string | string[] | undefined>;

function formOf(fields: Form): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  return form;
}

export async function callTwilio<T>(
  config: Pick<SmsConfig, 'accountSid' | 'authToken' | 'apiBaseUrl' | 'timeoutMs'>,
  method: 'GET' | 'POST',
  path: string,
  fields: Form | null,
  deps: ConnectorDeps,
): Promise<T> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = `${config.apiBaseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${config.accountSid}${path}`;
  const response = await fetchProvider(deps, url, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`,
      accept: 'application/json',
      ...(fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(fields ? { body: formOf(fields).toString() } : {}),
  }, { timeoutMs, slow: 'Twilio', unreachable: 'Twilio' });
  let answer: { code?: number; message?: string } & Record<string, unknown> = {};
  try { answer = (await response.json()) as typeof answer; } catch { /* an empty or non-JSON body */ }
  if (response.ok) return answer as T;
  const reason = `Twilio answered ${response.status}${answer.code ? ` (error ${answer.code})` : ''}: ${answer.message ?? response.statusText}`;
  if (isTransientStatus(response.status)) {
    throw new SendError(reason, true, response.status, response.status === 429 ? retryAfterMs(response.headers.get('retry-after'), deps.now()) : undefined);
  }
  throw new SendError(reason, false, response.status);
}
