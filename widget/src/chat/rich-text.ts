// Markdown and HTML messages in the widget, shown as rich text and never able to run script.
// Markdown is drawn by a small renderer that only ever creates elements and text nodes (headings,
// paragraphs, lists, code, quotes, bold, italic, strike, links); HTML goes through DOMPurify with
// an allowlist of formatting tags, and every link opens in a new tab without the opener.
import DOMPurify from 'dompurify';

const SAFE_URL = /^(https?:|mailto:|tel:)/i;

function link(text: string, href: string): Node {
  if (!SAFE_URL.test(href)) return document.createTextNode(text);
  const a = document.createElement('a');
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = text;
  return a;
}

// Inline spans, in the order they are tried at each position.
const INLINE: [RegExp, (m: RegExpExecArray) => Node][] = [
  [/^`([^`]+)`/, (m) => Object.assign(document.createElement('code'), { textContent: m[1] })],
  [/^\[([^\]]+)\]\(\s*<?([^)\s>]+)>?\s*\)/, (m) => link(m[1], m[2])],
  [/^<((?:https?|mailto):[^>\s]+)>/, (m) => link(m[1].replace(/^mailto:/i, ''), m[1])],
  [/^(\*\*|__)(?=\S)([\s\S]*?\S)\1/, (m) => wrap('strong', m[2])],
  [/^~~(?=\S)([\s\S]*?\S)~~/, (m) => wrap('s', m[1])],
  [/^(\*|_)(?=\S)([^*_]*?\S)\1/, (m) => wrap('em', m[2])],
];

function wrap(tag: string, text: string): Node {
  const el = document.createElement(tag);
  el.append(...inline(text));
  return el;
}

function inline(text: string): Node[] {
  const out: Node[] = [];
  let plain = '';
  let i = 0;
  const flush = () => { if (plain) { out.push(document.createTextNode(plain)); plain = ''; } };
  while (i < text.length) {
    if (text[i] === '\\' && i + 1 < text.length) { plain += text[i + 1]; i += 2; continue; }
    const rest = text.slice(i);
    let matched = false;
    for (const [re, make] of INLINE) {
      const m = re.exec(rest);
      if (!m) continue;
      flush();
      out.push(make(m));
      i += m[0].length;
      matched = true;
      break;
    }
    if (!matched) { plain += text[i]; i++; }
  }
  flush();
  return out;
}

/** Markdown (the CommonMark subset people write in chats) as DOM nodes. */
export function renderMarkdown(markdown: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  let para: string[] = [];
  let list: HTMLElement | null = null;
  const endPara = () => {
    if (!para.length) return;
    const p = document.createElement('p');
    para.forEach((line, k) => { if (k) p.append(document.createElement('br')); p.append(...inline(line)); });
    frag.append(p);
    para = [];
  };
  const endList = () => { list = null; };
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      endPara(); endList();
      const code: string[] = [];
      for (k++; k < lines.length && !lines[k].trim().startsWith(fence[1]); k++) code.push(lines[k]);
      const pre = document.createElement('pre');
      pre.append(Object.assign(document.createElement('code'), { textContent: code.join('\n') }));
      frag.append(pre);
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (!line.trim()) { endPara(); endList(); continue; }
    if (heading) { endPara(); endList(); frag.append(wrap('strong', heading[1])); continue; }
    if (bullet || numbered) {
      endPara();
      const tag = bullet ? 'UL' : 'OL';
      if (!list || list.tagName !== tag) { list = document.createElement(tag.toLowerCase()); frag.append(list); }
      const li = document.createElement('li');
      li.append(...inline((bullet ?? numbered)![1]));
      list.append(li);
      continue;
    }
    if (quote) { endPara(); endList(); const q = document.createElement('blockquote'); q.append(...inline(quote[1])); frag.append(q); continue; }
    endList();
    para.push(line);
  }
  endPara();
  return frag;
}

const ALLOWED_TAGS = ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'a', 'ul', 'ol', 'li', 'code', 'pre', 'blockquote', 'span', 'div', 'h1', 'h2', 'h3', 'h4'];

/** An HTML fragment, sanitised: formatting only, links made safe. */
export function renderHtml(html: string): DocumentFragment {
  const clean = DOMPurify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: ['href'], ALLOWED_URI_REGEXP: SAFE_URL, RETURN_DOM_FRAGMENT: true });
  for (const a of Array.from(clean.querySelectorAll('a'))) {
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
  }
  return clean;
}
