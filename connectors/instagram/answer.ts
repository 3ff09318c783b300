// Instagram comment answers: a `comments` change's `value.text` (channels.md §7c) is typed text.
import { answerParser, dig, str } from '../shared/answer/answer-parser';

export const parseInstagramAnswer = answerParser('instagram', (raw) => {
  const text = str(dig(raw, 'entry', 0, 'changes', 0, 'value', 'text')) ?? str(dig(raw, 'value', 'text')) ?? str(raw.text);
  return text !== undefined ? { text } : null;
});
