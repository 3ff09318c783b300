// HTML fragment → readable plain text for channels without rich text (SMS, review replies, the
// plain part of an email). Not a sanitiser and not a full parser: a small tokenizer is enough because
// the output is only ever shown as text, never re-interpreted as markup.

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tr', 'ul',
]);

/** Elements whose content is never readable text. */
const SKIPPED_TAGS = new Set(['script', 'style', 'head', 'template', 'noscript']);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  laquo: '«', raquo: '»', copy: '©', reg: '®', euro: '€', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•',
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  return value === undefined ? undefined : decodeHtmlEntities(value);
}

interface ListState {
  ordered: boolean;
  next: number;
}

/**
 * Converts an HTML fragment to plain text: tags stripped, paragraphs and line breaks kept, links
 * spelled out as "text (url)", list items as "• item" (or "1. item" in ordered lists).
 */
export function htmlToText(html: string): string {
  let out = '';
  const links: { href: string | undefined; start: number }[] = [];
  const lists: ListState[] = [];
  let skipping: string | null = null;
  let inPre = 0;

  const newline = (count: number) => {
    const trailing = /\n*$/.exec(out)![0].length;
    if (out.length > 0 && trailing < count) out += '\n'.repeat(count - trailing);
  };

  const tokens = html.match(/<!--[\s\S]*?-->|<\/?[a-zA-Z][^>]*>|[^<]+|</g) ?? [];
  for (const token of tokens) {
    if (token.startsWith('<!--')) continue;
    const tagMatch = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)/.exec(token);
    if (!tagMatch) {
      if (skipping) continue;
      const text = decodeHtmlEntities(token);
      // Outside <pre>, runs of whitespace are one space, as a browser shows them.
      out += inPre > 0 ? text : text.replace(/\s+/g, ' ');
      continue;
    }
    const closing = tagMatch[1] === '/';
    const tag = tagMatch[2].toLowerCase();
    if (skipping) {
      if (closing && tag === skipping) skipping = null;
      continue;
    }
    if (SKIPPED_TAGS.has(tag)) {
      if (!closing && !token.endsWith('/>')) skipping = tag;
      continue;
    }
    switch (tag) {
      case 'br':
        out = out.replace(/ +$/, '') + '\n';
        break;
      case 'a':
        if (!closing) links.push({ href: attribute(token, 'href'), start: out.length });
        else {
          const link = links.pop();
          const href = link?.href;
          if (link && href && !href.startsWith('#') && !/^javascript:/i.test(href)) {
            const shown = href.replace(/^(mailto|tel):/i, '');
            const text = out.slice(link.start).trim();
            if (!text) out += shown;
            else if (text !== shown) out = `${out.replace(/\s+$/, '')} (${shown})`;
          }
        }
        break;
      case 'img': {
        const alt = attribute(token, 'alt');
        if (alt) out += alt;
        break;
      }
      case 'ul':
      case 'ol':
        if (!closing) lists.push({ ordered: tag === 'ol', next: Number(attribute(token, 'start') ?? 1) || 1 });
        else lists.pop();
        newline(lists.length > 0 ? 1 : 2);
        break;
      case 'li': {
        newline(1);
        if (!closing) {
          const list = lists[lists.length - 1];
          const indent = '  '.repeat(Math.max(0, lists.length - 1));
          out += list?.ordered ? `${indent}${list.next++}. ` : `${indent}• `;
        }
        break;
      }
      case 'td':
      case 'th':
        if (closing) out += '\t';
        break;
      case 'pre':
        inPre += closing ? -1 : 1;
        newline(2);
        break;
      default:
        if (BLOCK_TAGS.has(tag)) newline(tag === 'tr' || tag === 'div' || tag === 'dt' || tag === 'dd' ? 1 : 2);
    }
  }

  return out
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/g, '').replace(/^ (?=\S)/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
