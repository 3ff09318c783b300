// The bot's access token for the Bot Connector API: OAuth 2.0 client credentials (appId + client
// secret) at the token endpoint, scope https://api.botframework.com/.default (channels.md §20d).
// Tokens last about an hour; one is cached per endpoint and app and reused until five minutes
// before it expires. Failures are SendErrors classified like any provider call.
import { createHash } from 'node:crypto';
import { SendError, type ConnectorDeps } from '../connector';
import { BOT_FRAMEWORK_SCOPE, DEFAULT_TIMEOUT_MS, tokenUrlOf, type TeamsConfig } from './config';
import { fetchProvider, isTransientStatus, retryAfterMs } from '../shared/http/provider-fetch';

const REFRESH_BEFORE_MS = 5 * 60 * 1000;

type TokenConfig = Pick<TeamsConfig, 'appId' | 'appPassword' | 'tenantId' | 'tokenUrl' | 'timeoutMs'>;

const cache = new Map<string, { token: string; expiresAt: number }>();

// The secret is part of the key, so a channel whose secret was rotated never reuses the old token.
const cacheKey = (config: TokenConfig) =>
  `${tokenUrlOf(config)}|${config.appId}|${createHash('sha256').update(config.appPassword).digest('hex')}`;

/** Asks the token endpoint for a new token (no cache): set-up uses it to prove the credentials. */
export async function requestBotToken(config: TokenConfig, deps: ConnectorDeps): Promise<{ token: string; expiresInSeconds: number }> {
  const url = tokenUrlOf(config);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const response = await fetchProvider(deps, url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: config.appId, client_secret: config.appPassword, scope: BOT_FRAMEWORK_SCOPE }).toString(),
  }, { timeoutMs, slow: 'The Microsoft token endpoint', unreachable: 'The Microsoft token endpoint' });
  let answer: { access_token?: string; expires_in?: number | string; error?: string; error_description?: string } = {};
  try { answer = (await response.json()) as typeof answer; } catch { /* not JSON */ }
  if (response.ok && typeof answer.access_token === 'string') {
    const expires = Number(answer.expires_in ?? 3600);
    return { token: answer.access_token, expiresInSeconds: Number.isFinite(expires) ? expires : 3600 };
  }
  // Entra ID's error_description starts with an AADSTS code and a sentence, then trace ids: keep the first line.
  const description = answer.error_description?.split(/\r?\n/)[0];
  const reason = `The Microsoft token endpoint answered ${response.status}${answer.error ? ` ${answer.error}` : ''}${description ? `: ${description}` : ''}`;
  if (isTransientStatus(response.status)) {
    throw new SendError(reason, true, response.status, response.status === 429 ? retryAfterMs(response.headers.get('retry-after'), deps.now()) : undefined);
  }
  throw new SendError(reason, false, response.status);
}

/** A cached token while it has more than five minutes left, else a new one. */
export async function botToken(config: TokenConfig, deps: ConnectorDeps): Promise<string> {
  const key = cacheKey(config);
  const cached = cache.get(key);
  if (cached && cached.expiresAt - REFRESH_BEFORE_MS > deps.now()) return cached.token;
  const fresh = await requestBotToken(config, deps);
  cache.set(key, { token: fresh.token, expiresAt: deps.now() + fresh.expiresInSeconds * 1000 });
  return fresh.token;
}

/** Drops the cached token (the API refused it): the next call fetches a new one. */
export function forgetBotToken(config: TokenConfig): void {
  cache.delete(cacheKey(config));
}
