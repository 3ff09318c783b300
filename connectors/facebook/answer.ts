// Facebook Page comment answers: a `feed` change's `value.message` (channels.md §5c) is typed text.
import { answerParser, dig, str } from '../shared/answer/answer-parser';

export const parseFacebookAnswer = answerParser('facebook', (raw) => {
  const text = str(dig(raw, 'entry', 0, 'changes', 0, 'value', 'message')) ?? str(dig(raw, 'value', 'message')) ?? str(raw.message);
  return text !== undefined ? { text } : null;
});
