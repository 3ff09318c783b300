// Inbound WeChat files (channels.md §22c): an image, voice or video message carries a MediaId, valid
// for 3 days, whose bytes are at WeChat's temporary media API
// `GET {apiBaseUrl}/cgi-bin/media/get?access_token=…&media_id=…` (developers.weixin.qq.com "Get
// temporary material"). The attachment stores `wechat-media:<MediaId>`, never a URL with the token.
// WeChat answers:
// - the file itself (Content-Type and a Content-disposition filename), or
// - for a video, JSON `{"video_url": "…"}`: a plain download link, fetched without credentials, or
// - an error as HTTP 200 with JSON `{"errcode": 40007, "errmsg": "invalid media_id"}`; a stale token
//   (40001 / 42001) is renewed once (official-api.ts).
// An image's PicUrl (a public link, kept for attachments stored before media download existed) is
// fetched as is, without credentials.
import { SendError, type ConnectorDeps, type FetchedMedia } from '../connector';
import { fetchProvider, isTransientStatus } from '../shared/http/provider-fetch';
import { DEFAULT_TIMEOUT_MS, type WeChatConfig } from './config';
import { downloadWithToken } from './official-api';

const SCHEME = 'wechat-media:';
export const MEDIA_GET_PATH = '/cgi-bin/media/get';

/** What an inbound attachment stores for a file WeChat holds. */
export const wechatMediaRef = (mediaId: string) => `${SCHEME}${mediaId}`;

/** `attachment; filename="MEDIA_ID.jpg"` → `MEDIA_ID.jpg`. */
function fileNameOf(disposition: string | null): string | undefined {
  const match = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  return match?.[1]?.trim() || undefined;
}

async function mediaOf(response: Response): Promise<FetchedMedia> {
  const name = fileNameOf(response.headers.get('content-disposition'));
  return {
    bytes: new Uint8Array(await response.arrayBuffer()),
    mime: (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0].trim(),
    ...(name ? { name } : {}),
  };
}

/** A public link (PicUrl, a video's video_url): no credentials go with it. */
async function downloadLink(url: string, timeoutMs: number, deps: ConnectorDeps): Promise<FetchedMedia> {
  const host = new URL(url).host;
  const response = await fetchProvider(deps, url, { method: 'GET' }, { timeoutMs, slow: `The WeChat file host ${host}`, unreachable: `The WeChat file host ${host}` });
  if (response.status !== 200) throw new SendError(`${host} answered ${response.status} for the WeChat file.`, isTransientStatus(response.status), response.status);
  return mediaOf(response);
}

export async function downloadWeChatMedia(config: WeChatConfig, ref: string, deps: ConnectorDeps): Promise<FetchedMedia> {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (/^https?:\/\//.test(ref)) return downloadLink(ref, timeoutMs, deps);
  if (!ref.startsWith(SCHEME)) throw new SendError(`"${ref}" is not a WeChat media reference.`, false);
  const mediaId = ref.slice(SCHEME.length);
  if (!/^\S{1,256}$/.test(mediaId)) throw new SendError(`"${ref}" does not name a WeChat MediaId.`, false);
  const answer = await downloadWithToken(config, MEDIA_GET_PATH, { media_id: mediaId }, deps);
  if ('file' in answer) return mediaOf(answer.file);
  const videoUrl = answer.json.video_url;
  if (typeof videoUrl === 'string' && /^https?:\/\//.test(videoUrl)) return downloadLink(videoUrl, timeoutMs, deps);
  throw new SendError(`WeChat media/get answered JSON without the file or a video_url for MediaId ${mediaId}.`, false);
}
