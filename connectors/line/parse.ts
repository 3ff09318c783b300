// Turns a verified LINE webhook into normalized inbound events: message events (text; image,
// video, audio and file as attachments whose content is fetched later from the content API by the
// message id; a location as text) and postback events (template / Flex / quick-reply taps, date
// pickers). Follow, unfollow, join, stickers, unsend, standby-mode events… are skipped. The console's
// "Verify" button posts an empty `events` array: nothing to do.
import { zodIssues } from '../../engine/validation';
import { PayloadError } from '../byoc/payload-error';
import type { ChannelContext, InboundAttachment, InboundEvent, RawRequest } from '../connector';
import type { LineConfig } from './config';
import { lineWebhookSchema, type LineEvent, type LineWebhook, type LineWebhookMessage } from './wire-format';
import { lineContentRef } from './media-download';

/** LINE's own de-duplication key: a redelivered event keeps its webhookEventId. */
export const lineEventId = (webhookEventId: string) => `line:${webhookEventId}`;

export function readLineWebhook(body: Buffer): LineWebhook {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new PayloadError('The request body is not valid JSON.', [{ path: '(body)', message: (err as Error).message }]);
  }
  const parsed = lineWebhookSchema.safeParse(json);
  if (!parsed.success) throw new PayloadError('The body is not a LINE webhook.', zodIssues(parsed.error));
  return parsed.data;
}

const MEDIA: Record<string, { mime: string; ext: string }> = {
  image: { mime: 'image/jpeg', ext: 'jpg' },
  video: { mime: 'video/mp4', ext: 'mp4' },
  audio: { mime: 'audio/mp4', ext: 'm4a' },
};

function attachmentsOf(message: LineWebhookMessage): InboundAttachment[] {
  const media = MEDIA[message.type];
  // Content LINE hosts is fetched when an agent opens it, with the access token, by message id
  // (media-download.ts: GET https://api-data.line.me/v2/bot/message/{id}/content); content a
  // LINE app partner hosts ("external") has its own URL.
  const url = message.contentProvider?.type === 'external' && message.contentProvider.originalContentUrl
    ? message.contentProvider.originalContentUrl
    : lineContentRef(message.id);
  if (media) return [{ mime: media.mime, name: `${message.type}-${message.id}.${media.ext}`, url }];
  if (message.type === 'file') {
    return [{ mime: 'application/octet-stream', name: message.fileName ?? `file-${message.id}`, url: lineContentRef(message.id), ...(message.fileSize !== undefined ? { size: message.fileSize } : {}) }];
  }
  return [];
}

function textOf(message: LineWebhookMessage): string {
  if (message.type === 'text') return message.text ?? '';
  if (message.type === 'location') {
    const place = [message.title, message.address].filter(Boolean).join(', ');
    return `${place ? `${place} ` : ''}(${message.latitude}, ${message.longitude})`.trim();
  }
  return '';
}

/** The conversation: a group or room when the account is in one, else the one-to-one chat with the user. */
const threadOf = (event: LineEvent) => event.source?.groupId ?? event.source?.roomId ?? event.source?.userId ?? '';

function toInbound(event: LineEvent): InboundEvent | null {
  const userId = event.source?.userId;
  // Standby mode: another module answers this chat; events without a user (rare, in groups) cannot be replied to.
  if (!userId || event.mode === 'standby') return null;
  const common = { eventId: lineEventId(event.webhookEventId), threadId: threadOf(event), sender: { externalId: userId }, occurredAt: event.timestamp, raw: event };

  if (event.type === 'postback' && event.postback) {
    const picked = event.postback.params ? Object.values(event.postback.params).find((v): v is string => typeof v === 'string') : undefined;
    return { kind: 'postback', ...common, providerMessageId: event.webhookEventId, payload: event.postback.data, text: picked ?? event.postback.data };
  }
  if (event.type === 'message' && event.message) {
    const attachments = attachmentsOf(event.message);
    const text = textOf(event.message);
    // Stickers and anything new: nothing Parley shows yet.
    if (!text.trim() && attachments.length === 0) return null;
    return { kind: 'message', ...common, providerMessageId: event.message.id, text, attachments };
  }
  return null;
}

export function parseLineRequest(req: RawRequest, _channel?: ChannelContext<LineConfig>): InboundEvent[] {
  return readLineWebhook(req.body).events.map(toInbound).filter((e): e is InboundEvent => e !== null);
}
