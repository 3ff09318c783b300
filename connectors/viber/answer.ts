// Viber answers (channels.md §19c): a keyboard or rich_media reply button sends its ActionBody — the
// option token Parley rendered — as the text of a message event; anything else typed is a typed answer.
import { fallbackOptions } from '../../model/content/fallback';
import type { ContentMessage } from '../../model/content/model';
import type { AnswerPostback } from '../render';
import { dig, isRecord, str } from '../shared/answer/answer-parser';
import { resolveAnswer } from '../shared/answer/resolve-answer';
import { answerParser } from '../shared/answer/answer-parser';

const parseTyped = answerParser('viber', (raw) => {
  if (raw.event !== undefined && raw.event !== 'message') return null;
  if (dig(raw, 'message', 'type') !== 'text') return null;
  const text = str(dig(raw, 'message', 'text'));
  return text !== undefined ? { text } : null;
});

export function parseViberAnswer(inbound: unknown, sent: ContentMessage): AnswerPostback | null {
  // An ActionBody is an option id or "#<n>": only those exact texts are taps. The text is read from
  // Viber's raw callback or from the normalized message event the connector makes of it.
  const text = !isRecord(inbound) ? undefined
    : inbound.event === 'message' ? str(dig(inbound, 'message', 'text'))
    : inbound.kind === 'message' ? str(inbound.text) : undefined;
  if (text !== undefined && (/^#\d+$/.test(text) || fallbackOptions(sent).some((o) => o.id === text))) {
    return resolveAnswer('viber', inbound, { tap: text }, sent);
  }
  return parseTyped(inbound, sent);
}
