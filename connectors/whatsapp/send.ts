// Sends one WhatsApp message: `POST /{version}/{phone-number-id}/messages` with the access token
// (channels.md §8d) — text, interactive reply buttons / lists / CTA URL messages and templates from
// the renderer, media by link or uploaded first (config.mediaDelivery, and always for data: URLs).
// A file Parley stores goes by link as its signed public link (Meta fetches it), or, in upload mode,
// is read from the data directory and uploaded — a template's header file too (template-media.ts).
// A template whose approved header needs a file the message does not give is refused before any
// request (template-header.ts).
// Parley's message id rides along as `biz_opaque_callback_data`, so status webhooks name it.
import { readFile } from 'node:fs/promises';
import { SendError, type ChannelContext, type ConnectorDeps, type OutboundMessage, type SendResult } from '../connector';
import { graphRequest } from '../shared/meta/graph-request';
import { metaOutbound } from '../shared/meta/outbound-content';
import { storedMediaFile, withPublicMediaLinks } from '../shared/public-media';
import type { WhatsAppConfig } from './config';
import { MEDIA_MESSAGE_TYPES, uploadWhatsAppFile, uploadWhatsAppMedia, type MediaMessageType } from './media-upload';
import { renderWhatsApp, type WhatsAppSendBody } from './render';
import { uploadStoredOnce } from './stored-upload-cache';
import { checkTemplateHeader, type TemplateObject } from './template-header';
import { withUploadedHeaderMedia } from './template-media';
import type { WhatsAppSendAnswer } from './wire-format';

/** biz_opaque_callback_data takes at most 512 characters. */
const CALLBACK_DATA_CHARS = 512;

export type WhatsAppOutboundBody = WhatsAppSendBody & { biz_opaque_callback_data?: string };

/** The bodies to POST for one outbound message, in order (media still by link). */
export function whatsappSendBodies(message: OutboundMessage): WhatsAppOutboundBody[] {
  const { message: content } = metaOutbound(message);
  if (!content) return [];
  const { payloads } = renderWhatsApp(content, { recipientId: message.recipient.externalId, threadId: message.threadId, locale: message.locale });
  return payloads.map((p) => (message.id.length <= CALLBACK_DATA_CHARS ? { ...p, biz_opaque_callback_data: message.id } : p));
}

const isMedia = (body: WhatsAppOutboundBody): body is WhatsAppOutboundBody & { type: MediaMessageType } =>
  (MEDIA_MESSAGE_TYPES as readonly string[]).includes(body.type);

/** A stored file's bytes from the data directory (upload mode). */
async function readStored(message: OutboundMessage, link: string) {
  const file = storedMediaFile(message, link);
  if (!file) return undefined;
  try {
    return { bytes: new Blob([await readFile(file.path)], { type: file.mime }), mime: file.mime, filename: file.name };
  } catch (err) {
    throw new SendError(`The file ${file.name} is no longer stored: ${(err as Error).message}`, false);
  }
}

/** Files go by upload when the channel uploads, and always from a data: URL (Meta cannot fetch one). */
const uploads = (config: WhatsAppConfig) => (link: string) => config.mediaDelivery === 'upload' || link.startsWith('data:');

/**
 * Uploads the file behind a link: a stored one read from the data directory (once per number and
 * file, stored-upload-cache.ts), any other fetched. The media id.
 */
async function uploadLink(link: string, type: MediaMessageType, message: OutboundMessage, config: WhatsAppConfig, deps: ConnectorDeps, filename?: string): Promise<string> {
  const file = storedMediaFile(message, link);
  if (!file) return uploadWhatsAppMedia(link, type, config, deps, filename);
  const name = filename ?? file.name;
  const key = [config.graphApiBaseUrl, config.phoneNumberId, file.path, name, type].join('\n');
  return uploadStoredOnce(key, deps.now(), async () => uploadWhatsAppFile((await readStored(message, link))!, type, config, deps, name));
}

/** Replaces a media link (a media message's, a template header's, an interactive header's) by an uploaded media id when it is uploaded. */
async function withMedia(body: WhatsAppOutboundBody, message: OutboundMessage, config: WhatsAppConfig, deps: ConnectorDeps): Promise<WhatsAppOutboundBody> {
  if (body.type === 'template') {
    const template = await withUploadedHeaderMedia(body.template as TemplateObject, {
      uploads: uploads(config),
      stored: (link) => storedMediaFile(message, link),
      upload: (link, type, filename) => uploadLink(link, type, message, config, deps, filename),
    });
    return { ...body, template } as WhatsAppOutboundBody;
  }
  if (body.type === 'interactive' && body.interactive.header?.type === 'image') {
    // A card's image over its buttons: Meta takes `id` or `link` in an interactive media header too.
    const { link } = body.interactive.header.image;
    if (!uploads(config)(link)) return body;
    const id = await uploadLink(link, 'image', message, config, deps);
    return { ...body, interactive: { ...body.interactive, header: { type: 'image', image: { id } } } } as unknown as WhatsAppOutboundBody;
  }
  if (!isMedia(body)) return body;
  const media = (body as unknown as Record<MediaMessageType, { link?: string; filename?: string } & Record<string, unknown>>)[body.type];
  if (!media?.link || !uploads(config)(media.link)) return body;
  const { link, ...rest } = media;
  const id = await uploadLink(link, body.type, message, config, deps, media.filename);
  return { ...body, [body.type]: { id, ...rest } } as WhatsAppOutboundBody;
}

/**
 * Why the message's templates cannot be sent as they are (an approved media header with no file),
 * or undefined: the check a send makes first, for callers that refuse before queueing (an agent's
 * outreach from a case).
 */
export async function whatsappTemplateProblem(content: OutboundMessage['content'], config: WhatsAppConfig, deps: ConnectorDeps): Promise<string | undefined> {
  const bodies = whatsappSendBodies({ id: '', caseId: '', threadId: '', recipient: { externalId: '' }, content, text: '', attachments: [] });
  try {
    for (const body of bodies) if (body.type === 'template') await checkTemplateHeader(body.template as TemplateObject, config, deps);
  } catch (err) {
    if (err instanceof SendError) return err.message;
    throw err;
  }
  return undefined;
}

export async function sendWhatsAppMessage(message: OutboundMessage, channel: ChannelContext<WhatsAppConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const { config } = channel;
  // Link mode: Meta fetches each file, so a stored one goes as its public link; upload mode reads it here.
  const bodies = whatsappSendBodies(config.mediaDelivery === 'upload' ? message : withPublicMediaLinks(message, 'WhatsApp'));
  if (bodies.length === 0) throw new SendError('The message has no text or file to send on WhatsApp.', false);
  // Before anything goes out: a template whose approved header needs a file the message does not give.
  for (const body of bodies) if (body.type === 'template') await checkTemplateHeader(body.template as TemplateObject, config, deps);
  let last: string | undefined;
  for (const [i, rendered] of bodies.entries()) {
    const body = await withMedia(rendered, message, config, deps);
    const answer = await graphRequest<WhatsAppSendAnswer>(config, deps, {
      method: 'POST', path: `${config.phoneNumberId}/messages`, token: config.accessToken, json: body,
      what: bodies.length > 1 ? `send part ${i + 1} of ${bodies.length} of the WhatsApp message` : 'send the WhatsApp message',
    });
    last = answer.messages?.[0]?.id ?? last;
  }
  return { providerMessageId: last ?? message.id };
}
