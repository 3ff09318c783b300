// Turning what a channel handed back — a tapped option's token, or typed text — into the option of
// the sent message it picks. Tokens are option ids, "#<n>" (the option's fallback number, used where
// a provider's field is too short for the id), or the option's own payload.
import { fallbackOptions, type FallbackOption } from '../../../model/content/fallback';
import type { ContentMessage } from '../../../model/content/model';
import type { AnswerContext, AnswerPostback } from '../../render';
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

export function resolveAnswer(channel: string, raw: unknown, signal: AnswerSignal, sent: ContentMessage, context: AnswerContext = {}): AnswerPostback | null {
  const options = fallbackOptions(sent);
  const option =
    signal.tap !== undefined
      ? optionForTap(signal.tap, options)
      : signal.text !== undefined
        ? optionForText(signal.text, options, context.locales?.length ? shownTitles(sent, context.locales) : undefined)
        : undefined;
  return option ? { optionId: option.id, payload: option.payload, channel, raw } : null;
}

/**
 * Every title each option was shown with, by option number: as rendered in each of `locales` (the
 * language the fallback was sent in: time slots are dates written in it, "mar, 4 mar 2025, 10:00–10:30")
 * and in English, which Parley renders without a locale. The numbering is the same in every locale.
 */
export function shownTitles(sent: ContentMessage, locales: readonly string[] = []): Map<number, string[]> {
  const titles = new Map<number, string[]>();
  for (const locale of [undefined, ...new Set(locales)]) {
    for (const option of fallbackOptions(sent, locale ? { locale } : {})) {
      const known = titles.get(option.index) ?? [];
      if (!known.includes(option.title)) known.push(option.title);
      titles.set(option.index, known);
    }
  }
  return titles;
}

export function optionForTap(token: string, options: FallbackOption[]): FallbackOption | undefined {
  const byId = options.find((o) => o.id === token);
  if (byId) return byId;
  const index = /^#(\d+)$/.exec(token);
  if (index) return options.find((o) => o.index === Number(index[1]));
  return unique(options.filter((o) => o.payload === token));
}

/**
 * The option a typed answer picks: its number, its title, or a copied "2. Title" line. `titles` (from
 * shownTitles) adds the titles the options were shown with in the customer's language; without it
 * only the options' own (English) titles match.
 */
export function optionForText(text: string, options: FallbackOption[], titles?: Map<number, string[]>): FallbackOption | undefined {
  // Email replies and some clients add quoted history below the answer: only the first line counts.
  const firstLine = text.split(/\r?\n/).find((line) => line.trim().length > 0) ?? '';
  const number = parseTypedNumber(firstLine);
  if (number !== null) return options.find((o) => o.index === number);
  const folded = foldForMatch(firstLine);
  if (!folded) return undefined;
  const foldedTitles = (o: FallbackOption) => (titles?.get(o.index) ?? [o.title]).map(foldForMatch);
  const byTitle = unique(options.filter((o) => foldedTitles(o).includes(folded)));
  if (byTitle) return byTitle;
  // A copied fallback line, "2. Medium": the number decides if the rest names that option.
  const copied = /^(\S+?)[.)]\s+(.+)$/u.exec(firstLine.trim());
  if (copied) {
    const n = parseTypedNumber(copied[1]);
    const option = n === null ? undefined : options.find((o) => o.index === n);
    const rest = foldForMatch(copied[2]);
    if (option && foldedTitles(option).some((title) => rest.startsWith(title))) return option;
  }
  return undefined;
}

/** The only element, or undefined when there are none or several (an ambiguous answer picks nothing). */
function unique<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}
