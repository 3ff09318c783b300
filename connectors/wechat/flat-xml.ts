// A small, safe reader for WeChat's message XML: one <xml> root holding flat fields, each either
// <![CDATA[…]]> (possibly split in several sections) or plain text with XML's five entities and
// character references. No DTDs, no external entities, no attributes. A nested field (an event's
// <ScanCodeInfo>, …) is kept as its inner XML text; Parley does not read those.
export class FlatXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlatXmlError';
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    const named = ENTITIES[ref];
    if (named === undefined) throw new FlatXmlError(`unknown entity ${whole}`);
    return named;
  });
}

/** Where `close` ends the element, skipping CDATA sections (their text may contain anything). */
function findClose(body: string, from: number, close: string): number {
  let i = from;
  for (;;) {
    const cdata = body.indexOf('<![CDATA[', i);
    const end = body.indexOf(close, i);
    if (end < 0) return -1;
    if (cdata < 0 || end < cdata) return end;
    const cdataEnd = body.indexOf(']]>', cdata + 9);
    if (cdataEnd < 0) throw new FlatXmlError('a CDATA section is not closed');
    i = cdataEnd + 3;
  }
}

/** CDATA sections and text, in order; an element with nested elements keeps its inner XML as it is. */
function textOf(inner: string): string {
  let value = '';
  let i = 0;
  while (i < inner.length) {
    if (inner.startsWith('<![CDATA[', i)) {
      const end = inner.indexOf(']]>', i + 9);
      if (end < 0) throw new FlatXmlError('a CDATA section is not closed');
      value += inner.slice(i + 9, end);
      i = end + 3;
    } else if (inner[i] === '<') {
      return inner;
    } else {
      const next = inner.indexOf('<', i);
      const stop = next < 0 ? inner.length : next;
      value += decodeText(inner.slice(i, stop));
      i = stop;
    }
  }
  return value;
}

/** The fields of `<xml>…</xml>` by element name (the first occurrence wins). */
export function readFlatXml(input: string): Record<string, string> {
  const xml = input.replace(/^\uFEFF/, '').trim();
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new FlatXmlError('DTDs and entity declarations are not accepted');
  const root = /^(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>$/.exec(xml);
  if (!root) throw new FlatXmlError('expected one <xml>…</xml> element');
  const body = root[1];
  const fields: Record<string, string> = {};
  let at = 0;
  while (at < body.length) {
    const ws = /^\s*/.exec(body.slice(at))![0].length;
    at += ws;
    if (at >= body.length) break;
    const open = /^<([A-Za-z_][\w.-]*)\s*(\/?)>/.exec(body.slice(at));
    if (!open) throw new FlatXmlError(`expected an element at character ${at}: "${body.slice(at, at + 20)}"`);
    const name = open[1];
    at += open[0].length;
    if (open[2] === '/') {
      fields[name] ??= '';
      continue;
    }
    const close = `</${name}>`;
    const end = findClose(body, at, close);
    if (end < 0) throw new FlatXmlError(`<${name}> is not closed`);
    const inner = body.slice(at, end);
    at = end + close.length;
    fields[name] ??= textOf(inner);
  }
  return fields;
}
