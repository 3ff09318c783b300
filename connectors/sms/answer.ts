// SMS answers: Twilio's inbound webhook parameters (channels.md §3c); `Body` is a typed answer.
import { answerParser, str } from '../shared/answer/answer-parser';

export const parseSmsAnswer = answerParser('sms', (raw) => {
  const text = str(raw.Body);
  return text !== undefined ? { text } : null;
});
