// Telegram answers (channels.md §17c): an inline-keyboard tap arrives as `callback_query.data` (the
// option token); a reply-keyboard tap or a typed answer arrives as `message.text`.
import { answerParser, dig, str } from '../shared/answer/answer-parser';

export const parseTelegramAnswer = answerParser('telegram', (raw) => {
  const data = str(dig(raw, 'callback_query', 'data'));
  if (data !== undefined) return { tap: data };
  const text = str(dig(raw, 'message', 'text'));
  return text !== undefined ? { text } : null;
});
