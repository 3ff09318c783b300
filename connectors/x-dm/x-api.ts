// One X API v2 call in the business account's user context (OAuth 1.0a), with failures classified
// for the send activity: 429 waits until X's `x-rate-limit-reset` (or Retry-After), 5xx and network
// errors are transient; other 4xx (a user whose settings refuse DMs, a revoked token) permanent,
// quoting X's problem detail.
import { SendError, type ConnectorDeps } from '../connector';
import { DEFAULT_TIMEOUT_MS, type XDmConfig } from './config';
import { oauth1Header } from './oauth1';
import { fetchProvider, isTransientStatus, retryAfterMs } from '../shared/http/provider-fetch';

interface XProblem { title?: string; detail?: string; errors?: { message?: string; detail?: string }[] }

function waitOf(response: Response, now: number): number | undefined {
  const reset = Number(response.headers.get('x-rate-limit-reset') ?? NaN);
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  return retryAfterMs(response.headers.get('retry-after'), now);
}

export interface CallXOptions {
  /** A 2xx without a JSON body is success (the chunked upload's append answers with no content). */
  emptyOk?: boolean;
  /** This request's timeout instead of the channel's timeoutMs (an APPEND of megabytes: chunked-upload.ts). */
  timeoutMs?: number;
}

/**
 * `body`: JSON (sent as application/json), a FormData (multipart/form-data: the chunked upload's
 * segments; fetch sets the boundary), or undefined. Neither body kind is part of the OAuth 1.0a
 * signature; a query string in `path` is.
 */
export async function callX<T>(config: XDmConfig, method: 'GET' | 'POST', path: string, body: unknown, deps: ConnectorDeps, opts: CallXOptions = {}): Promise<T> {
  const url = `${config.apiBaseUrl.replace(/\/+$/, '')}${path}`;
  const timeoutMs = opts.timeoutMs ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const authorization = oauth1Header(method, url, {
    consumerKey: config.consumerKey, consumerSecret: config.consumerSecret, token: config.accessToken, tokenSecret: config.accessTokenSecret,
  }, { now: deps.now() });
  const form = body instanceof FormData;
  const response = await fetchProvider(deps, url, {
    method, headers: { authorization, ...(body !== undefined && !form ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: form ? body : JSON.stringify(body) } : {}),
  }, { timeoutMs, slow: 'X', unreachable: 'X' });
  let answer: (T & XProblem) | undefined;
  try { answer = (await response.json()) as T & XProblem; } catch { answer = undefined; }
  if (response.ok && answer) return answer;
  if (response.ok && opts.emptyOk) return {} as T;
  const said = answer?.detail ?? answer?.errors?.[0]?.detail ?? answer?.errors?.[0]?.message ?? answer?.title ?? response.statusText;
  const reason = `X answered ${response.status}: ${said}`;
  if (isTransientStatus(response.status)) throw new SendError(reason, true, response.status, response.status === 429 ? waitOf(response, deps.now()) : undefined);
  throw new SendError(reason, false, response.status);
}
