// Turns a verified Viber callback into normalized inbound events: a message (text; picture, video
// and file as attachments by Viber's media URL; location, contact and URL as text), and the delivered
// / seen / failed receipts of messages Parley sent. A keyboard tap arrives as a text message whose
// text is the button's ActionBody (the option token; the answer parser recognises it). The `webhook`
// check Viber sends during set_webhook, subscribed / unsubscribed / conversation_started, stickers…
// are skipped.
import { zodIssues } from '../../engine/validation';
import { PayloadError } from '../byoc/payload-error';
import type { ChannelContext, InboundAttachment, InboundEvent, RawRequest } from '../connector';
import type { ViberConfig } from './config';
import { messageTokenOf, viberCallbackSchema, type ViberCallback, type ViberMessage } from './wire-format';

/** Viber's own de-duplication key: a redelivered callback keeps its message_token. */
export const viberEventId = (event: string, token: string) => (event === 'message' ? `viber:${token}` : `viber:${event}:${token}`);

const RECEIPTS = { delivered: 'delivered', seen: 'read', failed: 'failed' } as const;

export function readViberCallback(body: Buffer): { callback: ViberCallback; token?: string } {
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PayloadError('The request body is not valid JSON.', [{ path: '(body)', message: (err as Error).message }]);
  }
  const parsed = viberCallbackSchema.safeParse(json);
  if (!parsed.success) throw new PayloadError('The body is not a Viber callback.', zodIssues(parsed.error));
  return { callback: parsed.data, token: messageTokenOf(text) };
}

const extension = (name: string | undefined) => /\.([A-Za-z0-9]{1,8})$/.exec(name ?? '')?.[1]?.toLowerCase();
const FILE_TYPES: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', txt: 'text/plain', doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zip: 'application/zip', mp4: 'video/mp4' };

function attachmentsOf(message: ViberMessage): InboundAttachment[] {
  const meta = { ...(message.media ? { url: message.media } : {}), ...(message.size !== undefined ? { size: message.size } : {}) };
  switch (message.type) {
    case 'picture': return [{ mime: 'image/jpeg', ...(message.file_name ? { name: message.file_name } : {}), ...meta }];
    case 'video': return [{ mime: 'video/mp4', ...(message.file_name ? { name: message.file_name } : {}), ...meta }];
    case 'file': return [{ mime: FILE_TYPES[extension(message.file_name) ?? ''] ?? 'application/octet-stream', ...(message.file_name ? { name: message.file_name } : {}), ...meta }];
    default: return [];
  }
}

function textOf(message: ViberMessage): string {
  switch (message.type) {
    case 'text':
    case 'picture':
    case 'video':
    case 'file':
      return message.text ?? '';
    case 'url':
      return message.media ?? '';
    case 'location':
      return message.location ? `(${message.location.lat}, ${message.location.lon})` : '';
    case 'contact':
      return [message.contact?.name, message.contact?.phone_number].filter(Boolean).join(' ');
    default:
      return '';
  }
}

export function parseViberRequest(req: RawRequest, _channel?: ChannelContext<ViberConfig>): InboundEvent[] {
  const { callback, token } = readViberCallback(req.body);
  if (token === undefined) return [];

  const receipt = RECEIPTS[callback.event as keyof typeof RECEIPTS];
  if (receipt) {
    return [{
      kind: 'receipt', eventId: viberEventId(callback.event, token), providerMessageId: token, status: receipt,
      ...(callback.desc ? { reason: callback.desc } : {}), occurredAt: callback.timestamp,
    }];
  }
  if (callback.event !== 'message' || !callback.sender || !callback.message) return [];
  const attachments = attachmentsOf(callback.message);
  const text = textOf(callback.message);
  // Stickers and anything new: nothing Parley shows yet.
  if (!text.trim() && attachments.length === 0) return [];
  return [{
    kind: 'message', eventId: viberEventId('message', token), providerMessageId: token,
    // A bot chat is one-to-one: the conversation is the user's.
    threadId: callback.sender.id,
    // sender.language: the user's phone language (ISO 639-1), as Viber reports it.
    sender: { externalId: callback.sender.id, ...(callback.sender.name ? { name: callback.sender.name } : {}), ...(callback.sender.language ? { language: callback.sender.language } : {}) },
    text, attachments, occurredAt: callback.timestamp, raw: callback,
  }];
}
