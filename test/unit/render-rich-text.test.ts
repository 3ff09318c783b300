// The shared rendering helpers: Markdown/HTML into each channel's dialect with its escaping rules,
// and splitting / truncating text to a provider's limit without losing or corrupting characters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../connectors/shared/rich-text/parse-html';
import { parseMarkdown } from '../../connectors/shared/rich-text/parse-markdown';
import { escapeHtml, toHtml } from '../../connectors/shared/rich-text/to-html';
import { toMarkdown } from '../../connectors/shared/rich-text/to-markdown';
import { escapeSlack, toSlackMrkdwn } from '../../connectors/shared/rich-text/to-slack';
import { escapeMarkdownV2, toTelegramMarkdownV2 } from '../../connectors/shared/rich-text/to-telegram';
import { toWhatsApp } from '../../connectors/shared/rich-text/to-whatsapp';
import { utf8Bytes, xWeightedLength } from '../../connectors/shared/text/measure';
import { splitText } from '../../connectors/shared/text/split-text';
import { ELLIPSIS, truncate } from '../../connectors/shared/text/truncate';

const md = parseMarkdown('# Order *status*\n\nYour order **#1234** ships ~~today~~ _tomorrow_.\nSee [tracking](https://example.com/t?a=1&b=(2)) or `code_x`.\n\n- one\n  - nested\n1. first\n\n> quoted');

describe('Markdown into channel dialects', () => {
  it('WhatsApp: *bold* _italic_ ~strike~, headings bold, links spelled out', () => {
    expect(toWhatsApp(md)).toBe(
      '*Order _status_*\n\nYour order *#1234* ships ~today~ _tomorrow_.\nSee tracking (https://example.com/t?a=1&b=(2)) or `code_x`.\n\n- one\n  - nested\n\n1. first\n\n> quoted',
    );
  });

  it('Telegram MarkdownV2: reserved characters escaped outside entities, ) and \\ inside link URLs', () => {
    expect(toTelegramMarkdownV2(md)).toBe(
      '*Order _status_*\n\nYour order *\\#1234* ships ~today~ _tomorrow_\\.\nSee [tracking](https://example.com/t?a=1&b=(2\\)) or `code_x`\\.\n\n• one\n  • nested\n\n1\\. first\n\n>quoted',
    );
  });

  it('Telegram: every reserved character of plain text is escaped, and unescaping restores it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const escaped = escapeMarkdownV2(s);
        expect(escaped.replace(/\\(.)/gsu, '$1')).toBe(s);
        expect(/(^|[^\\])[_*[\]()~`>#+\-=|{}.!]/.test(escaped.replace(/\\\\/g, ''))).toBe(false);
      }),
    );
  });

  it('Telegram: adjacent italics are kept apart from underline', () => {
    expect(toTelegramMarkdownV2(parseMarkdown('_a_ and _b_'))).toBe('_a_ and _b_');
    expect(toTelegramMarkdownV2([{ kind: 'paragraph', children: [{ kind: 'emphasis', children: [{ kind: 'text', text: 'a' }] }, { kind: 'emphasis', children: [{ kind: 'text', text: 'b' }] }] }])).toBe('_a_\r_b_');
  });

  it('Slack mrkdwn: <url|text> links, &<> escaped', () => {
    expect(toSlackMrkdwn(parseMarkdown('Tom & Jerry <3 **[site](https://example.com/a|b)**'))).toBe('Tom &amp; Jerry &lt;3 *<https://example.com/a%7Cb|site>*');
    expect(escapeSlack('<@U123> & co')).toBe('&lt;@U123&gt; &amp; co');
  });

  it('Teams Markdown: hard line breaks, escaped literals', () => {
    expect(toMarkdown(parseMarkdown('a*b*\nc_d'))).toBe('a_b_  \nc\\_d');
  });

  it('underscores inside words are not emphasis', () => {
    expect(toWhatsApp(parseMarkdown('snake_case_name and a_b'))).toBe('snake_case_name and a_b');
  });
});

describe('HTML', () => {
  it('is rebuilt from the tree: scripts, handlers and unsafe links do not survive', () => {
    const doc = parseHtml('<p onclick="x()">Hi <b>there</b><script>alert(1)</script> <a href="javascript:alert(1)">bad</a> <a href="https://ok.example">good</a></p><img src=x onerror=alert(1) alt="pic">');
    expect(toHtml(doc)).toBe('<p>Hi <strong>there</strong> bad <a href="https://ok.example">good</a></p>\n<p>pic</p>');
  });

  it('keeps lists, nesting and preformatted text', () => {
    const doc = parseHtml('<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul><pre>x  y\n z</pre>');
    expect(toHtml(doc)).toBe('<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>\n<pre>x  y\n z</pre>');
    expect(toWhatsApp(doc)).toBe('- a\n- b\n  - c\n\n```x  y\n z```');
  });

  it('decodes entities once and escapes them again on output', () => {
    const doc = parseHtml('<p>&lt;tag&gt; &amp; &#233;</p>');
    expect(toWhatsApp(doc)).toBe('<tag> & é');
    expect(toHtml(doc)).toBe('<p>&lt;tag&gt; &amp; é</p>');
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });
});

describe('splitting and truncating', () => {
  it('splits at paragraphs first, then lines, sentences, words', () => {
    expect(splitText('aaa bbb\n\nccc ddd', 8)).toEqual(['aaa bbb', 'ccc ddd']);
    expect(splitText('One. Two. Three.', 10)).toEqual(['One. Two.', 'Three.']);
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('every part fits and no non-space character is lost or reordered', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 4, max: 60 }), (s, max) => {
        const parts = splitText(s, max);
        for (const part of parts) expect(part.length).toBeLessThanOrEqual(max);
        expect(parts.join('').replace(/\s/g, '')).toBe(s.replace(/\s/g, ''));
      }),
    );
  });

  it('measures bytes or X weight when asked, and never splits a surrogate pair', () => {
    const parts = splitText('😀'.repeat(40), 64, utf8Bytes);
    expect(parts.every((p) => utf8Bytes(p) <= 64 && !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
    expect(parts.join('')).toBe('😀'.repeat(40));
  });

  it('X weighs URLs as 23 and CJK as 2', () => {
    expect(xWeightedLength('hi https://example.com/a/very/long/path/that/goes/on')).toBeGreaterThanOrEqual(3 + 23);
    expect(xWeightedLength('https://x.co')).toBe(23);
    expect(xWeightedLength('予約')).toBe(4);
  });

  it('truncates with an ellipsis within the limit', () => {
    expect(truncate('Get a refund instead of waiting', 20)).toBe(`Get a refund instea${ELLIPSIS}`);
    expect(truncate('short', 20)).toBe('short');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), fc.integer({ min: 1, max: 30 }), (s, max) => {
        const cut = truncate(s, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(/[\uD800-\uDBFF]$/.test(cut.replace(ELLIPSIS, ''))).toBe(false);
      }),
    );
  });
});
