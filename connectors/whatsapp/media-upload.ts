// WhatsApp media by upload (channels.md §8): Parley fetches the file and uploads it with
// `POST /{phone-number-id}/media` (multipart: messaging_product, type, file), then sends the returned
// media id instead of the link. For files Meta cannot fetch itself: private URLs, data: URLs, and
// files Parley stores (read from the data directory, never fetched over HTTP).
import type { ConnectorDeps } from '../connector';
import { graphSendError } from '../shared/meta/graph-error';
import { graphRequest } from '../shared/meta/graph-request';
import type { WhatsAppConfig } from './config';

export const MEDIA_MESSAGE_TYPES = ['image', 'video', 'audio', 'document'] as const;
export type MediaMessageType = (typeof MEDIA_MESSAGE_TYPES)[number];

export interface FetchedFile {
  bytes: Blob;
  mime: string;
  filename: string;
}

function filenameOf(link: string, fallback: string): string {
  if (link.startsWith('data:')) return fallback;
  try {
    return decodeURIComponent(new URL(link).pathname.split('/').pop() || fallback);
  } catch {
    return fallback;
  }
}

/** The file behind a media link, as bytes with its MIME type. */
async function fetchFile(link: string, type: MediaMessageType, config: WhatsAppConfig, deps: ConnectorDeps): Promise<FetchedFile> {
  let response: Response;
  try {
    response = await deps.fetch(link, { signal: AbortSignal.timeout(config.timeoutMs) });
  } catch (err) {
    throw graphSendError(`Could not download the ${type} to upload to WhatsApp (${link.startsWith('data:') ? 'data: URL' : new URL(link).origin}): ${(err as Error).message}.`, true);
  }
  if (!response.ok) {
    const transient = response.status === 408 || response.status === 429 || response.status >= 500;
    throw graphSendError(`Could not download the ${type} to upload to WhatsApp: its URL answered ${response.status}.`, transient, response.status);
  }
  const mime = (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0].trim();
  return { bytes: new Blob([await response.arrayBuffer()], { type: mime }), mime, filename: filenameOf(link, type) };
}

/** Uploads the file behind `link`; returns the media id to send. */
export async function uploadWhatsAppMedia(link: string, type: MediaMessageType, config: WhatsAppConfig, deps: ConnectorDeps, filename?: string): Promise<string> {
  return uploadWhatsAppFile(await fetchFile(link, type, config, deps), type, config, deps, filename);
}

/** Uploads bytes Parley already has; returns the media id to send. */
export async function uploadWhatsAppFile(file: FetchedFile, type: MediaMessageType, config: WhatsAppConfig, deps: ConnectorDeps, filename?: string): Promise<string> {
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  form.set('type', file.mime);
  form.set('file', file.bytes, filename ?? file.filename);
  const answer = await graphRequest<{ id?: string }>(config, deps, {
    method: 'POST', path: `${config.phoneNumberId}/media`, token: config.accessToken, form, what: `upload the ${type}`,
  });
  if (!answer.id) throw graphSendError('Meta Graph API accepted the media upload but returned no media id.', false);
  return answer.id;
}
