// YouTube answers: a comment thread's top-level comment or a reply comment (channels.md §11c) —
// `textOriginal` is typed text.
import { answerParser, dig, str } from '../shared/answer/answer-parser';

export const parseYouTubeAnswer = answerParser('youtube', (raw) => {
  const text = str(dig(raw, 'snippet', 'topLevelComment', 'snippet', 'textOriginal')) ?? str(dig(raw, 'snippet', 'textOriginal'));
  return text !== undefined ? { text } : null;
});
