// The rich-content render properties, shared by test/unit/render-properties.test.ts (the fixed CI seed,
// many runs) and test/unit/render-properties-random-seeds.test.ts (a few fresh seeds on every run):
// every valid content message renders on every channel without throwing, with one report entry per
// block, and every payload within that channel's documented native limits.
import fc from 'fast-check';
import { expect } from 'vitest';
import { contentBlocks, parseContentMessage, type ContentMessage } from '../../model/content/model';
import { getRendering } from '../../connectors/renderers';
import type { RenderContext } from '../../connectors/render';
import { anyContentMessage, contentMessageArbitrary } from '../fixtures/content-arbitrary';
import { LIMIT_CHECKERS } from './render-checkers';

export const contexts: RenderContext[] = [
  { recipientId: '+14155550100', threadId: 'a:personal-1', senderName: 'Parley' },
  { recipientId: 'U0123', threadId: '19:channel@thread.tacv2', replyToken: 'reply-token-1', answerLink: (id) => `https://parley.example.com/a/${id}` },
];

/** Long texts and many options: the model's own limits, far past any channel's. */
export const big = (message: ContentMessage): ContentMessage => ({
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

export function assertRenders(type: string, message: ContentMessage, context: RenderContext): void {
  expect(parseContentMessage(message).ok).toBe(true);
  const rendering = getRendering(type)!;
  const result = rendering.render(message, context);
  expect(result.report).toHaveLength(contentBlocks(message).length);
  expect(result.payloads.length).toBeGreaterThan(0);
  const violations = result.payloads.flatMap((p, i) => LIMIT_CHECKERS[type](p).map((v) => `payload ${i}: ${v}`));
  expect(violations, JSON.stringify(result.payloads).slice(0, 2000)).toEqual([]);
}

/** Arbitrary valid messages render on channel `type` within its limits. */
export const arbitraryMessagesRender = (type: string) =>
  fc.property(anyContentMessage, fc.constantFrom(...contexts), (message, context) => assertRenders(type, message, context));

/** Oversized messages (long texts, many options) render on channel `type` within its limits. */
export const oversizedMessagesRender = (type: string) =>
  fc.property(contentMessageArbitrary({ types: ['text', 'buttons', 'quickReplies', 'listPicker', 'carousel', 'timePicker'], maxBlocks: 2 }).map(big), fc.constantFrom(...contexts), (message, context) => {
    // Repeating a text can turn it into markup with nothing readable ("_" → "_ _ _", a thematic
    // break): the API refuses such a message, so it is not one a renderer ever sees.
    fc.pre(parseContentMessage(message).ok);
    assertRenders(type, message, context);
  });

/** Runs per property in the fixed-seed test; the random-seed test runs a prefix of the same sequences. */
export const PROPERTY_RUNS = { arbitrary: 300, oversized: 60 } as const;
