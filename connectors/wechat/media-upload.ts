// Files an agent sends on WeChat. Customer-service messages carry media by media_id only
// (developers.weixin.qq.com "Service Center messages"), so a file is uploaded first as temporary
// media, `POST {apiBaseUrl}/cgi-bin/media/upload?access_token=…&type=…` (multipart field `media`,
// answered `{type, media_id, created_at}`; kept 3 days), then sent as `{msgtype, <msgtype>: {media_id}}`.
// Uploaded: images (PNG, JPEG, GIF, ≤ 2 MB) and voice (AMR, MP3, ≤ 2 MB), the temporary-media
// limits (the official page says 2 MB in one place and 10 MB in another for images: Parley keeps
// to 2 MB). Everything else stays a link in a text message:
// - other files (PDF, Office, …): the customer-service API has no file message type;
// - video: a video message needs a media_id and, per some versions of the docs, a thumb_media_id
//   (a separate 64 KB JPEG thumbnail upload) that others omit and developers report errors with;
// - a file over its size limit.
// A stored file (context.publicMedia, engine/attachments/outbound-media-links.ts) is read from the
// data directory; another http(s) URL is fetched (connectors/shared/outbound-files.ts).
import type { ConnectorDeps, InboundAttachment, OutboundMessage } from '../connector';
import { SendError } from '../connector';
import { readOutboundFile } from '../shared/outbound-files';
import { storedMediaFile } from '../shared/public-media';
import { DEFAULT_TIMEOUT_MS, type WeChatConfig } from './config';
import { postFormWithToken } from './official-api';

export const MEDIA_UPLOAD_PATH = '/cgi-bin/media/upload';

export type WeChatMediaType = 'image' | 'voice';

const UPLOADED: Record<string, { type: WeChatMediaType; maxBytes: number }> = {
  'image/png': { type: 'image', maxBytes: 2 * 1024 * 1024 },
  'image/jpeg': { type: 'image', maxBytes: 2 * 1024 * 1024 },
  'image/gif': { type: 'image', maxBytes: 2 * 1024 * 1024 },
  'audio/amr': { type: 'voice', maxBytes: 2 * 1024 * 1024 },
  'audio/mpeg': { type: 'voice', maxBytes: 2 * 1024 * 1024 },
};

/** A file of the message as WeChat gets it: uploaded media, or a link in the text. */
export type WeChatFile =
  | { kind: 'media'; type: WeChatMediaType; name: string; mime: string; read: () => Promise<Uint8Array> }
  | { kind: 'link'; text: string };

/** How each attachment goes: stored files by their stored type and size, others by their declared type. */
export function wechatFilesOf(message: OutboundMessage, config: WeChatConfig, deps: ConnectorDeps): WeChatFile[] {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return message.attachments.filter((a): a is InboundAttachment & { url: string } => Boolean(a.url)).map((a) => {
    const stored = storedMediaFile(message, a.url);
    const mime = (stored?.mime ?? a.mime).split(';')[0].trim().toLowerCase();
    const name = stored?.name ?? a.name ?? decodeURIComponent(a.url.split('/').pop()?.split('?')[0] || 'file');
    const size = stored?.size ?? a.size;
    const upload = UPLOADED[mime];
    if (upload && (size === undefined || size <= upload.maxBytes)) {
      const read = () => readOutboundFile({ filename: name, path: stored?.path ?? a.url, contentType: mime }, timeoutMs, deps, 'WeChat');
      return { kind: 'media', type: upload.type, name, mime, read };
    }
    const link = stored?.link ?? a.url;
    return { kind: 'link', text: `${name}: ${link}` };
  });
}

/** Uploads one file as temporary media; resolves with its media_id. */
export async function uploadWeChatMedia(file: Extract<WeChatFile, { kind: 'media' }>, config: WeChatConfig, deps: ConnectorDeps): Promise<string> {
  const bytes = await file.read();
  const limit = Object.values(UPLOADED).find((u) => u.type === file.type)!.maxBytes;
  if (bytes.length > limit) throw new SendError(`${file.name} is ${bytes.length} bytes; WeChat takes ${file.type} media up to ${limit} bytes.`, false);
  const form = () => {
    const f = new FormData();
    f.set('media', new Blob([new Uint8Array(bytes)], { type: file.mime }), file.name);
    return f;
  };
  const answer = await postFormWithToken(config, MEDIA_UPLOAD_PATH, { type: file.type }, form, deps);
  if (typeof answer.media_id !== 'string' || !answer.media_id) throw new SendError('WeChat media/upload answered without a media_id.', true);
  return answer.media_id;
}
