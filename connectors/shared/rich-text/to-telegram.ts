// RichText → Telegram MarkdownV2. Every reserved character outside entities is escaped with "\";
// inside code only ` and \ are; inside a link URL only ) and \ are.
// Source: https://core.telegram.org/bots/api#markdownv2-style
import type { RichText } from './ast';
import { emit, wrapTight, type Dialect } from './emit';

const RESERVED = /[_*[\]()~`>#+\-=|{}.!\\]/g;
const ITALIC_END = '\uE000';

export function escapeMarkdownV2(text: string): string {
  return text.replace(RESERVED, (c) => `\\${c}`);
}

const escapeCode = (text: string) => text.replace(/[`\\]/g, (c) => `\\${c}`);
const escapeUrl = (url: string) => url.replace(/[)\\]/g, (c) => `\\${c}`);

const telegram: Dialect = {
  text: escapeMarkdownV2,
  strong: (s) => wrapTight('*', s),
  // Italic closes with a marker that becomes "\r" only where another "_" follows: "\r" between
  // adjacent italics stops "__" reading as underline (the Bot API's own advice).
  emphasis: (s) => wrapTight('_', s, `_${ITALIC_END}`),
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
  return emit(doc, telegram).replace(/\uE000(?=_)/g, '\r').replace(/\uE000/g, '');
}

/** Each block on its own, so long texts can be split between blocks without breaking an entity. */
export function toTelegramMarkdownV2Blocks(doc: RichText): string[] {
  return doc.map((block) => toTelegramMarkdownV2([block])).filter((s) => s.length > 0);
}
