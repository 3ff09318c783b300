// Apple Messages for Business answers (channels.md §18c): an `interactive` message carries the
// chosen identifier — `quick-reply.selectedIdentifier`, the selected list-picker items, or the
// chosen time slot — which are the option tokens Parley rendered; a `text` message's body is typed.
import { answerParser, dig, isRecord, str } from '../shared/answer/answer-parser';

export const parseAppleMessagesAnswer = answerParser('apple-messages', (raw) => {
  if (raw.type === 'interactive') {
    const data = dig(raw, 'interactiveData', 'data');
    const quick = str(dig(data, 'quick-reply', 'selectedIdentifier'));
    if (quick !== undefined) return { tap: quick };
    const sections = dig(data, 'listPicker', 'sections');
    if (Array.isArray(sections)) {
      // A multiple-selection reply lists every chosen item; the first is the answer.
      for (const section of sections) {
        const item = dig(section, 'items', 0);
        const id = isRecord(item) ? str(item.identifier) : undefined;
        if (id !== undefined) return { tap: id };
      }
    }
    const slot = str(dig(data, 'event', 'timeslots', 0, 'identifier'));
    return slot !== undefined ? { tap: slot } : null;
  }
  const body = str(raw.body);
  return raw.type === 'text' && body !== undefined ? { text: body } : null;
});
