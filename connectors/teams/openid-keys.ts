// The keys Bot Framework signs channel → bot tokens with: the OpenID metadata names a jwks_uri, the
// JWKS lists the keys (each with the channels it `endorses`). Both are fetched with the injected
// fetch and cached per metadata URL for a day; a token signed with a key not in the cached set
// triggers one early refresh (keys roll over), at most every five minutes.
import { createLocalJWKSet, type JSONWebKeySet, type JWK } from 'jose';
import type { ConnectorDeps } from '../connector';

const KEYS_TTL_MS = 24 * 60 * 60 * 1000;
const MIN_REFRESH_MS = 5 * 60 * 1000;

export interface BotFrameworkKeys {
  jwks: JSONWebKeySet;
  keySet: ReturnType<typeof createLocalJWKSet>;
  fetchedAt: number;
}

const cache = new Map<string, BotFrameworkKeys>();

async function getJson(url: string, what: string, deps: ConnectorDeps, timeoutMs: number): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await deps.fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
    throw new Error(`the ${what} ${url} is unreachable: ${cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (err as Error).message}`);
  }
  if (!response.ok) throw new Error(`the ${what} ${url} answered HTTP ${response.status}`);
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch {
    throw new Error(`the ${what} ${url} is not JSON`);
  }
}

async function load(metadataUrl: string, deps: ConnectorDeps, timeoutMs: number): Promise<BotFrameworkKeys> {
  const metadata = await getJson(metadataUrl, 'OpenID metadata', deps, timeoutMs);
  if (typeof metadata.jwks_uri !== 'string') throw new Error(`the OpenID metadata ${metadataUrl} has no jwks_uri`);
  const jwks = await getJson(metadata.jwks_uri, 'key set', deps, timeoutMs);
  if (!Array.isArray(jwks.keys)) throw new Error(`the key set ${metadata.jwks_uri} has no keys`);
  const set = jwks as unknown as JSONWebKeySet;
  return { jwks: set, keySet: createLocalJWKSet(set), fetchedAt: deps.now() };
}

/** The cached keys of `metadataUrl`, loaded when absent or older than a day; `refresh` forces a reload (rate-limited). */
export async function botFrameworkKeys(metadataUrl: string, deps: ConnectorDeps, opts: { timeoutMs: number; refresh?: boolean }): Promise<BotFrameworkKeys> {
  const cached = cache.get(metadataUrl);
  const age = cached ? deps.now() - cached.fetchedAt : Infinity;
  if (cached && age < KEYS_TTL_MS && !(opts.refresh && age >= MIN_REFRESH_MS)) return cached;
  const keys = await load(metadataUrl, deps, opts.timeoutMs);
  cache.set(metadataUrl, keys);
  return keys;
}

/** The JWK with this key id, to read its endorsements. */
export function keyById(keys: BotFrameworkKeys, kid: string | undefined): (JWK & { endorsements?: unknown }) | undefined {
  return kid === undefined ? undefined : keys.jwks.keys.find((k) => k.kid === kid);
}

/** For tests: forget every cached key set. */
export function clearBotFrameworkKeyCache(): void {
  cache.clear();
}
