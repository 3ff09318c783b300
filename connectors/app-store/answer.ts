// App Store answers: a customer review's `attributes.body` (channels.md §15c) is typed text.
import { answerParser, dig, str } from '../shared/answer/answer-parser';

export const parseAppStoreAnswer = answerParser('app-store', (raw) => {
  const text = str(dig(raw, 'attributes', 'body')) ?? str(dig(raw, 'data', 'attributes', 'body'));
  return text !== undefined ? { text } : null;
});
