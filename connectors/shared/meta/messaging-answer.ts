// Reading a Messenger Platform `messaging[]` event (Messenger and Instagram Direct share the shape,
// channels.md §6c/§7c): a postback's payload or a quick reply's payload is a tap, text is typed.
import { dig, isRecord, str, type SignalReader } from '../answer/answer-parser';

export const readMessagingEvent: SignalReader = (raw) => {
  // Accept the whole webhook body too: its first messaging event.
  const event = isRecord(dig(raw, 'entry', 0, 'messaging', 0)) ? (dig(raw, 'entry', 0, 'messaging', 0) as Record<string, unknown>) : raw;
  const postback = str(dig(event, 'postback', 'payload'));
  if (postback !== undefined) return { tap: postback };
  const quickReply = str(dig(event, 'message', 'quick_reply', 'payload'));
  if (quickReply !== undefined) return { tap: quickReply };
  if (dig(event, 'message', 'is_echo') === true) return null;
  const text = str(dig(event, 'message', 'text'));
  return text !== undefined ? { text } : null;
};
