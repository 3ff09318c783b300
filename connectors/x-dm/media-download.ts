// Inbound DM media on X: a direct message's `attachment.media.media_url_https` points at X's TON
// storage (https://ton.twitter.com/1.1/ton/data/dm/…), which answers only a request signed with
// OAuth 1.0a in the receiving account's user context. Parley signs the GET here; the credentials go
// only to X's hosts (ton.twitter.com, ton.x.com) or to the host of the configured API base URL.
import { SendError, type ConnectorDeps, type FetchedMedia } from '../connector';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';
import { DEFAULT_TIMEOUT_MS, type XDmConfig } from './config';
import { oauth1Header } from './oauth1';

const X_MEDIA_HOSTS = new Set(['ton.twitter.com', 'ton.x.com', 'api.x.com', 'api.twitter.com']);

function maySign(config: XDmConfig, url: URL): boolean {
  if (url.protocol === 'https:' && X_MEDIA_HOSTS.has(url.hostname)) return true;
  return url.host === new URL(config.apiBaseUrl).host;
}

export async function downloadXDmMedia(config: XDmConfig, ref: string, deps: ConnectorDeps): Promise<FetchedMedia> {
  let url: URL;
  try { url = new URL(ref); } catch { throw new SendError(`"${ref}" is not an X media URL.`, false); }
  if (!maySign(config, url)) throw new SendError(`Parley signs media requests only for X's hosts, not ${url.host}.`, false);
  const authorization = oauth1Header('GET', url.href, {
    consumerKey: config.consumerKey, consumerSecret: config.consumerSecret, token: config.accessToken, tokenSecret: config.accessTokenSecret,
  }, { now: deps.now() });
  const response = await fetchProvider(deps, url.href, { method: 'GET', headers: { authorization } }, {
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS, slow: 'X media download', unreachable: 'X',
  });
  if (!response.ok) {
    let said = '';
    try {
      const body = (await response.json()) as { detail?: string; title?: string; errors?: { message?: string }[] };
      said = body.detail ?? body.errors?.[0]?.message ?? body.title ?? '';
    } catch { /* not JSON */ }
    throw new SendError(`X answered ${response.status} for ${url.pathname}${said ? `: ${said}` : ''}`, isTransientStatus(response.status), response.status);
  }
  const name = url.pathname.split('/').pop();
  return { bytes: new Uint8Array(await response.arrayBuffer()), mime: response.headers.get('content-type') ?? 'application/octet-stream', ...(name ? { name } : {}) };
}
