// How providers count text. Most count "characters" without saying which; UTF-16 code units (JS
// `length`) are never fewer than code points, so measuring in them is the safe reading. Byte limits
// (Telegram callback_data, WeChat) are UTF-8 bytes.

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

// twitter-text v3 weighting: these ranges weigh 1, every other code point 2, every URL 23.
// Source: https://github.com/twitter/twitter-text/blob/master/config/v3.json
const LIGHT_RANGES: [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const URL_WEIGHT = 23;
const URL_PATTERN = /https?:\/\/[^\s]+/g;

/** X's weighted length of a post, rounded up: a long URL counts as its own weight (never less than 23). */
export function xWeightedLength(text: string): number {
  let total = 0;
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    total += codePointWeight(text.slice(last, match.index));
    // X counts any URL as 23; counting long ones at their own weight keeps splitting on the safe side.
    total += Math.max(URL_WEIGHT, codePointWeight(match[0]));
    last = match.index + match[0].length;
  }
  return total + codePointWeight(text.slice(last));
}

function codePointWeight(text: string): number {
  let weight = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    weight += LIGHT_RANGES.some(([from, to]) => code >= from && code <= to) ? 1 : 2;
  }
  return weight;
}
