// WhatsApp answers (channels.md §8c): `interactive.button_reply.id`, `interactive.list_reply.id` and a
// template quick-reply button's `button.payload` are taps; `text.body` is typed.
import { answerParser, dig, isRecord, str, type SignalReader } from '../shared/answer/answer-parser';

/** Reads one Cloud API message (or the whole webhook body: its first message). parse.ts uses it too. */
export const readWhatsAppMessage: SignalReader = (raw) => {
  // Accept the whole webhook body too: its first message.
  const nested = dig(raw, 'entry', 0, 'changes', 0, 'value', 'messages', 0);
  const message = isRecord(nested) ? nested : raw;
  const tap =
    str(dig(message, 'interactive', 'button_reply', 'id')) ??
    str(dig(message, 'interactive', 'list_reply', 'id')) ??
    str(dig(message, 'button', 'payload'));
  if (tap !== undefined) return { tap };
  const text = str(dig(message, 'text', 'body'));
  return text !== undefined ? { text } : null;
};

export const parseWhatsAppAnswer = answerParser('whatsapp', readWhatsAppMessage);
