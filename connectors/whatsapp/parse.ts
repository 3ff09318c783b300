// Turns a verified WhatsApp Cloud API webhook into Parley events: text and media messages, taps on
// reply buttons, list rows and template quick replies, and delivery/read/failed statuses. The wamid
// is the de-duplication key; the sender's WhatsApp profile name names the contact. Reactions,
// system messages, template status updates and other kinds are skipped.
import { zodIssues } from '../../engine/validation';
import type { ChannelContext, InboundAttachment, InboundEvent, RawRequest } from '../connector';
import { MetaPayloadError, readJsonBody } from '../shared/meta/payload-error';
import { readWhatsAppMessage } from './answer';
import type { WhatsAppConfig } from './config';
import { whatsappMediaPath } from './media-download';
import {
  whatsappMessageSchema,
  whatsappStatusSchema,
  whatsappValueSchema,
  whatsappWebhookSchema,
  type WhatsAppInboundMessage,
  type WhatsAppStatus,
} from './wire-format';

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
const FAMILY_MIME: Record<(typeof MEDIA_TYPES)[number], string> = {
  image: 'image/*', video: 'video/*', audio: 'audio/*', document: 'application/octet-stream', sticker: 'image/webp',
};
const RECEIPT_STATUSES = new Set(['delivered', 'read', 'failed']);

/** De-duplication keys: the wamid of a message; one per wamid and status for receipts. */
export const whatsappMessageEventId = (wamid: string) => wamid;
export const whatsappReceiptEventId = (wamid: string, status: string) => `receipt:${wamid}:${status}`;

const millis = (timestamp: string | number) => Number(timestamp) * 1000;

function mediaAttachment(message: WhatsAppInboundMessage, channelId: string | undefined): { attachment: InboundAttachment; caption?: string } | null {
  const type = MEDIA_TYPES.find((t) => t === message.type);
  const media = type ? message[type] : undefined;
  if (!type || !media) return null;
  // The webhook names the media by id; fetching it takes the access token, so agents get it through
  // Parley (GET /api/v1/channels/{id}/media/{media-id}, which asks Meta with the channel's token).
  const url = channelId ? whatsappMediaPath(channelId, media.id) : media.url;
  const name = media.filename ?? `WhatsApp ${type} ${media.id}`;
  return { attachment: { ...(url ? { url } : {}), mime: media.mime_type ?? FAMILY_MIME[type], name }, caption: media.caption };
}

function locationText(message: WhatsAppInboundMessage): string | undefined {
  const l = message.location;
  if (!l) return undefined;
  const place = [l.name, l.address].filter(Boolean).join(', ');
  return `📍 ${place ? `${place} ` : ''}(${l.latitude}, ${l.longitude}) https://maps.google.com/?q=${l.latitude},${l.longitude}`;
}

function messageEvent(message: WhatsAppInboundMessage, names: Map<string, string>, channelId?: string): InboundEvent | null {
  const name = names.get(message.from);
  const base = {
    eventId: whatsappMessageEventId(message.id),
    providerMessageId: message.id,
    threadId: message.from,
    sender: { externalId: message.from, ...(name ? { name } : {}) },
    occurredAt: millis(message.timestamp),
    raw: message,
  };
  const signal = readWhatsAppMessage(message as Record<string, unknown>);
  if (signal?.tap !== undefined) {
    const title = message.interactive?.button_reply?.title ?? message.interactive?.list_reply?.title ?? message.button?.text ?? signal.tap;
    return { kind: 'postback', ...base, payload: signal.tap, text: title };
  }
  if (message.type === 'text' && message.text) return { kind: 'message', ...base, text: message.text.body, attachments: [] };
  const media = mediaAttachment(message, channelId);
  if (media) return { kind: 'message', ...base, text: media.caption ?? '', attachments: [media.attachment] };
  const location = locationText(message);
  if (location) return { kind: 'message', ...base, text: location, attachments: [] };
  return null; // reaction, unsupported, system, order, contacts, Flows replies, …
}

function receiptEvent(status: WhatsAppStatus): InboundEvent | null {
  if (!RECEIPT_STATUSES.has(status.status)) return null; // sent, deleted, warning, …
  const error = status.errors?.[0];
  const reason = error ? [error.title ?? error.message, error.error_data?.details].filter(Boolean).join(': ') + (error.code !== undefined ? ` (code ${error.code})` : '') : undefined;
  return {
    kind: 'receipt',
    eventId: whatsappReceiptEventId(status.id, status.status),
    // Parley's own message id comes back in biz_opaque_callback_data (send.ts puts it there).
    ...(status.biz_opaque_callback_data ? { messageId: status.biz_opaque_callback_data } : {}),
    providerMessageId: status.id,
    status: status.status as 'delivered' | 'read' | 'failed',
    ...(reason ? { reason } : {}),
    occurredAt: millis(status.timestamp),
  };
}

export function parseWhatsAppRequest(req: RawRequest, channel?: ChannelContext<WhatsAppConfig>): InboundEvent[] {
  const envelope = whatsappWebhookSchema.safeParse(readJsonBody(req.body));
  if (!envelope.success) throw new MetaPayloadError('The request body is not a WhatsApp Cloud API webhook.', zodIssues(envelope.error));
  const events: InboundEvent[] = [];
  envelope.data.entry.forEach((entry, e) => {
    (entry.changes ?? []).forEach((change, c) => {
      if (change.field !== 'messages') return; // template status updates, account updates, echoes, …
      const at = `entry.${e}.changes.${c}.value`;
      const value = whatsappValueSchema.safeParse(change.value);
      if (!value.success) throw new MetaPayloadError('A WhatsApp messages change is not valid.', zodIssues(value.error, at));
      // One Meta app delivers every number's webhooks to the same URL: another number's are not this channel's.
      const phoneNumberId = value.data.metadata?.phone_number_id;
      if (channel && phoneNumberId && phoneNumberId !== channel.config.phoneNumberId) return;
      const names = new Map<string, string>();
      for (const contact of value.data.contacts ?? []) if (contact.wa_id && contact.profile?.name) names.set(contact.wa_id, contact.profile.name);
      (value.data.messages ?? []).forEach((raw, m) => {
        const parsed = whatsappMessageSchema.safeParse(raw);
        if (!parsed.success) throw new MetaPayloadError('A WhatsApp message is not valid.', zodIssues(parsed.error, `${at}.messages.${m}`));
        const event = messageEvent(parsed.data, names, channel?.id);
        if (event) events.push(event);
      });
      (value.data.statuses ?? []).forEach((raw, s) => {
        const parsed = whatsappStatusSchema.safeParse(raw);
        if (!parsed.success) throw new MetaPayloadError('A WhatsApp status is not valid.', zodIssues(parsed.error, `${at}.statuses.${s}`));
        const event = receiptEvent(parsed.data);
        if (event) events.push(event);
      });
    });
  });
  return events;
}
