// BYOC answers: the middleware's events (connectors/byoc/wire-format.ts) — a `postback` event's
// payload is a tap, a `message` event's text is typed.
import { answerParser, str } from '../shared/answer/answer-parser';

export const parseByocAnswer = answerParser('byoc', (raw) => {
  if (raw.type === 'postback') {
    const payload = str(raw.payload);
    return payload !== undefined ? { tap: payload } : null;
  }
  const text = str(raw.text);
  return raw.type === 'message' && text !== undefined ? { text } : null;
});
