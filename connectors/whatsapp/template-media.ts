// A template's header file by upload (config.mediaDelivery 'upload', and always for a data: URL):
// the file is uploaded to `POST /{phone-number-id}/media` first and the header parameter carries the
// returned media id instead of the link — `{type: 'image', image: {id}}`, `{type: 'video', video: {id}}`,
// `{type: 'document', document: {id, filename}}` (Meta: templates/template-media; Meta recommends ids
// over links). Only header parameters carry files in a template.
import { SendError } from '../connector';
import type { MediaMessageType } from './media-upload';
import type { TemplateObject } from './template-header';

export interface HeaderUploader {
  /** Whether this link is uploaded (upload mode, a data: URL) rather than sent as it is. */
  uploads(link: string): boolean;
  /** The file Parley stores behind the link, when it is one (read from the data directory). */
  stored(link: string): { name: string; mime: string } | undefined;
  /** Uploads the file; the media id. */
  upload(link: string, type: MediaMessageType, filename?: string): Promise<string>;
}

type MediaParameter = { type: MediaMessageType } & Record<string, { link?: string; id?: string; filename?: string } | string>;

const HEADER_FILE_TYPES = ['image', 'video', 'document'] as const;

/**
 * The types Meta takes in a template header (Cloud API supported media: images JPEG or PNG, videos
 * MP4 or 3GPP); a document may be any type. Checked on a file Parley stores, whose type it sniffed.
 */
const ACCEPTED: Partial<Record<MediaMessageType, readonly string[]>> = { image: ['image/jpeg', 'image/png'], video: ['video/mp4', 'video/3gpp'] };

export async function withUploadedHeaderMedia(template: TemplateObject, uploader: HeaderUploader): Promise<TemplateObject> {
  if (!template.components?.some((c) => c.type === 'header')) return template;
  const components = await Promise.all(template.components.map(async (component) => {
    if (component.type !== 'header' || !component.parameters) return component;
    const parameters = await Promise.all((component.parameters as MediaParameter[]).map(async (p) => {
      if (!(HEADER_FILE_TYPES as readonly string[]).includes(p.type)) return p;
      const media = p[p.type];
      if (typeof media !== 'object' || !media.link || !uploader.uploads(media.link)) return p;
      const { link, ...rest } = media;
      const stored = uploader.stored(link);
      const accepted = ACCEPTED[p.type];
      if (stored && accepted && !accepted.includes(stored.mime)) {
        throw new SendError(`The WhatsApp template "${template.name}" shows ${stored.name} (${stored.mime}) in its ${p.type} header, but WhatsApp takes only ${accepted.join(' or ')} there.`, false);
      }
      // A document header shows its file name; a stored file's own name when the message names none.
      const filename = p.type === 'document' ? (rest.filename ?? stored?.name) : undefined;
      const id = await uploader.upload(link, p.type, filename);
      return { type: p.type, [p.type]: { id, ...rest, ...(filename ? { filename } : {}) } };
    }));
    return { ...component, parameters };
  }));
  return { ...template, components };
}
