import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blockFallback,
  DEFAULT_FALLBACK_HINT,
  fallbackOptions,
  fallbackText,
  renderFallback,
} from '../../model/content/fallback';
import { htmlToText } from '../../model/content/html-to-text';
import { markdownToText } from '../../model/content/markdown-to-text';
import { contentBlocks, parseContentMessage, type ContentMessage } from '../../model/content/model';
import { anyContentMessage } from '../fixtures/content-arbitrary';

/** Validates through the model first, so every example is a message an author could really send. */
function message(input: unknown): ContentMessage {
  const result = parseContentMessage(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const text = (input: unknown, opts?: Parameters<typeof fallbackText>[1]) => fallbackText(message(input), opts);
const postback = (id: string, title: string) => ({ id, title, action: { type: 'postback', payload: id.toUpperCase() } });

describe('fallbackText: one readable rendering per type', () => {
  it('plain text is sent as is, with no hint', () => {
    expect(text({ content: { type: 'text', text: 'Your order has shipped.' } })).toBe('Your order has shipped.');
  });

  it('buttons: numbered postbacks, links and phone numbers spelled out, then the hint', () => {
    expect(
      text({
        content: {
          type: 'buttons',
          text: 'Did that help?',
          buttons: [
            postback('yes', 'Yes'),
            postback('no', 'No'),
            { id: 'help', title: 'Help centre', action: { type: 'url', url: 'https://help.example.com/a' } },
            { id: 'call', title: 'Call us', action: { type: 'call', phone: '+14155550100' } },
          ],
        },
      }),
    ).toBe(
      ['Did that help?', '', '1. Yes', '2. No', 'Help centre: https://help.example.com/a', 'Call us: +14155550100', '', DEFAULT_FALLBACK_HINT].join('\n'),
    );
  });

  it('quick replies: "1. Yes\\n2. No" plus the hint', () => {
    expect(
      text({ content: { type: 'quickReplies', text: 'Confirm?', replies: [{ id: 'y', title: 'Yes', payload: 'Y' }, { id: 'n', title: 'No', payload: 'N' }] } }),
    ).toBe('Confirm?\n\n1. Yes\n2. No\n\nReply with the number or the option.');
  });

  it('card: title, subtitle and buttons stacked; the image is left out', () => {
    expect(
      text({ content: { type: 'card', title: 'Red shirt', subtitle: '€20', imageUrl: 'https://cdn.example.com/r.png', buttons: [postback('buy', 'Buy')] } }),
    ).toBe(`Red shirt\n€20\n1. Buy\n\n${DEFAULT_FALLBACK_HINT}`);
  });

  it('carousel: cards as stacked blocks, numbering continuing across cards', () => {
    expect(
      text({
        content: {
          type: 'carousel',
          cards: [
            { title: 'Red', buttons: [postback('red', 'Buy red')] },
            { title: 'Blue', subtitle: 'New', buttons: [postback('blue', 'Buy blue'), { id: 'more', title: 'More', action: { type: 'url', url: 'https://shop.example.com/blue' } }] },
          ],
        },
      }),
    ).toBe(`Red\n1. Buy red\n\nBlue\nNew\n2. Buy blue\nMore: https://shop.example.com/blue\n\n${DEFAULT_FALLBACK_HINT}`);
  });

  it('rich link: "Title: url" and the description', () => {
    expect(text({ content: { type: 'richLink', url: 'https://example.com/news', title: 'New store', description: 'Opening Monday' } })).toBe(
      'New store: https://example.com/news\nOpening Monday',
    );
  });

  it('list picker: sections with their titles, items numbered across sections', () => {
    expect(
      text({
        content: {
          type: 'listPicker',
          title: 'Choose a store',
          subtitle: 'Nearest first',
          sections: [
            { title: 'Madrid', items: [{ id: 'sol', title: 'Sol', subtitle: 'till 22:00', payload: 'SOL' }, { id: 'ret', title: 'Retiro', payload: 'RET' }] },
            { title: 'Barcelona', items: [{ id: 'bcn', title: 'Diagonal', payload: 'BCN' }] },
          ],
        },
      }),
    ).toBe(`Choose a store\nNearest first\n\nMadrid\n1. Sol – till 22:00\n2. Retiro\n\nBarcelona\n3. Diagonal\n\n${DEFAULT_FALLBACK_HINT}`);
  });

  it('time picker: slots formatted in the picker time zone, with the location', () => {
    const picker = {
      content: {
        type: 'timePicker',
        title: 'Book a fitting',
        timezone: 'Europe/Madrid',
        location: { title: 'Sol store', address: 'Puerta del Sol 1' },
        slots: [
          { id: 's1', start: '2025-03-04T08:30:00Z', durationMinutes: 30 },
          { id: 's2', start: '2025-03-04T10:00:00Z', durationMinutes: 60 },
        ],
      },
    };
    expect(text(picker, { hint: false })).toBe(
      [
        'Book a fitting',
        'Location: Sol store, Puerta del Sol 1',
        'Times in Europe/Madrid:',
        '1. Tue, Mar 4, 2025, 9:30 – 10:00 AM',
        '2. Tue, Mar 4, 2025, 11:00 AM – 12:00 PM',
      ].join('\n'),
    );
  });

  it('time picker: the caller can show the customer zone and locale instead (words and dates in the locale)', () => {
    const picker = { content: { type: 'timePicker', title: 'T', timezone: 'Europe/Madrid', slots: [{ id: 's1', start: '2025-03-04T08:30:00Z', durationMinutes: 30 }] } };
    const shown = text(picker, { timeZone: 'America/New_York', locale: 'es-ES', hint: false });
    expect(shown).toContain('Horas en America/New_York:');
    expect(shown).toMatch(/1\. mar, 4 mar 2025, 3:30\s*–\s*4:00/);
  });

  it('adaptive card: its text blocks, facts, inputs and actions', () => {
    expect(
      text({
        content: {
          type: 'adaptiveCard',
          card: {
            type: 'AdaptiveCard',
            version: '1.5',
            body: [
              { type: 'TextBlock', text: '**Order** 123', weight: 'Bolder' },
              { type: 'FactSet', facts: [{ title: 'Status', value: 'Shipped' }] },
              { type: 'ColumnSet', columns: [{ type: 'Column', items: [{ type: 'TextBlock', text: 'Left' }] }] },
              { type: 'Input.Text', id: 'c', label: 'Comment' },
            ],
            actions: [
              { type: 'Action.OpenUrl', title: 'Track', url: 'https://track.example.com/123' },
              { type: 'Action.Submit', id: 'ok', title: 'Looks good', data: { ok: true } },
            ],
          },
        },
      }),
    ).toBe(`Order 123\nStatus: Shipped\nLeft\nComment\nTrack: https://track.example.com/123\n1. Looks good\n\n${DEFAULT_FALLBACK_HINT}`);
  });

  it('adaptive card with nothing but its own fallbackText uses it', () => {
    expect(
      text({ content: { type: 'adaptiveCard', card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Image', url: 'https://x.y/i.png' }], fallbackText: 'See the picture' } } }),
    ).toBe('See the picture');
  });

  it('form with a hosted copy: a link', () => {
    expect(
      text({ content: { type: 'form', title: 'Contact details', submitLabel: 'Open the form', url: 'https://forms.example.com/c', fields: [{ id: 'n', label: 'Name', kind: 'text' }] } }),
    ).toBe('Contact details\nOpen the form: https://forms.example.com/c');
  });

  it('form without a hosted copy: the list of questions', () => {
    expect(
      text({
        content: {
          type: 'form',
          title: 'Contact details',
          fields: [
            { id: 'n', label: 'Name', kind: 'text', required: true },
            { id: 'e', label: 'Email', kind: 'email' },
            { id: 's', label: 'Size', kind: 'select', options: [{ value: 's', title: 'S' }, { value: 'm', title: 'M' }] },
          ],
        },
      }),
    ).toBe('Contact details\nPlease reply with:\n- Name *\n- Email (email address)\n- Size (one of: S, M)\n* required');
  });

  it('attachment: caption and a named link', () => {
    expect(text({ content: { type: 'attachment', kind: 'file', url: 'https://x.y/inv.pdf', mime: 'application/pdf', name: 'invoice.pdf', caption: 'Your invoice' } })).toBe(
      'Your invoice\ninvoice.pdf: https://x.y/inv.pdf',
    );
    expect(text({ content: { type: 'attachment', kind: 'image', url: 'https://x.y/a.png', mime: 'image/png' } })).toBe('Image: https://x.y/a.png');
  });

  it('template: the approved body with parameters filled in', () => {
    expect(
      text({
        content: {
          type: 'template',
          name: 'order_update',
          language: 'en_US',
          bodyText: 'Hi {{1}}, order {{2}} arrives {{3}}. {{4}}',
          components: [
            { type: 'header', parameters: [{ type: 'image', url: 'https://x.y/h.png' }] },
            { type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'currency', fallback: '€20', code: 'EUR', amount1000: 20000 }, { type: 'date_time', fallback: 'May 3' }] },
          ],
        },
      }),
    ).toBe('Hi Ana, order €20 arrives May 3. {{4}}');
    expect(text({ content: { type: 'template', name: 'welcome_back', language: 'en' } })).toBe('welcome back');
  });

  it('markdown text becomes plain text with links spelled out', () => {
    expect(text({ content: { type: 'text', format: 'markdown', text: '# Shipped\n\nYour order **#123** is on its way: [track it](https://t.example.com/1).\n\n- fast\n- free' } })).toBe(
      'Shipped\n\nYour order #123 is on its way: track it (https://t.example.com/1).\n\n• fast\n• free',
    );
  });

  it('html text becomes plain text: tags stripped, links as "text (url)", lists as bullets', () => {
    expect(
      text({ content: { type: 'text', format: 'html', text: '<p>Hello <b>Ana</b>,</p><p>See <a href="https://example.com/o?a=1&amp;b=2">your order</a>.</p><ul><li>One</li><li>Two</li></ul>' } }),
    ).toBe('Hello Ana,\n\nSee your order (https://example.com/o?a=1&b=2).\n\n• One\n• Two');
  });

  it('several blocks are separated by a blank line and share one numbering and one hint', () => {
    expect(
      text({
        content: [
          { type: 'text', text: 'Hi!' },
          { type: 'buttons', text: 'Pick', buttons: [postback('a', 'A')] },
          { type: 'quickReplies', text: 'Or', replies: [{ id: 'b', title: 'B', payload: 'B' }] },
        ],
      }),
    ).toBe(`Hi!\n\nPick\n\n1. A\n\nOr\n\n2. B\n\n${DEFAULT_FALLBACK_HINT}`);
  });
});

describe('fallbackText: options', () => {
  const yesNo = { content: { type: 'quickReplies', text: '¿Confirmas?', replies: [{ id: 'y', title: 'Sí', payload: 'Y' }, { id: 'n', title: 'No', payload: 'N' }] } };

  it("the author's fallbackText overrides the generated text", () => {
    expect(text({ ...yesNo, fallbackText: 'Responde 1 (sí) o 2 (no).' })).toBe('Responde 1 (sí) o 2 (no).');
  });

  it('the hint can be replaced or left out', () => {
    expect(text(yesNo, { hint: 'Responde con el número.' }).endsWith('\n\nResponde con el número.')).toBe(true);
    expect(text(yesNo, { hint: false })).toBe('¿Confirmas?\n\n1. Sí\n2. No');
  });

  it("renderFallback ignores the author's override (for renderers that need the generated text)", () => {
    const m = message({ ...yesNo, fallbackText: 'custom' });
    expect(renderFallback(m, { hint: false }).text).toBe('¿Confirmas?\n\n1. Sí\n2. No');
  });
});

describe('fallbackOptions: the numbering an answer parser maps back', () => {
  it('lists answerable options in order with id, title, payload, kind and block', () => {
    const m = message({
      content: [
        { type: 'buttons', text: 'Pick', buttons: [postback('yes', 'Yes'), { id: 'web', title: 'Web', action: { type: 'url', url: 'https://x.y' } }] },
        { type: 'listPicker', title: 'Store', sections: [{ items: [{ id: 'sol', title: 'Sol', subtitle: 'centre', payload: 'SOL' }] }] },
        { type: 'timePicker', title: 'When', timezone: 'UTC', slots: [{ id: 'slot', start: '2025-01-01T10:00:00Z', durationMinutes: 15 }] },
        { type: 'adaptiveCard', card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Card' }], actions: [{ type: 'Action.Submit', title: 'Send', data: { a: 1 } }] } },
      ],
    });
    expect(fallbackOptions(m)).toEqual([
      { index: 1, id: 'yes', title: 'Yes', payload: 'YES', kind: 'button', blockIndex: 0 },
      { index: 2, id: 'sol', title: 'Sol', payload: 'SOL', kind: 'listItem', blockIndex: 1 },
      { index: 3, id: 'slot', title: 'Wed, Jan 1, 2025, 10:00 – 10:15 AM', payload: '2025-01-01T10:00:00Z', kind: 'timeSlot', blockIndex: 2 },
      { index: 4, id: 'Send', title: 'Send', payload: '{"a":1}', kind: 'cardAction', blockIndex: 3 },
    ]);
  });

  it('is empty when nothing is answerable', () => {
    expect(fallbackOptions(message({ content: { type: 'richLink', url: 'https://x.y', title: 'X' } }))).toEqual([]);
  });

  it('is the same whether or not the author overrides the text', () => {
    const base = { content: { type: 'quickReplies', text: 'Q', replies: [{ id: 'a', title: 'A', payload: 'A' }] } };
    expect(fallbackOptions(message({ ...base, fallbackText: 'custom' }))).toEqual(fallbackOptions(message(base)));
  });

  it('blockFallback numbers from firstIndex for renderers that degrade one block of many', () => {
    const block = contentBlocks(message({ content: { type: 'quickReplies', text: 'Q', replies: [{ id: 'a', title: 'A', payload: 'A' }] } }))[0];
    expect(blockFallback(block, { firstIndex: 4, blockIndex: 2 })).toEqual({
      text: 'Q\n\n4. A',
      options: [{ index: 4, id: 'a', title: 'A', payload: 'A', kind: 'quickReply', blockIndex: 2 }],
    });
  });
});

describe('fallback properties (every valid message)', () => {
  it('never throws, is never blank, and shows every numbered option as "<n>. <title>"', () => {
    fc.assert(
      fc.property(anyContentMessage, (m) => {
        const rendered = renderFallback(m);
        expect(rendered.text.trim().length).toBeGreaterThan(0);
        expect(fallbackText(m).trim().length).toBeGreaterThan(0);
        rendered.options.forEach((option, i) => {
          expect(option.index).toBe(i + 1);
          expect(rendered.text).toContain(`${option.index}. ${option.title}`);
        });
        if (rendered.options.length > 0) expect(rendered.text.endsWith(DEFAULT_FALLBACK_HINT)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('fallbackOptions agrees with renderFallback and is deterministic', () => {
    fc.assert(
      fc.property(anyContentMessage, (m) => {
        expect(fallbackOptions(m)).toEqual(renderFallback(m).options);
        expect(fallbackOptions(m)).toEqual(fallbackOptions(m));
      }),
      { numRuns: 200 },
    );
  });

  it('never leaves markup behind: no HTML tags or Markdown emphasis in converted text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        expect(htmlToText(`<p><b>${s.replace(/[<>&]/g, '')}</b></p>`)).not.toMatch(/<\/?(p|b)>/);
        expect(() => markdownToText(s)).not.toThrow();
      }),
    );
  });
});

describe('fallback robustness', () => {
  const picker = { content: { type: 'timePicker', title: 'T', timezone: 'Asia/Tokyo', slots: [{ id: 's1', start: '2025-03-04T00:00:00Z', durationMinutes: 30 }] } };

  it('ignores an unknown caller time zone or locale instead of throwing', () => {
    expect(text(picker, { timeZone: 'Nowhere/Land', hint: false })).toContain('Times in Asia/Tokyo:\n1. Tue, Mar 4, 2025, 9:00 – 9:30 AM');
    expect(text(picker, { locale: 'not a locale!!', hint: false })).toContain('1. Tue, Mar 4, 2025, 9:00 – 9:30 AM');
  });

  it('fallbackOptions titles follow the locale and zone the text used', () => {
    const [option] = fallbackOptions(message(picker), { timeZone: 'UTC' });
    expect(option.title).toBe('Tue, Mar 4, 2025, 12:00 – 12:30 AM');
    expect(text(picker, { timeZone: 'UTC' })).toContain(`1. ${option.title}`);
  });
});
