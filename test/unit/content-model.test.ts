import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contentBlocks,
  ContentMessageSchema,
  parseContentMessage,
  richContentTypeOf,
  type ContentBlock,
  type ContentMessage,
} from '../../model/content/model';
import { RICH_CONTENT_TYPES } from '../../model/content/types';
import { anyContentMessage, blockArbitraries } from '../fixtures/content-arbitrary';

const postback = (id: string, title = id) => ({ id, title, action: { type: 'postback', payload: id.toUpperCase() } });

/** One valid example per block type: the documentation of the model's shapes. */
const EXAMPLES: Record<ContentBlock['type'], unknown> = {
  text: { type: 'text', text: 'Your order has shipped.' },
  buttons: {
    type: 'buttons',
    text: 'Did that help?',
    buttons: [
      postback('yes', 'Yes'),
      { id: 'site', title: 'Help centre', action: { type: 'url', url: 'https://help.example.com' } },
      { id: 'call', title: 'Call us', action: { type: 'call', phone: '+14155550100' } },
    ],
  },
  card: { type: 'card', title: 'Red shirt', subtitle: '€20', imageUrl: 'https://cdn.example.com/red.png', buttons: [postback('buy')] },
  carousel: { type: 'carousel', cards: [{ title: 'Red' }, { title: 'Blue', buttons: [postback('blue')] }] },
  richLink: { type: 'richLink', url: 'https://example.com/post', title: 'Our new store', imageUrl: 'https://example.com/i.png', description: 'Opening Monday' },
  quickReplies: { type: 'quickReplies', text: 'Pick one', replies: [{ id: 'a', title: 'A', payload: 'A' }] },
  listPicker: {
    type: 'listPicker',
    title: 'Choose a store',
    subtitle: 'Nearest first',
    sections: [{ title: 'Madrid', items: [{ id: 'sol', title: 'Sol', subtitle: 'Open till 22:00', payload: 'STORE_SOL' }] }],
    multipleSelection: false,
  },
  timePicker: {
    type: 'timePicker',
    title: 'Book a fitting',
    timezone: 'Europe/Madrid',
    location: { title: 'Sol store', address: 'Puerta del Sol 1', latitude: 40.4168, longitude: -3.7038 },
    slots: [{ id: 'slot-1', start: '2025-03-04T09:30:00+01:00', durationMinutes: 30 }],
  },
  adaptiveCard: {
    type: 'adaptiveCard',
    card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hello' }], actions: [{ type: 'Action.Submit', title: 'OK' }] },
  },
  form: {
    type: 'form',
    title: 'Contact details',
    fields: [
      { id: 'name', label: 'Name', kind: 'text', required: true },
      { id: 'size', label: 'Size', kind: 'select', options: [{ value: 'm', title: 'M' }] },
    ],
    submitLabel: 'Send',
    url: 'https://forms.example.com/contact',
  },
  attachment: { type: 'attachment', kind: 'image', url: 'https://cdn.example.com/a.png', mime: 'image/png', name: 'a.png', size: 1234, caption: 'Receipt' },
  template: {
    type: 'template',
    name: 'order_update',
    language: 'en_US',
    components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }],
    bodyText: 'Hi {{1}}, your order shipped.',
  },
};

function issuesOf(input: unknown) {
  const result = parseContentMessage(input);
  if (result.ok) throw new Error('expected the message to be rejected');
  return result.issues;
}

describe('parseContentMessage: valid messages', () => {
  it.each(Object.entries(EXAMPLES))('accepts a %s block and returns it unchanged', (_, block) => {
    const result = parseContentMessage({ content: block });
    expect(result).toEqual({ ok: true, value: { content: block } });
  });

  it('accepts a list of blocks and an author fallbackText', () => {
    const input = { fallbackText: 'Shipped! Reply 1 to track.', content: [EXAMPLES.text, EXAMPLES.buttons, EXAMPLES.card] };
    expect(parseContentMessage(input)).toEqual({ ok: true, value: input });
  });

  it('accepts markdown and html as formats of a text block', () => {
    for (const format of ['plain', 'markdown', 'html'] as const) {
      expect(parseContentMessage({ content: { type: 'text', text: '<b>Hi</b> **there**', format } }).ok).toBe(true);
    }
  });

  it('accepts every generated message (property)', () => {
    fc.assert(
      fc.property(anyContentMessage, (message) => {
        const result = parseContentMessage(message);
        expect(result.ok ? result.value : result.issues).toEqual(message);
      }),
      { numRuns: 500 },
    );
  });

  it('ContentMessageSchema (for embedding) accepts both shapes', () => {
    expect(ContentMessageSchema.safeParse({ content: EXAMPLES.text }).success).toBe(true);
    expect(ContentMessageSchema.safeParse({ content: [EXAMPLES.text] }).success).toBe(true);
  });
});

