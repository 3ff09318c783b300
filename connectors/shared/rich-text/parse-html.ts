// HTML fragment → RichText. A tokenizer, not a full parser: enough for the tags authors put in chat
// and email content. Unknown tags are dropped with their text kept; script/style content is dropped.
import { decodeHtmlEntities } from '../../../model/content/html-to-text';
import { normalizeInlines, type Block, type Inline, type ListItem, type RichText } from './ast';

const SKIPPED = new Set(['script', 'style', 'head', 'template', 'noscript', 'title']);
const PARAGRAPH_TAGS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure', 'figcaption',
  'address', 'table', 'tr', 'dl', 'dt', 'dd', 'form', 'fieldset', 'hr', 'center',
]);
const INLINE_KINDS: Record<string, 'strong' | 'emphasis' | 'strike'> = {
  b: 'strong', strong: 'strong', i: 'emphasis', em: 'emphasis', s: 'strike', strike: 'strike', del: 'strike',
};

type Frame = { kind: 'strong' | 'emphasis' | 'strike' | 'link' | 'code'; tag: string; href?: string; children: Inline[] };

export function parseHtml(html: string): RichText {
  const blocks: Block[] = [];
  let inlines: Inline[] = [];
  const frames: Frame[] = [];
  // Nested lists flatten into the outermost list's items, each with its depth.
  let list: { kind: 'list'; ordered: boolean; start: number; items: ListItem[] } | null = null;
  let listDepth = 0;
  let blockKind: { kind: 'paragraph' } | { kind: 'heading'; level: number } | { kind: 'quote' } | { kind: 'item'; depth: number } =
    { kind: 'paragraph' };
  let skipping: string | null = null;
  let pre: string | null = null;

  const target = () => (frames.length > 0 ? frames[frames.length - 1].children : inlines);

  /** Ends the block being collected; open inline frames are closed and reopened around the cut. */
  const flush = () => {
    const open = frames.map((f) => ({ ...f, children: [] as Inline[] }));
    while (frames.length > 0) closeFrame();
    const children = trimInlines(normalizeInlines(inlines));
    inlines = [];
    if (children.length > 0) {
      if (blockKind.kind === 'item' && list) list.items.push({ depth: blockKind.depth, children });
      else if (blockKind.kind === 'heading') blocks.push({ kind: 'heading', level: blockKind.level, children });
      else if (blockKind.kind === 'quote') blocks.push({ kind: 'quote', children });
      else blocks.push({ kind: 'paragraph', children });
    }
    frames.push(...open);
  };
  const closeFrame = () => {
    const frame = frames.pop()!;
    const node: Inline =
      frame.kind === 'link'
        ? { kind: 'link', href: frame.href!, children: frame.children }
        : frame.kind === 'code'
          ? { kind: 'code', text: textOf(frame.children) }
          : { kind: frame.kind, children: frame.children };
    target().push(node);
  };
  const closeTag = (tag: string) => {
    const at = frames.map((f) => f.tag).lastIndexOf(tag);
    if (at < 0) return;
    while (frames.length > at) closeFrame();
  };

  const tokens = html.match(/<!--[\s\S]*?-->|<\/?[a-zA-Z][^>]*>|[^<]+|</g) ?? [];
  for (const token of tokens) {
    if (token.startsWith('<!--')) continue;
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)/.exec(token);
    if (!tag) {
      if (skipping) continue;
      const text = decodeHtmlEntities(token);
      if (pre !== null) pre += text;
      else target().push({ kind: 'text', text: text.replace(/\s+/g, ' ') });
      continue;
    }
    const closing = tag[1] === '/';
    const name = tag[2].toLowerCase();
    if (skipping) {
      if (closing && name === skipping) skipping = null;
      continue;
    }
    if (SKIPPED.has(name)) {
      if (!closing && !token.endsWith('/>')) skipping = name;
      continue;
    }
    if (pre !== null) {
      if (name === 'pre' && closing) {
        blocks.push({ kind: 'codeBlock', text: pre.replace(/^\n/, '').replace(/\n$/, '') });
        pre = null;
      } else if (name === 'br') pre += '\n';
      continue;
    }
    switch (name) {
      case 'br':
        target().push({ kind: 'break' });
        break;
      case 'pre':
        if (!closing) {
          flush();
          pre = '';
        }
        break;
      case 'a':
        if (closing) closeTag('a');
        else {
          const href = attribute(token, 'href');
          if (href && !href.startsWith('#') && !/^\s*(javascript|data|vbscript):/i.test(href)) {
            frames.push({ kind: 'link', tag: 'a', href, children: [] });
          }
        }
        break;
      case 'code':
      case 'kbd':
      case 'samp':
      case 'tt':
        if (closing) closeTag(name);
        else frames.push({ kind: 'code', tag: name, children: [] });
        break;
      case 'img': {
        const alt = attribute(token, 'alt');
        if (alt) target().push({ kind: 'text', text: alt });
        break;
      }
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        flush();
        blockKind = closing ? { kind: 'paragraph' } : { kind: 'heading', level: Number(name[1]) };
        break;
      case 'blockquote':
        flush();
        blockKind = closing ? { kind: 'paragraph' } : { kind: 'quote' };
        break;
      case 'ul':
      case 'ol':
        flush();
        if (!closing) {
          if (listDepth === 0) {
            list = { kind: 'list', ordered: name === 'ol', start: Number(attribute(token, 'start') ?? 1) || 1, items: [] };
            blocks.push(list);
          }
          listDepth++;
        } else if (listDepth > 0 && --listDepth === 0) {
          list = null;
        }
        blockKind = listDepth > 0 ? { kind: 'item', depth: listDepth - 1 } : { kind: 'paragraph' };
        break;
      case 'li':
        flush();
        blockKind = listDepth > 0 ? { kind: 'item', depth: listDepth - 1 } : { kind: 'paragraph' };
        break;
      default:
        if (INLINE_KINDS[name]) {
          if (closing) closeTag(name);
          else frames.push({ kind: INLINE_KINDS[name], tag: name, children: [] });
        } else if (PARAGRAPH_TAGS.has(name)) {
          flush();
          if (blockKind.kind !== 'item' && blockKind.kind !== 'quote') blockKind = { kind: 'paragraph' };
        }
    }
  }
  if (pre !== null) blocks.push({ kind: 'codeBlock', text: pre });
  while (frames.length > 0) closeFrame();
  flush();
  return blocks.filter((b) => b.kind !== 'list' || b.items.length > 0);
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  return value === undefined ? undefined : decodeHtmlEntities(value).trim();
}

function textOf(inlines: Inline[]): string {
  return inlines.map((n) => (n.kind === 'text' || n.kind === 'code' ? n.text : n.kind === 'break' ? ' ' : textOf(n.children))).join('');
}

/** Drops whitespace at the edges of a block (HTML source indentation) and around line breaks. */
function trimInlines(inlines: Inline[]): Inline[] {
  const out = inlines.map((n, i) => {
    if (n.kind !== 'text') return n;
    let text = n.text;
    if (i === 0 || inlines[i - 1].kind === 'break') text = text.replace(/^\s+/, '');
    if (i === inlines.length - 1 || inlines[i + 1].kind === 'break') text = text.replace(/\s+$/, '');
    return { kind: 'text' as const, text };
  });
  const normalized = normalizeInlines(out);
  while (normalized[0]?.kind === 'break') normalized.shift();
  while (normalized[normalized.length - 1]?.kind === 'break') normalized.pop();
  return normalized;
}
