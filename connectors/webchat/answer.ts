// Web chat answers (channels.md §1c): the widget posts `{type:'message', text, postback?:{payload}}`,
// where a tapped option's postback payload is its id; typed text is resolved like any typed answer.
import { answerParser, dig, str } from '../shared/answer/answer-parser';

export const parseWebchatAnswer = answerParser('webchat', (raw) => {
  const tap = str(dig(raw, 'postback', 'optionId')) ?? str(dig(raw, 'postback', 'payload'));
  if (tap !== undefined) return { tap };
  const text = str(raw.text);
  return text !== undefined ? { text } : null;
});
