// Instagram Direct answers: the Messenger Platform event shape (channels.md §7c) — postback and
// quick-reply payloads are taps, message text is typed.
import { answerParser } from '../shared/answer/answer-parser';
import { readMessagingEvent } from '../shared/meta/messaging-answer';

export const parseInstagramDirectAnswer = answerParser('instagram-direct', readMessagingEvent);
