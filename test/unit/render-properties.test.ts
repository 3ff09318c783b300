// Property: every valid content message renders on every channel without throwing, with one report
// entry per block, and every payload within that channel's documented native limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentBlocks, parseContentMessage, type ContentMessage } from '../../model/content/model';
import { getRendering, renderedChannelTypes } from '../../connectors/renderers';
import type { RenderContext } from '../../connectors/render';
import { anyContentMessage, contentMessageArbitrary } from '../fixtures/content-arbitrary';
import { LIMIT_CHECKERS } from '../support/render-checkers';

const contexts: RenderContext[] = [
  { recipientId: '+14155550100', threadId: 'a:personal-1', senderName: 'Parley' },
  { recipientId: 'U0123', threadId: '19:channel@thread.tacv2', replyToken: 'reply-token-1', answerLink: (id) => `https://parley.example.com/a/${id}` },
];

/** Long texts and many options: the model's own limits, far past any channel's. */
const big = (message: ContentMessage): ContentMessage => ({
  ...message,
  content: contentBlocks(message).map((block) => {
    switch (block.type) {
      case 'text':
        return { ...block, text: `${block.text} `.repeat(Math.ceil(9000 / (block.text.length + 1))).trim() };
      case 'buttons':
        return { ...block, text: block.text.repeat(8), buttons: Array.from({ length: 30 }, (_, i) => ({ ...block.buttons[i % block.buttons.length], id: `b${i}-${block.buttons[0].id}`.slice(0, 128) })) };
      case 'quickReplies':
        return { ...block, replies: Array.from({ length: 40 }, (_, i) => ({ ...block.replies[i % block.replies.length], id: `q${i}-${block.replies[0].id}`.slice(0, 128) })) };
      default:
        return block;
    }
  }),
});

function assertRenders(type: string, message: ContentMessage, context: RenderContext): void {
  expect(parseContentMessage(message).ok).toBe(true);
  const rendering = getRendering(type)!;
  const result = rendering.render(message, context);
  expect(result.report).toHaveLength(contentBlocks(message).length);
  expect(result.payloads.length).toBeGreaterThan(0);
  const violations = result.payloads.flatMap((p, i) => LIMIT_CHECKERS[type](p).map((v) => `payload ${i}: ${v}`));
  expect(violations, JSON.stringify(result.payloads).slice(0, 2000)).toEqual([]);
}

describe('the limit checkers', () => {
  it('flag payloads a provider would reject', () => {
    const quickReplies = Array.from({ length: 14 }, (_, i) => ({ content_type: 'text', title: `Option ${i}`, payload: `p${i}` }));
    expect(LIMIT_CHECKERS.messenger({ recipient: { id: '1' }, message: { text: 'Pick', quick_replies: quickReplies } })).toEqual(['quick_replies has 14 (allowed 1–13)']);
    const buttons = [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `Button ${i}` } }));
    expect(LIMIT_CHECKERS.whatsapp({ messaging_product: 'whatsapp', to: '1', type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons } } })).toEqual([
      'reply buttons has 4 (allowed 1–3)',
    ]);
    expect(LIMIT_CHECKERS.telegram({ method: 'sendMessage', chat_id: '1', text: 'x'.repeat(4097) })).toEqual(['text is 4097 (> 4096)']);
    expect(LIMIT_CHECKERS.telegram({ method: 'sendMessage', chat_id: '1', text: 'x', reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'é'.repeat(33) }]] } })).toEqual([
      'callback_data is 66 (> 64)',
    ]);
    expect(LIMIT_CHECKERS.sms({ To: '+1', Body: 'x'.repeat(1601) })).toEqual(['Body is 1601 (> 1600)']);
  });
});

describe('every channel renders every valid message within its limits', () => {
  it('has a limit checker for every rendered channel', () => {
    expect(Object.keys(LIMIT_CHECKERS).sort()).toEqual(renderedChannelTypes().sort());
  });

  for (const type of renderedChannelTypes()) {
    it(`${type}: arbitrary messages`, () => {
      fc.assert(
        fc.property(anyContentMessage, fc.constantFrom(...contexts), (message, context) => assertRenders(type, message, context)),
        { numRuns: 300 },
      );
    });

    it(`${type}: oversized messages (long texts, many options)`, () => {
      fc.assert(
        fc.property(contentMessageArbitrary({ types: ['text', 'buttons', 'quickReplies', 'listPicker', 'carousel', 'timePicker'], maxBlocks: 2 }).map(big), fc.constantFrom(...contexts), (message, context) => {
          // Repeating a text can turn it into markup with nothing readable ("_" → "_ _ _", a thematic
          // break): the API refuses such a message, so it is not one a renderer ever sees.
          fc.pre(parseContentMessage(message).ok);
          assertRenders(type, message, context);
        }),
        { numRuns: 60 },
      );
    });
  }
});
