// Files an agent sends in an X DM: a v2 DM carries text plus one media item by id (channels.md §9d),
// so each image is first uploaded with `POST /2/media/upload` (one-shot, JSON: the bytes base64 in
// `media`, `media_category: dm_image`, `media_type`, `shared: true` so the DM may use it), signed like
// every call (OAuth 1.0a; a JSON body is not part of the signature). The answer's `data.id` goes in
// the DM's `attachments: [{ media_id }]`. Video and GIF need X's chunked upload, which Parley does not
// do yet: such a file fails the message with that reason instead of vanishing.
import { SendError, type ConnectorDeps, type OutboundMessage } from '../connector';
import { outboundFileName, outboundFilesOf, readOutboundFile } from '../shared/outbound-files';
import { DEFAULT_TIMEOUT_MS, type XDmConfig } from './config';
import { callX } from './x-api';

/** The image types X's one-shot upload takes for DMs. */
const DM_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/bmp', 'image/tiff', 'image/pjpeg']);

/** Uploads the message's files; resolves with one media id per file, in order. */
export async function uploadXDmMedia(message: OutboundMessage, config: XDmConfig, deps: ConnectorDeps): Promise<string[]> {
  const ids: string[] = [];
  for (const file of outboundFilesOf(message, 'x')) {
    const type = file.contentType.split(';')[0].trim().toLowerCase();
    if (!DM_IMAGE_TYPES.has(type)) {
      throw new SendError(`X DMs take images from Parley (JPEG, PNG, WebP, BMP, TIFF); ${outboundFileName(file)} is ${type}, which needs X's chunked upload.`, false);
    }
    const bytes = await readOutboundFile(file, config.timeoutMs ?? DEFAULT_TIMEOUT_MS, deps, 'X');
    const answer = await callX<{ data?: { id?: string } }>(config, 'POST', '/2/media/upload', {
      media: Buffer.from(bytes).toString('base64'), media_category: 'dm_image', media_type: type, shared: true,
    }, deps);
    if (!answer.data?.id) throw new SendError('X accepted the media upload but returned no media id.', true);
    ids.push(answer.data.id);
  }
  return ids;
}