describe('parseContentMessage: field-level errors', () => {
  it('names the field of an empty button title', () => {
    expect(issuesOf({ content: { type: 'buttons', text: 'Hi', buttons: [{ id: 'a', title: ' ', action: { type: 'postback', payload: 'x' } }] } })).toEqual([
      { path: 'content.buttons.0.title', message: 'Title must not be empty' },
    ]);
  });

  it('uses the block index in list-shaped messages', () => {
    expect(issuesOf({ content: [EXAMPLES.text, { type: 'quickReplies', text: 'x', replies: [{ id: 'q', title: 'Q' }] }] })).toEqual([
      { path: 'content.1.replies.0.payload', message: 'Payload must be a string' },
    ]);
  });

  it('rejects an unknown block type at content.type', () => {
    const [issue] = issuesOf({ content: { type: 'hologram' } });
    expect(issue.path).toBe('content.type');
  });

  it('rejects non-object input and a missing content', () => {
    expect(issuesOf('hello')[0].path).toBe('(message)');
    expect(issuesOf(null)[0].path).toBe('(message)');
    expect(issuesOf({})[0].path).toBe('content');
    expect(issuesOf({ content: [] })).toEqual([{ path: 'content', message: 'At least one content block is required' }]);
  });

  it.each([
    ['ftp://example.com/x', 'content.buttons.0.action.url'],
    ['javascript:alert(1)', 'content.buttons.0.action.url'],
    ['/relative', 'content.buttons.0.action.url'],
  ])('rejects the non-http(s) URL %s', (url, path) => {
    const issues = issuesOf({ content: { type: 'buttons', text: 'Hi', buttons: [{ id: 'a', title: 'A', action: { type: 'url', url } }] } });
    expect(issues).toEqual([{ path, message: 'Must be an absolute http(s) URL' }]);
  });

  it('requires E.164 phone numbers for call buttons', () => {
    const issues = issuesOf({ content: { type: 'buttons', text: 'Hi', buttons: [{ id: 'a', title: 'A', action: { type: 'call', phone: '555-0100' } }] } });
    expect(issues.map((i) => i.path)).toEqual(['content.buttons.0.action.phone']);
  });

  it('rejects ids repeated anywhere in the message, pointing at the repeat', () => {
    const issues = issuesOf({
      content: [
        { type: 'buttons', text: 'Hi', buttons: [postback('yes')] },
        { type: 'quickReplies', text: 'Or', replies: [{ id: 'yes', title: 'Yes', payload: 'Y' }] },
      ],
    });
    expect(issues).toEqual([{ path: 'content.1.replies.0.id', message: 'Duplicate id "yes" (already used at content.0.buttons.0.id)' }]);
  });

  it('checks ids inside carousels and list sections', () => {
    expect(issuesOf({ content: { type: 'carousel', cards: [{ title: 'A', buttons: [postback('b')] }, { title: 'B', buttons: [postback('b')] }] } })[0].path).toBe(
      'content.cards.1.buttons.0.id',
    );
    const list = { type: 'listPicker', title: 'L', sections: [{ items: [{ id: 'i', title: 'I', payload: 'p' }] }, { items: [{ id: 'i', title: 'J', payload: 'q' }] }] };
    expect(issuesOf({ content: list })[0].path).toBe('content.sections.1.items.0.id');
  });

  it('rejects malformed ids', () => {
    expect(issuesOf({ content: { type: 'buttons', text: 'Hi', buttons: [postback('has space')] } })[0].path).toBe('content.buttons.0.id');
  });

  it('validates time pickers: zone, ISO start with offset, positive duration', () => {
    const issues = issuesOf({
      content: { type: 'timePicker', title: 'T', timezone: 'Mars/Olympus', slots: [{ id: 's', start: '2025-03-04 09:30', durationMinutes: 0 }] },
    });
    expect(issues.map((i) => i.path)).toEqual(['content.timezone', 'content.slots.0.start', 'content.slots.0.durationMinutes']);
  });

  it('validates Adaptive Cards: type, version, readable content', () => {
    expect(issuesOf({ content: { type: 'adaptiveCard', card: { type: 'HeroCard', version: '1.5', body: [] } } })[0].path).toBe('content.card.type');
    expect(issuesOf({ content: { type: 'adaptiveCard', card: { type: 'AdaptiveCard', version: 'v1', body: [] } } })[0].path).toBe('content.card.version');
    expect(issuesOf({ content: { type: 'adaptiveCard', card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Image', url: 'https://x.y/i.png' }] } } })).toEqual([
      { path: 'content.card', message: expect.stringContaining('no readable text') },
    ]);
  });

  it('keeps unknown Adaptive Card properties (the card format evolves)', () => {
    const card = { type: 'AdaptiveCard', version: '1.6', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', body: [{ type: 'TextBlock', text: 'Hi', wrap: true }] };
    const result = parseContentMessage({ content: { type: 'adaptiveCard', card } });
    expect(result.ok && result.value).toEqual({ content: { type: 'adaptiveCard', card } });
  });

  it('rejects html or markdown with no readable text', () => {
    expect(issuesOf({ content: { type: 'text', text: '<script>x()</script><br>', format: 'html' } })).toEqual([
      { path: 'content.text', message: 'The html has no readable text' },
    ]);
    expect(issuesOf({ content: { type: 'text', text: '---', format: 'markdown' } })[0].path).toBe('content.text');
  });

  it('validates forms: select needs options, others take none, option values unique', () => {
    const issues = issuesOf({
      content: {
        type: 'form',
        title: 'F',
        fields: [
          { id: 'a', label: 'A', kind: 'select' },
          { id: 'b', label: 'B', kind: 'text', options: [{ value: 'x', title: 'X' }] },
          { id: 'c', label: 'C', kind: 'select', options: [{ value: 'x', title: 'X' }, { value: 'x', title: 'Y' }] },
          { id: 'd', label: 'D', kind: 'colour' },
        ],
      },
    });
    expect(issues.map((i) => i.path)).toEqual(['content.fields.0.options', 'content.fields.1.options', 'content.fields.2.options.1.value', 'content.fields.3.kind']);
  });

  it('checks that a media attachment has a MIME type of its family', () => {
    expect(issuesOf({ content: { type: 'attachment', kind: 'image', url: 'https://x.y/a.pdf', mime: 'application/pdf' } })).toEqual([
      { path: 'content.mime', message: 'An attachment of kind image needs a image/* MIME type' },
    ]);
    expect(parseContentMessage({ content: { type: 'attachment', kind: 'file', url: 'https://x.y/a.png', mime: 'image/png' } }).ok).toBe(true);
  });

  it('validates WhatsApp template references', () => {
    const issues = issuesOf({ content: { type: 'template', name: 'Order Update', language: 'english', components: [{ type: 'body', parameters: [{ type: 'text', text: '' }] }] } });
    expect(issues.map((i) => i.path)).toEqual(['content.name', 'content.language', 'content.components.0.parameters.0.text']);
  });

  it('enforces the model limits (empty lists, over-long titles, blank fallbackText)', () => {
    expect(issuesOf({ content: { type: 'carousel', cards: [] } })[0].path).toBe('content.cards');
    expect(issuesOf({ content: { type: 'card', title: 'x'.repeat(257) } })).toEqual([{ path: 'content.title', message: 'Title must be at most 256 characters' }]);
    expect(issuesOf({ fallbackText: '  ', content: EXAMPLES.text })[0].path).toBe('fallbackText');
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ id: `r${i}`, title: `R${i}`, payload: `${i}` }));
    expect(issuesOf({ content: { type: 'quickReplies', text: 'x', replies: tooMany } })[0].path).toBe('content.replies');
  });
});

