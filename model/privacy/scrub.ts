// What a rule run forgets after a privacy action changed the message it read: the same change the
// store made, applied to the run's own copies (its event, the resolved inputs and outputs of its
// steps), so nothing the run records or sends afterwards quotes the original. Pure: the run-rule
// workflow applies it in memory, and the run recorder applies it to what a run writes.
import { maskCardNumbersDeep } from './card-numbers';

/** The text a deleted message shows, everywhere it was quoted. */
export const REDACTED_TEXT = '[deleted]';

/** Replaces every occurrence of each string in `forget` inside every string of a JSON value. */
export function forgetStrings<T>(value: T, forget: readonly string[]): T {
  const needles = forget.filter((s) => s.length > 0 && s !== REDACTED_TEXT).sort((a, b) => b.length - a.length);
  if (needles.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let out = v;
      for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(REDACTED_TEXT);
      return out;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** A privacy change a run learns about: card numbers masked, or a message's text (and its author's name) deleted. */
export type PrivacyChange =
  | { kind: 'masked' }
  | { kind: 'redacted'; text: string; authorName?: string | null };

/** The change applied to a JSON value the run holds. */
export function scrub<T>(value: T, change: PrivacyChange): T {
  if (change.kind === 'masked') return maskCardNumbersDeep(value).value;
  return forgetStrings(value, [change.text, change.authorName ?? '']);
}
