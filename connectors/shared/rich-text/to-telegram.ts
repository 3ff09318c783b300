// RichText → Telegram MarkdownV2. Every reserved character outside entities is escaped with "\";
// inside code only ` and \ are; inside a link URL only ) and \ are.
// Source: https://core.telegram.org/bots/api#markdownv2-style
import type { RichText } from './ast';
import { emit, wrapTight, type Dialect } from './emit';

const RESERVED = /[_*[\]()~`>#+\-=|{}.!\\]/g;

export function escapeMarkdownV2(text: string): string {
  return text.replace(RESERVED, (c) => `\\${c}`);
}

const escapeCode = (text: string) => text.replace(/[`\\]/g, (c) => `\\${c}`);
const escapeUrl = (url: string) => url.replace(/[)\\]/g, (c) => `\\${c}`);

const telegram: Dialect = {
  text: escapeMarkdownV2,
  strong: (s) => wrapTight('*', s),
  // "\r" between adjacent italic marks stops "__" reading as underline (Bot API's own advice).
  emphasis: (s) => wrapTight('_', s, '_\r'),
  strike: (s) => wrapTight('~', s),
  code: (t) => `\`${escapeCode(t)}\``,
  link: (href, inner) => `[${inner}](${escapeUrl(href)})`,
  lineBreak: '\n',
  heading: (s) => wrapTight('*', s),
  listItem: (s, ordered, n, depth) => `${'  '.repeat(depth)}${ordered ? `${n}\\.` : '•'} ${s}`,
  quoteLine: (s) => `>${s}`,
  codeBlock: (t) => `\`\`\`\n${escapeCode(t)}\n\`\`\``,
  blockSeparator: '\n\n',
};

export function toTelegramMarkdownV2(doc: RichText): string {
  // The "\r" guard is only needed before another "_"; elsewhere it is dropped again.
  return emit(doc, telegram).replace(/_\r(?!_)/g, '_');
}

/** Each block on its own, so long texts can be split between blocks without breaking an entity. */
export function toTelegramMarkdownV2Blocks(doc: RichText): string[] {
  return doc.map((block) => toTelegramMarkdownV2([block])).filter((s) => s.length > 0);
}
