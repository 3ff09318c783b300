// Parsing a Messenger Platform webhook (Messenger and Instagram Direct): messages, quick-reply taps
// and postbacks become Parley events; delivery and read receipts update sent messages; echoes of
// the business's own messages, reactions, referrals, handovers and other kinds are skipped.
import { zodIssues } from '../../../engine/validation';
import type { InboundAttachment, InboundEvent } from '../../connector';
import { guessMime } from './media-mime';
import { readMessagingEvent } from './messaging-answer';
import { messagingEventSchema, messagingWebhookSchema, type MessagingAttachment, type MessagingEvent } from './messaging-wire-format';
import { MetaPayloadError, readJsonBody } from './payload-error';

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'file']);
const HANDLED_KINDS = ['message', 'postback', 'delivery', 'read'] as const;

/** De-duplication keys: Meta's message id (`mid`) for messages; one per message and status for receipts. */
export const messagingMessageEventId = (mid: string) => mid;
export const messagingReceiptEventId = (mid: string, status: 'delivered' | 'read') => `receipt:${mid}:${status}`;

function toAttachment(attachment: MessagingAttachment): InboundAttachment | null {
  const url = attachment.payload?.url;
  if (!url) return null; // stickers without a URL, locations, templates: nothing to link to
  if (MEDIA_TYPES.has(attachment.type)) return { url, mime: guessMime(url, attachment.type) };
  // Shares, story mentions, reels, link fallbacks: a link the agent can open.
  return { url, mime: 'text/uri-list', name: attachment.payload?.title ?? attachment.type };
}

function toEvents(event: MessagingEvent): InboundEvent[] {
  const sender = { externalId: event.sender.id };
  const base = { threadId: event.sender.id, sender, occurredAt: event.timestamp };
  if (event.message) {
    const message = event.message;
    if (message.is_echo || message.is_deleted || message.is_unsupported) return [];
    const signal = readMessagingEvent(event as Record<string, unknown>);
    if (signal?.tap !== undefined) {
      // A quick-reply tap: the payload is the option token Parley rendered, the text what was shown.
      return [{ kind: 'postback', eventId: messagingMessageEventId(message.mid), providerMessageId: message.mid, ...base, payload: signal.tap, text: message.text ?? signal.tap, raw: event }];
    }
    const attachments = (message.attachments ?? []).map(toAttachment).filter((a): a is InboundAttachment => a !== null);
    const text = message.text ?? '';
    if (!text.trim() && attachments.length === 0) return [];
    return [{ kind: 'message', eventId: messagingMessageEventId(message.mid), providerMessageId: message.mid, ...base, text, attachments, raw: event }];
  }
  if (event.postback) {
    const { postback } = event;
    // Postbacks from the persistent menu or ice breakers may come without a mid: key on what Meta sent.
    const mid = postback.mid ?? `postback:${event.sender.id}:${event.timestamp}:${postback.payload}`;
    return [{ kind: 'postback', eventId: messagingMessageEventId(mid), providerMessageId: mid, ...base, payload: postback.payload, text: postback.title ?? postback.payload, raw: event }];
  }
  if (event.delivery) {
    return (event.delivery.mids ?? []).map((mid) => ({
      kind: 'receipt' as const, eventId: messagingReceiptEventId(mid, 'delivered'), providerMessageId: mid, status: 'delivered' as const, occurredAt: event.timestamp,
    }));
  }
  if (event.read?.mid) {
    return [{ kind: 'receipt', eventId: messagingReceiptEventId(event.read.mid, 'read'), providerMessageId: event.read.mid, status: 'read', occurredAt: event.timestamp }];
  }
  // A read with only a watermark names no message: nothing Parley can mark.
  return [];
}

/**
 * `ownerId` is the channel's Page or Instagram account id: one Meta app delivers the webhooks of every
 * Page/account it is subscribed to, so entries addressed to another one are not this channel's.
 */
export function parseMessagingWebhook(body: Buffer, object: 'page' | 'instagram', product: string, ownerId?: string): InboundEvent[] {
  const json = readJsonBody(body);
  const envelope = messagingWebhookSchema(object).safeParse(json);
  if (!envelope.success) throw new MetaPayloadError(`The request body is not a ${product} webhook.`, zodIssues(envelope.error));
  const events: InboundEvent[] = [];
  envelope.data.entry.forEach((entry, e) => {
    if (ownerId && entry.id && entry.id !== ownerId) return;
    (entry.messaging ?? []).forEach((raw, m) => {
      const kind = typeof raw === 'object' && raw !== null ? HANDLED_KINDS.find((k) => k in raw) : undefined;
      if (!kind) return; // reactions, referrals, optins, handovers, …: not Parley's business
      const parsed = messagingEventSchema.safeParse(raw);
      if (!parsed.success) throw new MetaPayloadError(`A ${product} ${kind} event is not valid.`, zodIssues(parsed.error, `entry.${e}.messaging.${m}`));
      events.push(...toEvents(parsed.data));
    });
  });
  return events;
}
