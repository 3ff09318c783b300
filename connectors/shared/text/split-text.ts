// Splitting a long text into several messages that each fit a provider's limit, preferring to break
// between paragraphs, then lines, then sentences, then words; a single over-long word is cut.

const BREAKS: RegExp[] = [/\n{2,}/g, /\n/g, /(?<=[.!?。！？])\s+/g, /\s+/g];

/** Splits `text` into parts with `measure(part) <= max` each; joining them loses only the whitespace at the cuts. */
export function splitText(text: string, max: number, measure: (s: string) => number = (s) => s.length): string[] {
  if (max <= 0) throw new RangeError('max must be positive');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    if (measure(rest) <= max) {
      parts.push(rest);
      break;
    }
    const cut = bestCut(rest, max, measure);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return parts.length > 0 ? parts : [''];
}

/** The end of the longest prefix that fits, at the coarsest break available. */
function bestCut(text: string, max: number, measure: (s: string) => number): number {
  for (const pattern of BREAKS) {
    // Break candidates: [where the prefix ends, where the rest starts].
    const candidates = [...text.matchAll(pattern)]
      .filter((m) => m.index > 0)
      .map((m) => [m.index, m.index + m[0].length] as const);
    const fits = (i: number) => measure(text.slice(0, candidates[i][0]).trimEnd()) <= max;
    const last = lastTrue(candidates.length, fits);
    if (last >= 0) return candidates[last][1];
  }
  return hardCut(text, max, measure);
}

/** No break fits: cut after the last code point that fits (at least one, so splitting always advances). */
function hardCut(text: string, max: number, measure: (s: string) => number): number {
  const ends: number[] = [];
  let at = 0;
  for (const char of text) ends.push((at += char.length));
  const last = lastTrue(ends.length, (i) => measure(text.slice(0, ends[i])) <= max);
  return last >= 0 ? ends[last] : ends[0];
}

/** Binary search over a monotone predicate (true…true false…false): the last index where it holds, or -1. */
function lastTrue(length: number, predicate: (i: number) => boolean): number {
  let low = 0;
  let high = length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (predicate(mid)) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}
