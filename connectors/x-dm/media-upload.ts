// Files an agent sends in an X DM: a v2 DM carries text plus one media item by id (channels.md §9d),
// so each file is uploaded first, with the DM media category of its kind (media-kinds.ts):
// - images (dm_image): the one-shot `POST /2/media/upload` (JSON: the bytes base64 in `media`,
//   `media_category`, `media_type`, `shared: true` so the DM may use it);
// - animated GIFs (dm_gif) and MP4 / MOV video (dm_video): the chunked upload (chunked-upload.ts),
//   which waits until X has processed the file.
// Every call is signed with OAuth 1.0a (x-api.ts). The media id goes in the DM's
// `attachments: [{ media_id }]`. A file X DMs cannot carry (a PDF, audio, an Office document) or one
// over X's size for its kind fails the message at once, permanently, saying why; the manifest's
// attachment rules list the same types, so such a file is normally refused already on upload.
import { SendError, type ConnectorDeps, type OutboundMessage } from '../connector';
import { outboundFileName, outboundFilesOf, readOutboundFile } from '../shared/outbound-files';
import { uploadXMediaChunked, type ChunkedUploadOptions } from './chunked-upload';
import { DEFAULT_TIMEOUT_MS, type XDmConfig } from './config';
import { megabytes, xDmMediaKind } from './media-kinds';
import { uploadBook } from './upload-progress';
import { callX } from './x-api';

/** Uploads the message's files; resolves with one media id per file, in order. */
export async function uploadXDmMedia(message: OutboundMessage, config: XDmConfig, deps: ConnectorDeps, opts: ChunkedUploadOptions = {}): Promise<string[]> {
  const files = outboundFilesOf(message, 'x');
  // Every file is checked before any is uploaded: a refused one fails the message with nothing sent.
  const kinds = files.map((file) => {
    const type = file.contentType.split(';')[0].trim().toLowerCase();
    const kind = xDmMediaKind(type);
    if (!kind) {
      throw new SendError(`X DMs carry images (JPEG, PNG, WebP, GIF), MP4 or MOV video only; ${outboundFileName(file)} is ${type}. Share it as a link in the text instead.`, false);
    }
    return { file, type, kind };
  });
  // One progress book for the send's files: a retry continues each upload where it stopped (upload-progress.ts).
  const book = opts.book ?? uploadBook(deps);
  const ids: string[] = [];
  for (const [index, { file, type, kind }] of kinds.entries()) {
    const name = outboundFileName(file);
    const bytes = await readOutboundFile(file, config.timeoutMs ?? DEFAULT_TIMEOUT_MS, deps, 'X');
    if (bytes.length > kind.maxBytes) {
      throw new SendError(`${name} is ${megabytes(bytes.length)}; X takes ${kind.category.replace('dm_', '')} files up to ${megabytes(kind.maxBytes)} in a DM.`, false);
    }
    if (kind.chunked) {
      // Keyed by message and file: a retry of this send continues what X already holds (chunked-upload.ts).
      ids.push(await uploadXMediaChunked(config, { name, type, bytes, category: kind.category }, deps, { resumeKey: `${message.id}#${index}`, ...opts, book }));
      continue;
    }
    const answer = await callX<{ data?: { id?: string } }>(config, 'POST', '/2/media/upload', {
      media: Buffer.from(bytes).toString('base64'), media_category: kind.category, media_type: type, shared: true,
    }, deps);
    if (!answer.data?.id) throw new SendError('X accepted the media upload but returned no media id.', true);
    ids.push(answer.data.id);
  }
  return ids;
}
