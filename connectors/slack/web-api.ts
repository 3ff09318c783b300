// One Slack Web API call: POST {apiBaseUrl}/{method} with a JSON body and the bot token, read
// `{ok, error}` and classify failures for the send activity (HTTP 429 carries Retry-After in
// seconds; `ok: false` answers come with HTTP 200 and an error code).
import { SendError, type ConnectorDeps } from '../connector';
import { DEFAULT_TIMEOUT_MS, type SlackConfig } from './config';
import type { SlackApiAnswer } from './wire-format';
import { fetchProvider, isTransientStatus, retryAfterMs } from '../shared/http/provider-fetch';

/** Error codes a retry can fix (docs.slack.dev "Errors" of chat.postMessage and the Web API basics). */
const TRANSIENT_ERRORS = new Set(['ratelimited', 'service_unavailable', 'fatal_error', 'internal_error', 'request_timeout', 'team_added_to_org']);

export async function callSlackApi<T extends SlackApiAnswer = SlackApiAnswer>(
  config: Pick<SlackConfig, 'apiBaseUrl' | 'botToken' | 'timeoutMs'>,
  method: string,
  body: Record<string, unknown>,
  deps: ConnectorDeps,
  /** `form` for methods Slack does not take JSON for in practice (files.getUploadURLExternal). */
  encoding: 'json' | 'form' = 'json',
): Promise<T> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const response = await fetchProvider(deps, `${config.apiBaseUrl.replace(/\/+$/, '')}/${method}`, {
    method: 'POST',
    headers: { 'content-type': encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8', authorization: `Bearer ${config.botToken}` },
    body: encoding === 'form' ? new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString() : JSON.stringify(body),
  }, { timeoutMs, slow: `Slack ${method}`, unreachable: 'Slack Web API' });
  if (!response.ok) {
    const wait = retryAfterMs(response.headers.get('retry-after'), deps.now());
    const text = (await response.text().catch(() => '')).trim().slice(0, 300);
    const message = `Slack ${method} answered HTTP ${response.status}${text ? `: ${text}` : ''}${wait !== undefined ? ` (Retry-After: ${Math.round(wait / 1000)} s)` : ''}`;
    if (isTransientStatus(response.status)) throw new SendError(message, true, response.status, wait);
    throw new SendError(message, false, response.status);
  }
  let answer: T;
  try {
    answer = (await response.json()) as T;
  } catch {
    throw new SendError(`Slack ${method} answered HTTP ${response.status} with a body that is not JSON.`, true, response.status);
  }
  if (answer.ok) return answer;
  const error = answer.error ?? 'unknown_error';
  throw new SendError(`Slack ${method} failed: ${error}`, TRANSIENT_ERRORS.has(error), response.status);
}
