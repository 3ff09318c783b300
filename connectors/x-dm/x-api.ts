// One X API v2 call in the business account's user context (OAuth 1.0a), with failures classified
// for the send activity: 429 waits until X's `x-rate-limit-reset` (or Retry-After), 5xx and network
// errors are transient; other 4xx (a user whose settings refuse DMs, a revoked token) permanent,
// quoting X's problem detail.
import { SendError, type ConnectorDeps } from '../connector';
import { DEFAULT_TIMEOUT_MS, type XDmConfig } from './config';
import { oauth1Header } from './oauth1';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';

interface XProblem { title?: string; detail?: string; errors?: { message?: string; detail?: string }[] }

function waitOf(response: Response, now: number): number | undefined {
  const reset = Number(response.headers.get('x-rate-limit-reset') ?? NaN);
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
  return Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined;
}

export async function callX<T>(config: XDmConfig, method: 'GET' | 'POST', path: string, json: unknown, deps: ConnectorDeps): Promise<T> {
  const url = `${config.apiBaseUrl.replace(/\/+$/, '')}${path}`;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const authorization = oauth1Header(method, url, {
    consumerKey: config.consumerKey, consumerSecret: config.consumerSecret, token: config.accessToken, tokenSecret: config.accessTokenSecret,
  }, { now: deps.now() });
  const response = await fetchProvider(deps, url, {
    method, headers: { authorization, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  }, { timeoutMs, slow: 'X', unreachable: 'X' });
  let body: (T & XProblem) | undefined;
  try { body = (await response.json()) as T & XProblem; } catch { body = undefined; }
  if (response.ok && body) return body;
  const said = body?.detail ?? body?.errors?.[0]?.detail ?? body?.errors?.[0]?.message ?? body?.title ?? response.statusText;
  const reason = `X answered ${response.status}: ${said}`;
  if (isTransientStatus(response.status)) throw new SendError(reason, true, response.status, response.status === 429 ? waitOf(response, deps.now()) : undefined);
  throw new SendError(reason, false, response.status);
}
