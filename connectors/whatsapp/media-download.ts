// Inbound WhatsApp media (channels.md §8c): the webhook names a media id, not a URL. Fetching it takes
// two calls with the access token: `GET /{media-id}` answers a short-lived `url` (and the MIME type),
// then `GET url` returns the bytes. Meta keeps inbound media for about 30 days.
import type { ConnectorDeps } from '../connector';
import { graphSendError } from '../shared/meta/graph-error';
import { graphRequest } from '../shared/meta/graph-request';
import type { WhatsAppConfig } from './config';

export interface WhatsAppMedia {
  bytes: Buffer;
  mime: string;
}

/** Where Parley serves an inbound media file to agents (engine/api/routes/channel-provider.ts). */
export const whatsappMediaPath = (channelId: string, mediaId: string) => `/api/v1/channels/${channelId}/media/${encodeURIComponent(mediaId)}`;

/** The media id of a reference: the id itself, or the attachment URL `parse` stored (whatsappMediaPath). */
export function whatsappMediaIdOf(ref: string): string {
  const at = ref.lastIndexOf('/media/');
  return at < 0 ? ref : decodeURIComponent(ref.slice(at + '/media/'.length).split(/[?#]/)[0]);
}

export async function downloadWhatsAppMedia(config: WhatsAppConfig, ref: string, deps: ConnectorDeps): Promise<WhatsAppMedia> {
  const mediaId = whatsappMediaIdOf(ref);
  const info = await graphRequest<{ url?: string; mime_type?: string }>(config, deps, {
    method: 'GET', path: encodeURIComponent(mediaId), token: config.accessToken, what: 'look up the media',
  });
  if (!info.url) throw graphSendError(`Meta Graph API returned no URL for media ${mediaId}.`, false);
  let response: Response;
  try {
    // The media URL also wants the access token (channels.md §8c).
    response = await deps.fetch(info.url, { headers: { authorization: `Bearer ${config.accessToken}` }, signal: AbortSignal.timeout(config.timeoutMs) });
  } catch (err) {
    throw graphSendError(`Could not download media ${mediaId} from Meta: ${(err as Error).message}.`, true);
  }
  if (!response.ok) {
    throw graphSendError(`Meta answered ${response.status} when downloading media ${mediaId}.`, response.status === 429 || response.status >= 500, response.status);
  }
  const mime = info.mime_type ?? response.headers.get('content-type') ?? 'application/octet-stream';
  return { bytes: Buffer.from(await response.arrayBuffer()), mime };
}
