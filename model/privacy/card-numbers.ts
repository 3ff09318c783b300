// Payment card numbers in free text: 13–19 digits, optionally grouped with single spaces or
// dashes, that pass the Luhn check. Masked as `•••• •••• •••• 1234` (the last four digits only).

const CANDIDATE = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g;

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export const maskedCard = (digits: string) => `•••• •••• •••• ${digits.slice(-4)}`;

/** The text with every card number masked, and how many were. */
export function maskCardNumbers(text: string): { text: string; masked: number } {
  let masked = 0;
  const out = text.replace(CANDIDATE, (match) => {
    const digits = match.replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) return match;
    masked++;
    return maskedCard(digits);
  });
  return { text: out, masked };
}

/** Masks card numbers in every string of a JSON value (message content: text blocks, answers, payloads). */
export function maskCardNumbersDeep<T>(value: T): { value: T; masked: number } {
  let masked = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = maskCardNumbers(v);
      masked += r.masked;
      return r.text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value) as T, masked };
}
