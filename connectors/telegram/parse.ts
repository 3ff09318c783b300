// Turns a verified Telegram Update into normalized inbound events: a message (text, photo or
// document, with its caption) or a callback_query (an inline-keyboard tap) as a postback. Updates
// Parley does not handle — edited messages, channel posts, stickers, polls, bots — are skipped.
import { zodIssues } from '../../engine/validation';
import { PayloadError } from '../byoc/payload-error';
import type { ChannelContext, ConnectorDeps, InboundAttachment, InboundEvent, RawRequest } from '../connector';
import type { TelegramConfig } from './config';
import { telegramFileRef } from './media-download';
import { telegramUpdateSchema, type TelegramMessage, type TelegramUpdate, type TelegramUser } from './wire-format';

/** Telegram numbers updates per bot; one channel is one bot, so update_id is the de-duplication key. */
export const telegramEventId = (updateId: number) => `telegram:${updateId}`;

const displayName = (user: TelegramUser) =>
  [user.first_name, user.last_name].filter(Boolean).join(' ') || user.username || undefined;

const sender = (user: TelegramUser) => {
  const name = displayName(user);
  // language_code: the IETF tag of the user's Telegram language, when Telegram knows it.
  return { externalId: String(user.id), ...(name ? { name } : {}), ...(user.language_code ? { language: user.language_code } : {}) };
};

export function readTelegramUpdate(body: Buffer): TelegramUpdate {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new PayloadError('The request body is not valid JSON.', [{ path: '(body)', message: (err as Error).message }]);
  }
  const parsed = telegramUpdateSchema.safeParse(json);
  if (!parsed.success) throw new PayloadError('The body is not a Telegram Update.', zodIssues(parsed.error));
  return parsed.data;
}

function attachmentsOf(message: TelegramMessage): InboundAttachment[] {
  // Files are referenced by file_id; downloading needs getFile with the bot token, so the reference is
  // stored (telegramFileRef), never a URL: Parley fetches the file for agents (media-download.ts).
  if (message.photo?.length) {
    const largest = message.photo[message.photo.length - 1];
    return [{ url: telegramFileRef(largest.file_id), mime: 'image/jpeg', name: `photo-${largest.file_unique_id ?? largest.file_id}.jpg`, ...(largest.file_size !== undefined ? { size: largest.file_size } : {}) }];
  }
  if (message.document) {
    const d = message.document;
    return [{ url: telegramFileRef(d.file_id), mime: d.mime_type ?? 'application/octet-stream', ...(d.file_name ? { name: d.file_name } : {}), ...(d.file_size !== undefined ? { size: d.file_size } : {}) }];
  }
  return [];
}

/** The title of the tapped inline button, read from the keyboard of the message it was attached to. */
function tappedTitle(message: TelegramMessage | undefined, data: string): string | undefined {
  for (const row of message?.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) if (button.callback_data === data) return button.text;
  }
  return undefined;
}

export function parseTelegramRequest(req: RawRequest, _channel?: ChannelContext<TelegramConfig>, deps?: ConnectorDeps): InboundEvent[] {
  const update = readTelegramUpdate(req.body);
  const eventId = telegramEventId(update.update_id);

  const tap = update.callback_query;
  if (tap) {
    if (tap.data === undefined || tap.from.is_bot) return [];
    return [{
      kind: 'postback', eventId, providerMessageId: tap.id,
      threadId: String(tap.message?.chat.id ?? tap.from.id),
      sender: sender(tap.from),
      payload: tap.data,
      text: tappedTitle(tap.message, tap.data) ?? tap.data,
      // A callback query carries no time of its own: it happened when Telegram delivered it.
      occurredAt: deps?.now() ?? (tap.message ? tap.message.date * 1000 : 0),
      raw: update,
    }];
  }

  const message = update.message;
  if (!message || !message.from || message.from.is_bot) return [];
  const attachments = attachmentsOf(message);
  const text = message.text ?? message.caption ?? '';
  // Stickers, locations, polls, service messages (members joining, …): nothing Parley handles yet.
  if (!text.trim() && attachments.length === 0) return [];
  return [{
    kind: 'message', eventId, providerMessageId: String(message.message_id),
    threadId: String(message.chat.id),
    sender: sender(message.from),
    text, attachments,
    occurredAt: message.date * 1000,
    raw: update,
  }];
}
