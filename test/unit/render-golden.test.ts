// Golden tests: each channel's rendering of each content type (the documented samples plus a few
// edge variants) compared with reviewed JSON under test/fixtures/golden/<channel>/<type>.json.
// After a deliberate change, rewrite them with `UPDATE_GOLDEN=1 npx vitest run --project unit
// test/unit/render-golden.test.ts` and review the diff against channels.md's request shapes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RICH_CONTENT_SAMPLES, SAMPLE_RENDER_CONTEXT } from '../../scripts/docs/rich-content-samples';
import type { ButtonAction, ContentMessage } from '../../model/content/model';
import { RICH_CONTENT_TYPES } from '../../model/content/types';
import { getRendering, renderedChannelTypes } from '../../connectors/renderers';

const GOLDEN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const context = { ...SAMPLE_RENDER_CONTEXT, replyToken: 'reply-token-1' };

const button = (id: string, title: string, action: ButtonAction) => ({ id, title, action });

/** Edge cases every channel must handle: overflow, mixed kinds, sections, long text. */
const VARIANTS: Record<string, ContentMessage> = {
  'buttons--mixed': {
    content: {
      type: 'buttons',
      text: 'Your parcel is delayed. What would you like to do?',
      buttons: [
        button('wait', 'Wait for it', { type: 'postback', payload: 'WAIT' }),
        button('refund', 'Get a refund instead of waiting', { type: 'postback', payload: 'REFUND' }),
        button('reship', 'Ship it again', { type: 'postback', payload: 'RESHIP' }),
        button('status', 'Carrier status', { type: 'url', url: 'https://example.com/track/1234' }),
        button('call', 'Call us', { type: 'call', phone: '+14155550123' }),
      ],
    },
  },
  'quickReplies--many': {
    content: {
      type: 'quickReplies',
      text: 'Which size do you wear?',
      replies: Array.from({ length: 15 }, (_, i) => ({ id: `size-${36 + i}`, title: `EU ${36 + i}`, payload: `SIZE:${36 + i}` })),
    },
  },
  'listPicker--sections': {
    content: {
      type: 'listPicker',
      title: 'Choose your add-ons',
      multipleSelection: true,
      sections: [
        {
          title: 'Protection',
          items: [
            { id: 'ins', title: 'Insurance', subtitle: 'Covers loss and damage in transit, up to €500', imageUrl: 'https://example.com/i/ins.png', payload: 'ADDON:INS' },
            { id: 'sig', title: 'Signature on delivery', payload: 'ADDON:SIG' },
          ],
        },
        {
          title: 'Speed',
          items: Array.from({ length: 10 }, (_, i) => ({ id: `speed-${i}`, title: `Express option number ${i + 1} with a long name`, payload: `SPEED:${i}` })),
        },
      ],
    },
  },
  'carousel--many': {
    content: {
      type: 'carousel',
      cards: Array.from({ length: 12 }, (_, i) => ({
        title: `Product ${i + 1}`,
        subtitle: `€${10 + i}`,
        imageUrl: `https://example.com/img/p${i + 1}.jpg`,
        buttons: [
          button(`buy-${i}`, 'Buy', { type: 'postback', payload: `BUY:${i}` }),
          button(`info-${i}`, 'Info', { type: 'url', url: `https://example.com/p/${i + 1}` }),
          button(`save-${i}`, 'Save', { type: 'postback', payload: `SAVE:${i}` }),
          button(`share-${i}`, 'Share', { type: 'postback', payload: `SHARE:${i}` }),
        ],
      })),
    },
  },
  'text--long': {
    content: { type: 'text', text: Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1}: your order is being prepared by our warehouse team and will leave today.`).join('\n\n') },
  },
  'mixed--blocks': {
    fallbackText: 'Your order has shipped. Reply 1 to track it or 2 for help.',
    content: [
      { type: 'text', format: 'markdown', text: 'Your order **#1234** has shipped.' },
      { type: 'quickReplies', text: 'Anything else?', replies: [{ id: 'track-it', title: 'Track it', payload: 'TRACK' }, { id: 'help', title: 'Help', payload: 'HELP' }] },
      { type: 'attachment', kind: 'file', url: 'https://example.com/invoice-1234.pdf', mime: 'application/pdf', name: 'invoice-1234.pdf', size: 48_000 },
    ],
  },
};

const CASES: [string, ContentMessage][] = [...RICH_CONTENT_TYPES.map((t) => [t, RICH_CONTENT_SAMPLES[t]] as [string, ContentMessage]), ...Object.entries(VARIANTS)];

describe('golden renderings', () => {
  for (const channel of renderedChannelTypes()) {
    describe(channel, () => {
      for (const [name, message] of CASES) {
        it(name, () => {
          const { payloads, report } = getRendering(channel)!.render(message, context);
          const actual = `${JSON.stringify({ report, payloads }, null, 2)}\n`;
          const file = resolve(GOLDEN_DIR, channel, `${name}.json`);
          if (UPDATE || !existsSync(file)) {
            if (!UPDATE) throw new Error(`Missing golden ${file}: run with UPDATE_GOLDEN=1 and review it`);
            mkdirSync(dirname(file), { recursive: true });
            writeFileSync(file, actual);
          }
          expect(actual).toBe(readFileSync(file, 'utf8'));
        });
      }
    });
  }
});
