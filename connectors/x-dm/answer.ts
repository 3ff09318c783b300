// X DM answers (channels.md §9c): an Account Activity `direct_message_events[]` message_create —
// legacy quick-reply `metadata` is a tap, `message_data.text` typed — or a v2 DM event's `text`.
import { answerParser, dig, str } from '../shared/answer/answer-parser';

export const parseXDmAnswer = answerParser('x-dm', (raw) => {
  const event = dig(raw, 'direct_message_events', 0) ?? raw;
  const data = dig(event, 'message_create', 'message_data');
  const metadata = str(dig(data, 'quick_reply_response', 'metadata'));
  if (metadata !== undefined) return { tap: metadata };
  const text = str(dig(data, 'text')) ?? str(dig(event, 'text'));
  return text !== undefined ? { text } : null;
});
