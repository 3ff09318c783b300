// Inbound LINE files (developers.line.biz Messaging API, "Get content"): an image, video, audio or
// file message carries only its message id; the bytes are at
// `GET {dataApiBaseUrl}/v2/bot/message/{messageId}/content` with the channel access token, for a
// limited time after it was sent. The attachment stores `line-content:<messageId>`, never a URL with
// credentials. Content an app partner hosts ("external") keeps its own https URL and is fetched as is.
import { SendError, type ConnectorDeps, type FetchedMedia } from '../connector';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';
import { DEFAULT_TIMEOUT_MS, LINE_DATA_API_BASE_URL, type LineConfig } from './config';

const SCHEME = 'line-content:';

/** What an inbound attachment stores for content LINE hosts. */
export const lineContentRef = (messageId: string) => `${SCHEME}${messageId}`;

export async function downloadLineContent(config: LineConfig, ref: string, deps: ConnectorDeps): Promise<FetchedMedia> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const own = ref.startsWith(SCHEME);
  if (!own && !/^https?:\/\//.test(ref)) throw new SendError(`"${ref}" is not a LINE content reference.`, false);
  const messageId = own ? ref.slice(SCHEME.length) : '';
  if (own && !/^\d+$/.test(messageId)) throw new SendError(`"${ref}" does not name a LINE message id.`, false);
  const url = own ? `${(config.dataApiBaseUrl ?? LINE_DATA_API_BASE_URL).replace(/\/+$/, '')}/v2/bot/message/${messageId}/content` : ref;
  const response = await fetchProvider(deps, url, { method: 'GET', ...(own ? { headers: { authorization: `Bearer ${config.channelAccessToken}` } } : {}) },
    { timeoutMs, slow: 'LINE content download', unreachable: own ? 'LINE content API' : 'The file\'s host' });
  if (response.status !== 200) {
    let said = '';
    try { said = ((await response.json()) as { message?: string }).message ?? ''; } catch { /* not JSON */ }
    const what = own ? `LINE answered ${response.status} for the content of message ${messageId}` : `${new URL(ref).host} answered ${response.status}`;
    // 2xx without the bytes (a video LINE is still preparing): worth asking again later.
    const transient = isTransientStatus(response.status) || (response.status > 200 && response.status < 300);
    throw new SendError(`${what}${said ? `: ${said}` : ''}`, transient, response.status);
  }
  return { bytes: new Uint8Array(await response.arrayBuffer()), mime: response.headers.get('content-type') ?? 'application/octet-stream' };
}
