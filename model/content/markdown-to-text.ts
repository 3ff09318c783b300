// Markdown (CommonMark subset authors actually use) → readable plain text for channels without rich
// text. Emphasis marks go, links become "text (url)", bullets become "•", code keeps its content.

// Backslash escapes are set aside first so an escaped \* never pairs up as emphasis.
const ESCAPE_OPEN = '\uE000';
const ESCAPE_CLOSE = '\uE001';

function inlineToText(line: string): string {
  const escaped = line.replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, (_, c: string) => `${ESCAPE_OPEN}${c.charCodeAt(0)}${ESCAPE_CLOSE}`);
  return (
    escaped
      // images before links: ![alt](url) → "alt (url)"
      .replace(/!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_, alt: string, url: string) =>
        alt ? `${alt} (${url})` : url,
      )
      .replace(/\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_, text: string, url: string) => {
        const shown = url.replace(/^(mailto|tel):/i, '');
        return text === shown || text === url ? shown : `${text} (${shown})`;
      })
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, (_, url: string) => url.replace(/^mailto:/i, ''))
      .replace(/`([^`]+)`/g, '$1')
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
      .replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?!\w)/g, '$1$2')
      .replace(/(^|[^\w_])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1$2')
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
      .replace(new RegExp(`${ESCAPE_OPEN}(\\d+)${ESCAPE_CLOSE}`, 'g'), (_, code: string) => String.fromCharCode(Number(code)))
  );
}

/** Converts Markdown to plain text, keeping paragraphs, list structure and link targets. */
export function markdownToText(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let fence: string | null = null;

  for (const raw of lines) {
    const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(raw);
    if (fenceMatch) {
      if (fence === null) fence = fenceMatch[1][0];
      else if (fenceMatch[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null) {
      out.push(raw);
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(raw)) {
      out.push('');
      continue;
    }
    let line = raw.replace(/^\s{0,3}>\s?/, '');
    line = line.replace(/^\s{0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$/, '$1');
    // Setext underline (=== or ---) under a heading line: drop it.
    if (/^\s*(=+|-+)\s*$/.test(line) && out.length > 0 && out[out.length - 1].trim() !== '') continue;
    const bullet = /^(\s*)[-*+]\s+(\[[ xX]\]\s+)?(.*)$/.exec(line);
    if (bullet) line = `${bullet[1]}• ${bullet[3]}`;
    out.push(inlineToText(line).replace(/\s+$/, ''));
  }

  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
