// RichText → WhatsApp formatting: *bold* _italic_ ~strike~ `code` ```block```, "- " / "1. " lists and
// "> " quotes. WhatsApp has no link markup, so links are spelled out (a preview needs preview_url).
// Source: https://faq.whatsapp.com/539178204879377 (formatting) and Cloud API text messages.
import type { RichText } from './ast';
import { emit, spelledOutLink, wrapTight, type Dialect } from './emit';

const whatsapp: Dialect = {
  text: (t) => t,
  strong: (s) => wrapTight('*', s),
  emphasis: (s) => wrapTight('_', s),
  strike: (s) => wrapTight('~', s),
  code: (t) => (t.includes('`') ? t : `\`${t}\``),
  link: spelledOutLink,
  lineBreak: '\n',
  heading: (s) => wrapTight('*', s),
  listItem: (s, ordered, n, depth) => `${'  '.repeat(depth)}${ordered ? `${n}.` : '-'} ${s}`,
  quoteLine: (s) => `> ${s}`,
  codeBlock: (t) => `\`\`\`${t}\`\`\``,
  blockSeparator: '\n\n',
};

export function toWhatsApp(doc: RichText): string {
  return emit(doc, whatsapp);
}
