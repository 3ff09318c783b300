// Calls to the Official Account API (channels.md §22d). The access token comes from
// GET /cgi-bin/token?grant_type=client_credential&appid&secret (valid expires_in = 7200 s); one is
// cached per API base and account and renewed five minutes before it expires, or at once when
// WeChat says it is invalid or expired (errcode 40001 / 40014 / 42001), in which case the call is
// made once more with the new token. WeChat answers errors with HTTP 200 and errcode != 0.
import { createHash } from 'node:crypto';
import { SendError, type ConnectorDeps } from '../connector';
import { DEFAULT_TIMEOUT_MS, type WeChatConfig } from './config';
import type { WeChatApiAnswer } from './wire-format';
import { isTransientStatus, retryAfterMs } from '../shared/http/provider-fetch';

type ApiConfig = Pick<WeChatConfig, 'appId' | 'appSecret' | 'apiBaseUrl' | 'timeoutMs'>;

const REFRESH_BEFORE_MS = 5 * 60 * 1000;
/** The token was invalid (40001), not an access token (40014) or expired (42001): get a new one. */
const STALE_TOKEN = new Set([40001, 40014, 42001]);
/** "System busy, try again" (-1) and WeChat-side failures a retry can fix. */
const TRANSIENT_ERRCODES = new Set([-1, 45011]);

/** WeChat's codes explained where errmsg alone does not tell a person what to do. */
const EXPLAINED: Record<number, string> = {
  45015: 'the customer has not written in the last 48 hours, so WeChat allows no customer-service message (only template messages)',
  45047: 'WeChat\'s limit of customer-service messages without an answer from the customer was reached; wait for the customer to write',
  43004: 'the customer does not follow the Official Account (any more)',
  40003: 'the OpenID is not a follower of this Official Account',
  40164: 'the calling IP address is not on the Official Account\'s IP allow-list (Basic Configuration)',
  40125: 'the AppSecret is not valid',
  40013: 'the AppID is not valid',
  45009: 'the daily quota of this API is used up',
};

const cache = new Map<string, { token: string; expiresAt: number }>();
const cacheKey = (c: ApiConfig) => `${c.apiBaseUrl}|${c.appId}|${createHash('sha256').update(c.appSecret).digest('hex')}`;

function base(config: ApiConfig): string {
  return config.apiBaseUrl.replace(/\/+$/, '');
}

/** One call; slow, unreachable and non-2xx answers become SendErrors. The body is left unread. */
async function call(config: ApiConfig, what: string, url: string, init: RequestInit, deps: ConnectorDeps): Promise<Response> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response: Response;
  try {
    response = await deps.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new SendError(`WeChat ${what} did not answer within ${timeoutMs} ms.`, true);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new SendError(`The WeChat API is unreachable: ${cause?.code ?? cause?.message ?? (err as Error).message}.`, true);
  }
  if (!response.ok) {
    const text = (await response.text().catch(() => '')).trim().slice(0, 300);
    const message = `WeChat ${what} answered HTTP ${response.status}${text ? `: ${text}` : ''}`;
    if (isTransientStatus(response.status)) throw new SendError(message, true, response.status, response.status === 429 ? retryAfterMs(response.headers.get('retry-after'), deps.now()) : undefined);
    throw new SendError(message, false, response.status);
  }
  return response;
}

async function request(config: ApiConfig, what: string, url: string, init: RequestInit, deps: ConnectorDeps): Promise<WeChatApiAnswer> {
  const response = await call(config, what, url, init, deps);
  try {
    return (await response.json()) as WeChatApiAnswer;
  } catch {
    throw new SendError(`WeChat ${what} answered with a body that is not JSON.`, true, response.status);
  }
}

/** A SendError for errcode != 0, with WeChat's errmsg and, where it helps, what it means. */
export function wechatError(what: string, answer: WeChatApiAnswer): SendError {
  const code = answer.errcode ?? -1;
  const explained = EXPLAINED[code];
  const message = `WeChat ${what} failed with errcode ${code}: ${answer.errmsg ?? 'no errmsg'}${explained ? ` (${explained})` : ''}`;
  return new SendError(message, TRANSIENT_ERRCODES.has(code), code);
}

/** A new access token (no cache): set-up uses it to prove the AppID and AppSecret. */
export async function requestAccessToken(config: ApiConfig, deps: ConnectorDeps): Promise<{ token: string; expiresInSeconds: number }> {
  const query = new URLSearchParams({ grant_type: 'client_credential', appid: config.appId, secret: config.appSecret });
  const answer = await request(config, 'token', `${base(config)}/cgi-bin/token?${query}`, { method: 'GET', headers: { accept: 'application/json' } }, deps);
  if (typeof answer.access_token !== 'string' || (answer.errcode ?? 0) !== 0) throw wechatError('token', answer);
  return { token: answer.access_token, expiresInSeconds: typeof answer.expires_in === 'number' ? answer.expires_in : 7200 };
}

