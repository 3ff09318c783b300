// The skeleton every dialect emitter shares: walk the tree, let the dialect decide marks and escaping.
import type { Block, Inline, RichText } from './ast';

export interface Dialect {
  text(text: string): string;
  strong(inner: string): string;
  emphasis(inner: string): string;
  strike(inner: string): string;
  code(text: string): string;
  link(href: string, inner: string, plainInner: string): string;
  lineBreak: string;
  heading(inner: string, level: number): string;
  listItem(inner: string, ordered: boolean, number: number, depth: number): string;
  quoteLine(inner: string): string;
  codeBlock(text: string): string;
  blockSeparator: string;
}

export function emit(doc: RichText, dialect: Dialect): string {
  return doc
    .map((block) => emitBlock(block, dialect))
    .filter((s) => s.length > 0)
    .join(dialect.blockSeparator);
}

function emitBlock(block: Block, d: Dialect): string {
  switch (block.kind) {
    case 'paragraph':
      return emitInlines(block.children, d);
    case 'heading':
      // Headings are shown bold: a bold run inside them must not be marked twice.
      return d.heading(emitInlines(block.children, d, new Set(['strong'])), block.level);
    case 'quote':
      return splitOnBreaks(block.children)
        .map((line) => d.quoteLine(emitInlines(line, d)))
        .join(d.lineBreak);
    case 'codeBlock':
      return d.codeBlock(block.text);
    case 'list': {
      const counters: number[] = [];
      return block.items
        .map((item) => {
          counters.length = item.depth + 1;
          counters[item.depth] = (counters[item.depth] ?? (item.depth === 0 ? block.start : 1) - 1) + 1;
          return d.listItem(emitInlines(item.children, d), block.ordered, counters[item.depth], item.depth);
        })
        .join(d.lineBreak);
    }
  }
}

/** `active` marks are already applied by an enclosing node; applying them again would break the markup. */
export function emitInlines(inlines: Inline[], d: Dialect, active: ReadonlySet<string> = new Set()): string {
  return inlines
    .map((node) => {
      switch (node.kind) {
        case 'text':
          return d.text(node.text);
        case 'break':
          return d.lineBreak;
        case 'code':
          return d.code(node.text);
        case 'strong':
        case 'emphasis':
        case 'strike': {
          const inner = emitInlines(node.children, d, new Set([...active, node.kind]));
          return active.has(node.kind) ? inner : d[node.kind](inner);
        }
        case 'link':
          return d.link(node.href, emitInlines(node.children, d, active), plainText(node.children));
      }
    })
    .join('');
}

function plainText(inlines: Inline[]): string {
  return inlines.map((n) => (n.kind === 'text' || n.kind === 'code' ? n.text : n.kind === 'break' ? '\n' : plainText(n.children))).join('');
}

function splitOnBreaks(inlines: Inline[]): Inline[][] {
  const lines: Inline[][] = [[]];
  for (const node of inlines) {
    if (node.kind === 'break') lines.push([]);
    else lines[lines.length - 1].push(node);
  }
  return lines;
}

/**
 * Wraps `inner` in a mark that must touch non-space characters (WhatsApp, Slack, Telegram): edge
 * spaces move outside the marks, and an all-space inner stays unmarked.
 */
export function wrapTight(open: string, inner: string, close = open): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  if (!match[2]) return inner;
  return `${match[1]}${open}${match[2]}${close}${match[3]}`;
}

/** "text (url)", or just the URL when the link text is the URL itself. */
export function spelledOutLink(href: string, inner: string, plainInner: string): string {
  const shown = href.replace(/^(mailto|tel):/i, '');
  if (!plainInner.trim() || plainInner.trim() === shown || plainInner.trim() === href) return shown;
  return `${inner} (${shown})`;
}
