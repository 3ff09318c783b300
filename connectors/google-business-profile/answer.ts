// Google Business Profile answers: a review's `comment` (channels.md §14c) is typed text.
import { answerParser, str } from '../shared/answer/answer-parser';

export const parseGoogleBusinessProfileAnswer = answerParser('google-business-profile', (raw) => {
  const text = str(raw.comment);
  return text !== undefined ? { text } : null;
});
