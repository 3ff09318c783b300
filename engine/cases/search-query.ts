// Turns what a person types into the inbox search box into an FTS5 query: every word must match,
// the last one as a prefix ("ref" finds "refund"), and nothing the user types is FTS syntax.
export function toFtsQuery(input: string): string | null {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}]+/gu);
  if (!words?.length) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}
