// Turning what a channel handed back — a tapped option's token, or typed text — into the option of
// the sent message it picks. Tokens are option ids, "#<n>" (the option's fallback number, used where
// a provider's field is too short for the id), or the option's own payload.
import { fallbackOptions, type FallbackOption } from '../../../model/content/fallback';
import type { ContentMessage } from '../../../model/content/model';
import type { AnswerPostback } from '../../render';
import { foldForMatch } from './match-text';
import { parseTypedNumber } from './typed-number';

export interface AnswerSignal {
  /** A tap: the token the provider echoed (postback payload, button id, callback data, …). */
  tap?: string;
  /** Typed text: a number from the fallback numbering or an option's title. */
  text?: string;
}

/** The token a renderer puts in a provider's callback field for an option. */
export function indexToken(index: number): string {
  return `#${index}`;
}

export function resolveAnswer(channel: string, raw: unknown, signal: AnswerSignal, sent: ContentMessage): AnswerPostback | null {
  const options = fallbackOptions(sent);
  const option =
    signal.tap !== undefined ? optionForTap(signal.tap, options) : signal.text !== undefined ? optionForText(signal.text, options) : undefined;
  return option ? { optionId: option.id, payload: option.payload, channel, raw } : null;
}

export function optionForTap(token: string, options: FallbackOption[]): FallbackOption | undefined {
  const byId = options.find((o) => o.id === token);
  if (byId) return byId;
  const index = /^#(\d+)$/.exec(token);
  if (index) return options.find((o) => o.index === Number(index[1]));
  return unique(options.filter((o) => o.payload === token));
}

export function optionForText(text: string, options: FallbackOption[]): FallbackOption | undefined {
  // Email replies and some clients add quoted history below the answer: only the first line counts.
  const firstLine = text.split(/\r?\n/).find((line) => line.trim().length > 0) ?? '';
  const number = parseTypedNumber(firstLine);
  if (number !== null) return options.find((o) => o.index === number);
  const folded = foldForMatch(firstLine);
  if (!folded) return undefined;
  const byTitle = unique(options.filter((o) => foldForMatch(o.title) === folded));
  if (byTitle) return byTitle;
  // A copied fallback line, "2. Medium": the number decides if the rest names that option.
  const copied = /^(\S+?)[.)]\s+(.+)$/u.exec(firstLine.trim());
  if (copied) {
    const n = parseTypedNumber(copied[1]);
    const option = n === null ? undefined : options.find((o) => o.index === n);
    if (option && foldForMatch(copied[2]).startsWith(foldForMatch(option.title))) return option;
  }
  return undefined;
}

/** The only element, or undefined when there are none or several (an ambiguous answer picks nothing). */
function unique<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}