describe('model helpers', () => {
  it('contentBlocks normalises both shapes', () => {
    const one: ContentMessage = { content: { type: 'text', text: 'a' } };
    const many: ContentMessage = { content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] };
    expect(contentBlocks(one)).toEqual([one.content]);
    expect(contentBlocks(many)).toBe(many.content);
  });

  it('richContentTypeOf maps text formats to the matrix names markdown and html', () => {
    expect(richContentTypeOf({ type: 'text', text: 'a' })).toBe('text');
    expect(richContentTypeOf({ type: 'text', text: 'a', format: 'plain' })).toBe('text');
    expect(richContentTypeOf({ type: 'text', text: 'a', format: 'markdown' })).toBe('markdown');
    expect(richContentTypeOf({ type: 'text', text: 'a', format: 'html' })).toBe('html');
    expect(richContentTypeOf({ type: 'card', title: 'a' })).toBe('card');
  });

  it('every block type and text format is a RichContentType, and every RichContentType is reachable', () => {
    const reachable = new Set<string>(['markdown', 'html']);
    fc.assert(
      fc.property(fc.oneof(...Object.values(blockArbitraries).map((a) => a as fc.Arbitrary<ContentBlock>)), (block) => {
        const type = richContentTypeOf(block);
        expect(RICH_CONTENT_TYPES).toContain(type);
        reachable.add(type);
      }),
      { numRuns: 300 },
    );
    expect([...reachable].sort()).toEqual([...RICH_CONTENT_TYPES].sort());
  });
});
