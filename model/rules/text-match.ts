// Text comparisons in conditions, the way an admin expects them: "reembolso" finds "Reembolsó"
// (case and accents ignored by default), and `contains` looks for whole words ("card" does not
// match "discard") unless the predicate asks for any substring.

export interface TextOptions {
  /** Default true. */
  ignoreCase?: boolean;
  /** Default true: é, è, ê compare as e. */
  ignoreAccents?: boolean;
}

export interface ContainsOptions extends TextOptions {
  /** `words` (default): the value must appear as whole words; `substring`: anywhere. */
  match?: 'words' | 'substring';
}

const COMBINING_MARKS = /\p{M}+/gu;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const SPACES = /\s+/g;

/** Removes accents: NFD splits é into e + a combining mark, which is dropped. */
export const stripAccents = (text: string): string => text.normalize('NFD').replace(COMBINING_MARKS, '');

// Every candidate rule of an event normalises the same message text and mostly the same values:
// remember recent results (bounded; results never depend on the cache). The last text per option
// set is checked first: the candidates of one event ask for it over and over, and comparing it
// costs less than building and hashing a cache key that holds the whole text.
const NORMALIZED = new Map<string, string>();
const NORMALIZED_MAX = 512;
const lastText: (string | undefined)[] = [undefined, undefined, undefined, undefined];
const lastNormalized: string[] = ['', '', '', ''];

/** The form both sides of a comparison are brought to (whitespace runs become one space). */
export function normalizeText(text: string, opts: TextOptions = {}): string {
  const accents = opts.ignoreAccents === false ? 0 : 1;
  const cased = opts.ignoreCase === false ? 0 : 1;
  const slot = accents * 2 + cased;
  if (lastText[slot] === text) return lastNormalized[slot];
  const key = `${accents}${cased}${text}`;
  let out = NORMALIZED.get(key);
  if (out === undefined) {
    out = normalizeUncached(text, opts);
    if (text.length <= 4096) {
      if (NORMALIZED.size >= NORMALIZED_MAX) NORMALIZED.clear();
      NORMALIZED.set(key, out);
    }
  }
  lastText[slot] = text;
  lastNormalized[slot] = out;
  return out;
}

function normalizeUncached(text: string, opts: TextOptions): string {
  let out = opts.ignoreAccents === false ? text.normalize('NFC') : stripAccents(text);
  if (opts.ignoreCase !== false) out = out.toLowerCase();
  return out.replace(SPACES, ' ').trim();
}

export function textEquals(a: string, b: string, opts: TextOptions = {}): boolean {
  return normalizeText(a, opts) === normalizeText(b, opts);
}

export function textStartsWith(text: string, prefix: string, opts: TextOptions = {}): boolean {
  const p = normalizeText(prefix, opts);
  return p.length > 0 && normalizeText(text, opts).startsWith(p);
}

/** Letters, digits and _ (any script); ASCII is decided without the Unicode regex. */
function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
  return WORD_CHAR.test(ch);
}

/**
 * Whether `needle` occurs in already-normalised `haystack`. In `words` mode a match must not be
 * glued to letters or digits on either side (where the needle itself starts or ends with one), so
 * a multi-word phrase matches as a phrase on word boundaries.
 */
function containsNormalized(haystack: string, needle: string, words: boolean): boolean {
  if (needle.length === 0) return false;
  if (!words) return haystack.includes(needle);
  const checkBefore = isWordChar(needle[0]);
  const checkAfter = isWordChar(needle[needle.length - 1]);
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = at > 0 ? haystack[at - 1] : undefined;
    const after = haystack[at + needle.length];
    if ((!checkBefore || !isWordChar(before)) && (!checkAfter || !isWordChar(after))) return true;
  }
  return false;
}

/** Whether already-normalised `haystack` contains any of the already-normalised needles (see textContains). */
export function containsAnyNormalized(haystack: string, needles: readonly string[], match: ContainsOptions['match']): boolean {
  const words = match !== 'substring';
  for (let i = 0; i < needles.length; i++) if (containsNormalized(haystack, needles[i], words)) return true;
  return false;
}

/** Whether the text contains the value, or any of the values when given a list. */
export function textContains(text: string, value: string | readonly string[], opts: ContainsOptions = {}): boolean {
  const haystack = normalizeText(text, opts);
  const words = opts.match !== 'substring';
  const values = typeof value === 'string' ? [value] : value;
  return values.some((v) => containsNormalized(haystack, normalizeText(v, opts), words));
}
