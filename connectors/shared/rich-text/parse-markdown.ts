// CommonMark subset → RichText: paragraphs, ATX headings, bullet/ordered lists (nesting by indent),
// block quotes, fenced code, and inline strong/emphasis/strike/code/links/autolinks/images.
// A single newline inside a paragraph is kept as a line break: chat authors mean it as one.
import { normalizeInlines, type Block, type Inline, type ListItem, type RichText } from './ast';

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!>~|<]/;

export function parseMarkdown(markdown: string): RichText {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let quote: string[] = [];
  let list: { ordered: boolean; start: number; items: ListItem[]; raw: { depth: number; text: string }[] } | null = null;

  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', children: parseInlineLines(paragraph) });
    paragraph = [];
  };
  const flushQuote = () => {
    if (quote.length > 0) blocks.push({ kind: 'quote', children: parseInlineLines(quote) });
    quote = [];
  };
  const flushList = () => {
    if (list) {
      blocks.push({
        kind: 'list',
        ordered: list.ordered,
        start: list.start,
        items: list.raw.map((item) => ({ depth: item.depth, children: parseInlineLines([item.text]) })),
      });
    }
    list = null;
  };
  const flushAll = () => {
    flushParagraph();
    flushQuote();
    flushList();
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      flushAll();
      const marker = fence[1];
      const body: string[] = [];
      i++;
      while (i < lines.length && !new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`).test(lines[i])) {
        body.push(lines[i]);
        i++;
      }
      blocks.push({ kind: 'codeBlock', text: body.join('\n') });
      continue;
    }
    if (/^\s*$/.test(line)) {
      flushAll();
      continue;
    }
    if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flushAll();
      continue;
    }
    const heading = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      flushAll();
      blocks.push({ kind: 'heading', level: heading[1].length, children: parseInline(heading[2]) });
      continue;
    }
    const quoted = /^ {0,3}>\s?(.*)$/.exec(line);
    if (quoted) {
      flushParagraph();
      flushList();
      quote.push(quoted[1]);
      continue;
    }
    const item = /^(\s*)(?:([-*+])|(\d{1,9})[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/.exec(line);
    if (item) {
      flushParagraph();
      flushQuote();
      const ordered = item[3] !== undefined;
      if (!list || (list.raw.length > 0 && list.ordered !== ordered && item[1].length === 0)) {
        flushList();
        list = { ordered, start: ordered ? Number(item[3]) : 1, items: [], raw: [] };
      }
      list.raw.push({ depth: Math.floor(item[1].replace(/\t/g, '    ').length / 2), text: item[4] });
      continue;
    }
    // Setext heading underline under a paragraph line.
    if (/^ {0,3}(=+|-+)\s*$/.test(line) && paragraph.length > 0) {
      const text = paragraph.pop()!;
      flushParagraph();
      blocks.push({ kind: 'heading', level: line.trim()[0] === '=' ? 1 : 2, children: parseInline(text) });
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      // Lazy continuation of the last list item.
      const last = list.raw[list.raw.length - 1];
      last.text += `\n${line.trim()}`;
      continue;
    }
    if (quote.length > 0) {
      quote.push(line.trim());
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushAll();
  return blocks;
}

function parseInlineLines(lines: string[]): Inline[] {
  const out: Inline[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push({ kind: 'break' });
    out.push(...parseInline(line.replace(/( {2,}|\\)$/, '')));
  });
  return normalizeInlines(out);
}

/** Parses inline Markdown: escapes, code spans, links, images, autolinks, ** __ * _ ~~. */
export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length && ESCAPABLE.test(src[i + 1])) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(src.slice(i))![0];
      const close = findCodeClose(src, i + run.length, run.length);
      if (close >= 0) {
        flush();
        let code = src.slice(i + run.length, close).replace(/\n/g, ' ');
        if (/^ .*\S.* $/.test(code)) code = code.slice(1, -1);
        out.push({ kind: 'code', text: code });
        i = close + run.length;
        continue;
      }
      text += run;
      i += run.length;
      continue;
    }
    if (c === '[' || (c === '!' && src[i + 1] === '[')) {
      const link = parseLink(src, c === '!' ? i + 1 : i);
      if (link) {
        flush();
        const children = c === '!' ? (link.label ? [{ kind: 'text' as const, text: link.label }] : []) : parseInline(link.label);
        out.push({ kind: 'link', href: link.href, children });
        i = link.end;
        continue;
      }
    }
    if (c === '<') {
      const auto = /^<((?:https?:\/\/|mailto:)[^>\s]+)>/i.exec(src.slice(i));
      if (auto) {
        flush();
        const shown = auto[1].replace(/^mailto:/i, '');
        out.push({ kind: 'link', href: auto[1], children: [{ kind: 'text', text: shown }] });
        i += auto[0].length;
        continue;
      }
    }
    if (c === '*' || c === '_' || c === '~') {
      const span = parseDelimited(src, i);
      if (span) {
        flush();
        out.push(span.node);
        i = span.end;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return normalizeInlines(out);
}

function findCodeClose(src: string, from: number, length: number): number {
  for (let j = from; j < src.length; j++) {
    if (src[j] !== '`') continue;
    const run = /^`+/.exec(src.slice(j))![0];
    if (run.length === length) return j;
    j += run.length - 1;
  }
  return -1;
}

/** `[label](href "title")` starting at `start` (the '['). */
function parseLink(src: string, start: number): { label: string; href: string; end: number } | null {
  let depth = 0;
  let j = start;
  for (; j < src.length; j++) {
    if (src[j] === '\\') {
      j++;
      continue;
    }
    if (src[j] === '[') depth++;
    else if (src[j] === ']' && --depth === 0) break;
  }
  if (j >= src.length || src[j + 1] !== '(') return null;
  const target = /^\(\s*(?:<([^>\n]*)>|([^\s()]*(?:\([^\s()]*\)[^\s()]*)*))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/.exec(src.slice(j + 1));
  if (!target) return null;
  const href = (target[1] ?? target[2] ?? '').trim();
  if (!href) return null;
  return { label: src.slice(start + 1, j), href, end: j + 1 + target[0].length };
}

/** Strong (** __), emphasis (* _) or strike (~~) opening at `start`, if it has a proper closer. */
function parseDelimited(src: string, start: number): { node: Inline; end: number } | null {
  const c = src[start];
  const double = src[start + 1] === c;
  if (c === '~' && !double) return null;
  const marker = double ? c + c : c;
  const after = src[start + marker.length];
  if (after === undefined || /\s/.test(after)) return null;
  // Intraword underscores are literal (snake_case), as in CommonMark.
  if (c === '_' && start > 0 && /[\p{L}\p{N}]/u.test(src[start - 1])) return null;
  const close = findDelimiterClose(src, start + marker.length, marker);
  if (close < 0) return null;
  if (c === '_' && /[\p{L}\p{N}]/u.test(src[close + marker.length] ?? '')) return null;
  const inner = parseInline(src.slice(start + marker.length, close));
  const kind = c === '~' ? 'strike' : double ? 'strong' : 'emphasis';
  return { node: { kind, children: inner }, end: close + marker.length };
}

function findDelimiterClose(src: string, from: number, marker: string): number {
  for (let j = from; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(src.slice(j))![0];
      const close = findCodeClose(src, j + run.length, run.length);
      if (close >= 0) j = close + run.length - 1;
      continue;
    }
    if (src.startsWith(marker, j) && j > from && !/\s/.test(src[j - 1])) {
      // A single * must not be half of a ** (that belongs to a nested strong).
      if (marker.length === 1 && src[j + 1] === marker) {
        j++;
        continue;
      }
      return j;
    }
    if (marker.length === 1 && src[j] === marker[0] && src[j + 1] === marker[0]) j++;
  }
  return -1;
}
