// A LIKE pattern matching `text` anywhere, with LIKE's wildcards in it taken literally.
// Use with `ESCAPE '\'`.
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
