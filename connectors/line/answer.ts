// LINE answers (channels.md §16c): a postback event's `postback.data` is the option token (quick
// replies, template buttons, Flex item boxes); a text message event is typed.
import { answerParser, dig, isRecord, str } from '../shared/answer/answer-parser';

export const parseLineAnswer = answerParser('line', (raw) => {
  // Accept the whole webhook body too: its first event.
  const nested = dig(raw, 'events', 0);
  const event = isRecord(nested) ? nested : raw;
  const data = str(dig(event, 'postback', 'data'));
  if (data !== undefined) return { tap: data };
  if (dig(event, 'message', 'type') !== 'text') return null;
  const text = str(dig(event, 'message', 'text'));
  return text !== undefined ? { text } : null;
});
