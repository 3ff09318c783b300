// Comparing what a customer typed with an option's title: case, accents, width and spacing ignored.

/** Folds text for comparison: NFKD, combining marks and punctuation dropped, lower case, single spaces. */
export function foldForMatch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\p{P}+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}
