// Google Business Messages answers (historical webhook shape): a `suggestionResponse.postbackData` is
// the option token of a tapped suggestion; `message.text` is typed.
import { answerParser, dig, str } from '../shared/answer/answer-parser';

export const parseGoogleBusinessMessagesAnswer = answerParser('google-business-messages', (raw) => {
  const postback = str(dig(raw, 'suggestionResponse', 'postbackData'));
  if (postback !== undefined) return { tap: postback };
  const text = str(dig(raw, 'message', 'text'));
  return text !== undefined ? { text } : null;
});