async function accessToken(config: ApiConfig, deps: ConnectorDeps): Promise<string> {
  const key = cacheKey(config);
  const cached = cache.get(key);
  if (cached && cached.expiresAt - REFRESH_BEFORE_MS > deps.now()) return cached.token;
  const fresh = await requestAccessToken(config, deps);
  cache.set(key, { token: fresh.token, expiresAt: deps.now() + fresh.expiresInSeconds * 1000 });
  return fresh.token;
}

/** What one attempt gave: WeChat's error answer (errcode != 0), or the result. */
type Attempt<T> = { error: WeChatApiAnswer } | { value: T };

/** Runs `attempt` with the cached token; a stale-token errcode renews it and runs it once more. */
async function withToken<T>(config: ApiConfig, what: string, deps: ConnectorDeps, attempt: (token: string) => Promise<Attempt<T>>): Promise<T> {
  for (let n = 0; ; n++) {
    const result = await attempt(await accessToken(config, deps));
    if ('value' in result) return result.value;
    if (STALE_TOKEN.has(result.error.errcode ?? -1)) {
      cache.delete(cacheKey(config));
      if (n === 0) continue;
    }
    throw wechatError(what, result.error);
  }
}

const jsonAttempt = (answer: WeChatApiAnswer): Attempt<WeChatApiAnswer> => ((answer.errcode ?? 0) === 0 ? { value: answer } : { error: answer });
const whatOf = (path: string) => path.replace(/^\/cgi-bin\//, '');

/** GETs `path?access_token=…&query`; resolves on errcode 0 (or none), renewing a stale token once. */
export async function getWithToken(config: ApiConfig, path: string, query: Record<string, string>, deps: ConnectorDeps): Promise<WeChatApiAnswer & Record<string, unknown>> {
  const what = whatOf(path);
  return withToken(config, what, deps, async (token) => {
    const params = new URLSearchParams({ access_token: token, ...query });
    return jsonAttempt(await request(config, what, `${base(config)}${path}?${params}`, { method: 'GET', headers: { accept: 'application/json' } }, deps));
  }) as Promise<WeChatApiAnswer & Record<string, unknown>>;
}

/** POSTs JSON to `path?access_token=…`; resolves on errcode 0, renewing a stale token once. */
export async function postWithToken(config: ApiConfig, path: string, body: unknown, deps: ConnectorDeps): Promise<WeChatApiAnswer> {
  const what = whatOf(path);
  // WeChat reads the body as UTF-8 JSON; unescaped characters keep Chinese text readable in its logs.
  return withToken(config, what, deps, async (token) => jsonAttempt(await request(config, what, `${base(config)}${path}?access_token=${encodeURIComponent(token)}`, {
    method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body),
  }, deps)));
}

/** POSTs a multipart form (a fresh one per attempt) to `path?access_token=…&query`, renewing a stale token once. */
export async function postFormWithToken(config: ApiConfig, path: string, query: Record<string, string>, form: () => FormData, deps: ConnectorDeps): Promise<WeChatApiAnswer & Record<string, unknown>> {
  const what = whatOf(path);
  return withToken(config, what, deps, async (token) => {
    const params = new URLSearchParams({ access_token: token, ...query });
    return jsonAttempt(await request(config, what, `${base(config)}${path}?${params}`, { method: 'POST', headers: { accept: 'application/json' }, body: form() }, deps));
  }) as Promise<WeChatApiAnswer & Record<string, unknown>>;
}

/**
 * GETs `path?access_token=…&query` where success is a file, not JSON: resolves with the response
 * (body unread) or, when WeChat answered JSON without an errcode (media/get's `video_url`), that
 * answer. An errcode body is an error, and a stale token is renewed once.
 */
export type Download = { file: Response } | { json: Record<string, unknown> };

export async function downloadWithToken(config: ApiConfig, path: string, query: Record<string, string>, deps: ConnectorDeps): Promise<Download> {
  const what = whatOf(path);
  return withToken<Download>(config, what, deps, async (token) => {
    const params = new URLSearchParams({ access_token: token, ...query });
    const response = await call(config, what, `${base(config)}${path}?${params}`, { method: 'GET' }, deps);
    // WeChat answers errors with HTTP 200 and a JSON body (typed application/json or text/plain).
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    if (!/json|text\/plain/.test(type)) return { value: { file: response } };
    const text = await response.text();
    let answer: unknown;
    try { answer = JSON.parse(text); } catch { return { value: { file: new Response(text, { headers: response.headers }) } }; }
    if (!answer || typeof answer !== 'object') return { value: { file: new Response(text, { headers: response.headers }) } };
    const json = answer as WeChatApiAnswer & Record<string, unknown>;
    return (json.errcode ?? 0) === 0 ? { value: { json } } : { error: json };
  });
}
