// Sends one WhatsApp message: `POST /{version}/{phone-number-id}/messages` with the access token
// (channels.md §8d) — text, interactive reply buttons / lists / CTA URL messages and templates from
// the renderer, media by link or uploaded first (config.mediaDelivery, and always for data: URLs).
// A file Parley stores goes by link as its signed public link (Meta fetches it), or, in upload mode,
// is read from the data directory and uploaded.
// Parley's message id rides along as `biz_opaque_callback_data`, so status webhooks name it.
import { readFile } from 'node:fs/promises';
import { SendError, type ChannelContext, type ConnectorDeps, type OutboundMessage, type SendResult } from '../connector';
import { graphRequest } from '../shared/meta/graph-request';
import { metaOutbound } from '../shared/meta/outbound-content';
import { storedMediaFile, withPublicMediaLinks } from '../shared/public-media';
import type { WhatsAppConfig } from './config';
import { MEDIA_MESSAGE_TYPES, uploadWhatsAppFile, uploadWhatsAppMedia, type MediaMessageType } from './media-upload';
import { renderWhatsApp, type WhatsAppSendBody } from './render';
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

/** Replaces a media link by an uploaded media id when the channel uploads, or the link is a data: URL. */
async function withMedia(body: WhatsAppOutboundBody, message: OutboundMessage, config: WhatsAppConfig, deps: ConnectorDeps): Promise<WhatsAppOutboundBody> {
  if (!isMedia(body)) return body;
  const media = (body as unknown as Record<MediaMessageType, { link?: string; filename?: string } & Record<string, unknown>>)[body.type];
  if (!media?.link || (config.mediaDelivery !== 'upload' && !media.link.startsWith('data:'))) return body;
  const { link, ...rest } = media;
  const stored = await readStored(message, link);
  const id = stored
    ? await uploadWhatsAppFile(stored, body.type, config, deps, media.filename ?? stored.filename)
    : await uploadWhatsAppMedia(link, body.type, config, deps, media.filename);
  return { ...body, [body.type]: { id, ...rest } } as WhatsAppOutboundBody;
}

export async function sendWhatsAppMessage(message: OutboundMessage, channel: ChannelContext<WhatsAppConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const { config } = channel;
  // Link mode: Meta fetches each file, so a stored one goes as its public link; upload mode reads it here.
  const bodies = whatsappSendBodies(config.mediaDelivery === 'upload' ? message : withPublicMediaLinks(message, 'WhatsApp'));
  if (bodies.length === 0) throw new SendError('The message has no text or file to send on WhatsApp.', false);
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
