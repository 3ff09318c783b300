// Comparing what a customer typed with an option's title: case, accents, width and spacing ignored.

/** Folds text for comparison: NFKD, combining marks dropped, lower case, single spaces, edge punctuation gone. */
export function foldForMatch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .trim();
}
