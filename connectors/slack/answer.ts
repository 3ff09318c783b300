// Slack answers (channels.md §21a/c): an interactivity `block_actions` payload carries the option
// token in `actions[].value` (buttons) or `selected_option(s).value` (selects); a message event's
// text is typed. Messages from bots are never answers.
import { answerParser, dig, isRecord, str } from '../shared/answer/answer-parser';

export const parseSlackAnswer = answerParser('slack', (raw) => {
  if (raw.type === 'block_actions') {
    const action = dig(raw, 'actions', 0);
    const tap = str(dig(action, 'value')) ?? str(dig(action, 'selected_option', 'value')) ?? str(dig(action, 'selected_options', 0, 'value'));
    return tap !== undefined ? { tap } : null;
  }
  const event = isRecord(raw.event) ? raw.event : raw;
  if (event.type !== 'message' || event.bot_id !== undefined || event.subtype === 'bot_message') return null;
  const text = str(event.text);
  return text !== undefined ? { text } : null;
});
