// Teams answers (channels.md §20a): an Adaptive Card Action.Submit arrives as a message activity
// with `value` — Parley's own cards carry the option token under parleyOption or the chosen
// Input.ChoiceSet value(s) under parleyChoice; an author's card carries its action `data`, matched
// to the card action it came from. suggestedActions (imBack) and typing arrive as `text`.
import { fallbackOptions } from '../../model/content/fallback';
import type { ContentMessage } from '../../model/content/model';
import type { AnswerPostback } from '../render';
import { answerParser, isRecord, str } from '../shared/answer/answer-parser';
import { resolveAnswer } from '../shared/answer/resolve-answer';
import { CHOICE_KEY, OPTION_KEY } from './render';

const parseParleyShapes = answerParser('teams', (raw) => {
  if (isRecord(raw.value)) {
    const token = str(raw.value[OPTION_KEY]) ?? str(raw.value[CHOICE_KEY])?.split(',')[0];
    return token !== undefined ? { tap: token } : null;
  }
  const text = str(raw.text);
  // Teams wraps @mentions of the bot in <at>…</at>; the answer is the rest.
  return text !== undefined ? { text: text.replace(/<at>[^<]*<\/at>/g, '').trim() } : null;
});

export function parseTeamsAnswer(inbound: unknown, sent: ContentMessage): AnswerPostback | null {
  const parsed = parseParleyShapes(inbound, sent);
  if (parsed || !isRecord(inbound)) return parsed;
  // An author's Adaptive Card: the submitted value contains the action's data (plus any inputs). A
  // normalized postback (connectors/teams/parse.ts) carries the activity as `raw`.
  const value = isRecord(inbound.value) ? inbound.value : isRecord(inbound.raw) && isRecord(inbound.raw.value) ? inbound.raw.value : undefined;
  if (!value) return null;
  const matches = fallbackOptions(sent).filter((o) => {
    if (o.kind !== 'cardAction') return false;
    const data: unknown = JSON.parse(o.payload);
    return isRecord(data) && Object.keys(data).length > 0 && Object.entries(data).every(([k, v]) => JSON.stringify(value[k]) === JSON.stringify(v));
  });
  return matches.length === 1 ? resolveAnswer('teams', inbound, { tap: matches[0].id }, sent) : null;
}
