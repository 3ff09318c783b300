// Property: every valid content message renders on every channel without throwing, with one report
// entry per block, and every payload within that channel's documented native limits (the properties
// are in test/support/render-properties.ts; render-properties-random-seeds.test.ts runs them under fresh seeds).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderedChannelTypes } from '../../connectors/renderers';
import { LIMIT_CHECKERS } from '../support/render-checkers';
import { PROPERTY_RUNS, arbitraryMessagesRender, oversizedMessagesRender } from '../support/render-properties';

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
      fc.assert(arbitraryMessagesRender(type), { numRuns: PROPERTY_RUNS.arbitrary });
    });

    it(`${type}: oversized messages (long texts, many options)`, () => {
      fc.assert(oversizedMessagesRender(type), { numRuns: PROPERTY_RUNS.oversized });
    });
  }
});
