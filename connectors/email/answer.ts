// Email answers: a parsed inbound mail (mailparser shape, channels.md §2c). Its `text` is a typed
// answer — only the first non-empty line counts, so quoted history below the reply is ignored.
// Tracked answer links arrive as normalized postbacks.
import { answerParser, str } from '../shared/answer/answer-parser';

export const parseEmailAnswer = answerParser('email', (raw) => {
  const text = str(raw.text);
  return text !== undefined ? { text } : null;
});
