// One Messaging API call: {apiBaseUrl}{path} with the channel access token as a bearer token, LINE's
// `{message, details}` error answers read, and failures classified the way the send activity needs
// them (transient or permanent, with Retry-After).
import { SendError, type ConnectorDeps } from '../connector';
import { DEFAULT_TIMEOUT_MS, type LineConfig } from './config';
import type { LineApiError } from './wire-format';
import { fetchProvider, isTransientStatus, retryAfterMs } from '../shared/http/provider-fetch';

export interface LineCall {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LineAnswer<T> {
  status: number;
  json: T;
  headers: Headers;
}

/** "message (property: detail; …)", LINE's own words. */
function describe(error: LineApiError | undefined, response: Response): string {
  const base = error?.message ?? `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const details = (error?.details ?? []).map((d) => [d.property, d.message].filter(Boolean).join(': ')).filter(Boolean);
  return details.length ? `${base} (${details.join('; ')})` : base;
}


/**
 * Makes the call; resolves with the status and JSON answer of a 2xx (or of a status listed in
 * `accept`), throws SendError quoting LINE's message otherwise.
 */
export async function callLineApi<T>(
  config: Pick<LineConfig, 'apiBaseUrl' | 'channelAccessToken' | 'timeoutMs'>,
  call: LineCall,
  deps: ConnectorDeps,
  accept: number[] = [],
): Promise<LineAnswer<T>> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const what = `LINE ${call.method} ${call.path}`;
  const response = await fetchProvider(deps, `${config.apiBaseUrl.replace(/\/+$/, '')}${call.path}`, {
    method: call.method,
    headers: {
      authorization: `Bearer ${config.channelAccessToken}`,
      ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...call.headers,
    },
    ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
  }, { timeoutMs, slow: what, unreachable: 'LINE Messaging API' });
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  if (response.ok || accept.includes(response.status)) return { status: response.status, json: json as T, headers: response.headers };

  const message = `${what} failed with ${response.status}: ${describe(json as LineApiError | undefined, response)}`;
  if (isTransientStatus(response.status)) {
    throw new SendError(message, true, response.status, response.status === 429 ? retryAfterMs(response.headers.get('retry-after'), deps.now()) : undefined);
  }
  throw new SendError(message, false, response.status);
}
