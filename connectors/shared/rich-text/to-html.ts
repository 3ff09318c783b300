// RichText → a safe HTML fragment (email). Everything is re-emitted from the tree, so no authored
// markup survives except the tags below; hrefs are limited to http(s), mailto and tel.
import type { Block, RichText } from './ast';
import { emitInlines, type Dialect } from './emit';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function isSafeHref(href: string): boolean {
  return /^(https?:\/\/|mailto:|tel:)/i.test(href.trim());
}

const html: Dialect = {
  text: escapeHtml,
  strong: (s) => `<strong>${s}</strong>`,
  emphasis: (s) => `<em>${s}</em>`,
  strike: (s) => `<s>${s}</s>`,
  code: (t) => `<code>${escapeHtml(t)}</code>`,
  link: (href, inner) => (isSafeHref(href) ? `<a href="${escapeHtml(href.trim())}">${inner}</a>` : inner),
  lineBreak: '<br>',
  heading: (s, level) => `<h${level}>${s}</h${level}>`,
  listItem: (s) => `<li>${s}</li>`,
  quoteLine: (s) => s,
  codeBlock: (t) => `<pre>${escapeHtml(t)}</pre>`,
  blockSeparator: '\n',
};

export function toHtml(doc: RichText): string {
  return doc.map(blockToHtml).filter(Boolean).join('\n');
}

function blockToHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${emitInlines(block.children, html)}</p>`;
    case 'heading':
      return html.heading(emitInlines(block.children, html), block.level);
    case 'quote':
      return `<blockquote>${emitInlines(block.children, html)}</blockquote>`;
    case 'codeBlock':
      return html.codeBlock(block.text);
    case 'list':
      return nestedList(block);
  }
}

/** Rebuilds nesting from the items' depths. */
function nestedList(block: Extract<Block, { kind: 'list' }>): string {
  const tag = block.ordered ? 'ol' : 'ul';
  const openTag = block.ordered && block.start !== 1 ? `<ol start="${block.start}">` : `<${tag}>`;
  let out = openTag;
  let depth = 0;
  block.items.forEach((item, i) => {
    const target = Math.min(item.depth, depth + 1);
    if (i > 0) {
      if (target > depth) out += `<${tag}>`;
      else {
        out += '</li>';
        for (; depth > target; depth--) out += `</${tag}></li>`;
      }
    }
    depth = target;
    out += `<li>${emitInlines(item.children, html)}`;
  });
  out += '</li>';
  for (; depth > 0; depth--) out += `</${tag}></li>`;
  return `${out}</${tag}>`;
}
