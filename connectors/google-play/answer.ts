// Google Play answers: a review's latest `userComment.text` (channels.md §13c) is typed text.
import { answerParser, dig, isRecord, str } from '../shared/answer/answer-parser';

export const parseGooglePlayAnswer = answerParser('google-play', (raw) => {
  const comments = Array.isArray(raw.comments) ? raw.comments : [];
  const user = [...comments].reverse().find((c) => isRecord(c) && isRecord(c.userComment));
  const text = str(dig(user, 'userComment', 'text'));
  return text !== undefined ? { text } : null;
});
