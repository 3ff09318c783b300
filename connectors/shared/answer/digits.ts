// Reading numbers typed in any script: ASCII, full-width (２), Arabic-Indic (٢), Persian (۲),
// Devanagari (२), Bengali (২), Thai (๒), … — every Unicode decimal digit (General Category Nd).

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * The value of one decimal digit, or -1. Unicode encodes each script's digits as ten consecutive
 * code points from 0 to 9 (a stability guarantee), so the value is the distance from the run's start.
 */
export function digitValue(char: string): number {
  if (!DECIMAL_DIGIT.test(char)) return -1;
  const code = char.codePointAt(0)!;
  let steps = 0;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(code - steps - 1))) steps++;
  return steps % 10;
}

/** The integer spelled by a string of decimal digits (scripts may mix), or null. */
export function parseDigits(text: string): number | null {
  const chars = Array.from(text);
  if (chars.length === 0 || chars.length > 15) return null;
  let value = 0;
  for (const char of chars) {
    const digit = digitValue(char);
    if (digit < 0) return null;
    value = value * 10 + digit;
  }
  return value;
}
