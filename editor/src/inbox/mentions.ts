// @mentions in an internal note: the word being typed after "@" (for the suggestion list), and
// which of the mentioned users are still named in the text when the note is sent.
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([\p{L}\p{N}._-]{0,30})$/u.exec(before);
  return m ? { start: caret - m[2].length - 1, query: m[2] } : null;
}

export function mentionedIds(text: string, picked: { id: string; name: string }[]): string[] {
  return [...new Set(picked.filter((u) => text.includes(`@${u.name}`)).map((u) => u.id))];
}
