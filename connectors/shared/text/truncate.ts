// Shortening a string to a provider's limit with a visible ellipsis, never cutting a surrogate pair.

export const ELLIPSIS = '…';

/** Cuts `text` so that `measure(result) <= max`, ending in "…" when anything was cut. */
export function truncate(text: string, max: number, measure: (s: string) => number = (s) => s.length): string {
  if (measure(text) <= max) return text;
  if (max <= 0) return '';
  const chars = Array.from(text);
  // Binary search for the longest prefix that still fits together with the ellipsis.
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS) <= max) low = mid;
    else high = mid - 1;
  }
  const kept = chars.slice(0, low).join('').trimEnd();
  return measure(kept + ELLIPSIS) <= max ? kept + ELLIPSIS : kept;
}

/** Whether `truncate` would change the text: renderers report such cuts as degradation. */
export function exceeds(text: string, max: number, measure: (s: string) => number = (s) => s.length): boolean {
  return measure(text) > max;
}
