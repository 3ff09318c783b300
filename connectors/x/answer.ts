// X post answers: an Account Activity `tweet_create_events[]` post (channels.md §9c) is typed text.
import { answerParser, dig, str } from '../shared/answer/answer-parser';

export const parseXAnswer = answerParser('x', (raw) => {
  const tweet = dig(raw, 'tweet_create_events', 0) ?? raw;
  const text = str(dig(tweet, 'extended_tweet', 'full_text')) ?? str(dig(tweet, 'text'));
  return text !== undefined ? { text: stripMentions(text) } : null;
});

/** Replies start with the @handles they answer; the answer is what follows. */
function stripMentions(text: string): string {
  return text.replace(/^(?:@\w+\s+)+/, '');
}
