// LinkedIn answers: a social-action notification's comment text (channels.md §10c) is typed text.
import { answerParser, dig, str } from '../shared/answer/answer-parser';

export const parseLinkedInAnswer = answerParser('linkedin', (raw) => {
  const notification = dig(raw, 'notifications', 0) ?? raw;
  const text = str(dig(notification, 'decoratedGeneratedActivity', 'comment', 'text')) ?? str(dig(notification, 'message', 'text'));
  return text !== undefined ? { text } : null;
});
