// Messenger answers: `postback.payload` (button templates) and `message.quick_reply.payload` carry
// the option token Parley rendered; plain `message.text` is a typed answer (channels.md §6c).
import { answerParser } from '../shared/answer/answer-parser';
import { readMessagingEvent } from '../shared/meta/messaging-answer';

export const parseMessengerAnswer = answerParser('messenger', readMessagingEvent);
