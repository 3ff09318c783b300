// The part of a reply its author wrote: mail clients quote the whole thread under (or above) the
// answer. Agents read the new text; the quoted history is already in the case.

const QUOTE_HEADERS = [
  /^On .{4,200}wrote:\s*$/, // Gmail, Apple Mail (English)
  /^El .{4,200}escribió:\s*$/, // Gmail (Spanish)
  /^Le .{4,200}a écrit\s*:\s*$/, // French
  /^Am .{4,200}schrieb .{0,100}:\s*$/, // German
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i, // Outlook
  /^-{2,}\s*Mensaje original\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above "From: … Sent: …"
  /^From:\s.+$/, // a forwarded/quoted header block (only when followed by Sent:/Date:)
];

/** The text before the quoted history; the whole text when nothing was quoted or nothing is left. */
export function visibleReplyText(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const isHeader = QUOTE_HEADERS.some((re) => re.test(line));
    if (isHeader && (!/^From:/.test(line) || /^(Sent|Date|Enviado):/i.test(lines[i + 1]?.trim() ?? ''))) { cut = i; break; }
    // Gmail wraps long "On … wrote:" lines: the header spans two lines.
    if (/^On .{4,200}$/.test(line) && /wrote:\s*$/.test(lines[i + 1]?.trim() ?? '')) { cut = i; break; }
    if (line.startsWith('>') && lines.slice(i).every((l) => l.trim() === '' || l.trim().startsWith('>'))) { cut = i; break; }
  }
  const visible = lines.slice(0, cut).join('\n').trim();
  return visible === '' ? text.trim() : visible;
}
