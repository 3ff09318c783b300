// Parley's Telegram and Slack payloads checked against types the project did not write: grammY's
// Bot API declarations (@grammyjs/types) and Slack's Block Kit types (@slack/types), at compile time
// (`npm run typecheck` covers this file), and against the limits in the providers' documentation —
// the numbers below are copied from the Bot API and Block Kit references, not from the renderers.
import type { Opts, Update } from '@grammyjs/types';
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../connectors/connector';
import { telegramConnector } from '../../connectors/telegram';
import type { TelegramRequest } from '../../connectors/telegram/render';
import { telegramRequestsFor } from '../../connectors/telegram/send';
import type { SlackPostMessageBody } from '../../connectors/slack/render';
import { slackRequestsFor } from '../../connectors/slack/send';
import type { ContentBlock } from '../../model/content/model';

/** Each request body is an argument grammY's Bot API declarations accept for its method. */
function asBotApiArgs(request: TelegramRequest): unknown {
  switch (request.method) {
    case 'sendMessage': { const { method: _, ...args } = request; const typed: Opts<never>['sendMessage'] = args; return typed; }
    case 'sendPhoto': { const { method: _, ...args } = request; const typed: Opts<never>['sendPhoto'] = args; return typed; }
    case 'sendVideo': { const { method: _, ...args } = request; const typed: Opts<never>['sendVideo'] = args; return typed; }
    case 'sendAudio': { const { method: _, ...args } = request; const typed: Opts<never>['sendAudio'] = args; return typed; }
    case 'sendDocument': { const { method: _, ...args } = request; const typed: Opts<never>['sendDocument'] = args; return typed; }
  }
}

/** Each chat.postMessage body's blocks are Block Kit blocks as Slack's own types declare them. */
const asKnownBlocks = (body: SlackPostMessageBody): KnownBlock[] => body.blocks ?? [];

const long = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const buttons = (n: number, titleLength = 10) => Array.from({ length: n }, (_, i) => ({
  id: `option-with-a-rather-long-identifier-${i}-${'x'.repeat(40)}`, title: `${'T'.repeat(titleLength)}${i}`, action: { type: 'postback' as const, payload: `P${i}` },
}));
const catalogue: [string, ContentBlock | ContentBlock[]][] = [
  ['long plain text', { type: 'text', text: long(2000), format: 'plain' }],
  ['markdown', { type: 'text', text: '**Order 42** ships _today_: see [tracking](https://t.example.com/42) — costs 5.00 (incl. tax)!', format: 'markdown' }],
  ['many buttons with long ids and titles', { type: 'buttons', text: 'Pick one', buttons: buttons(30, 90) }],
  ['card with image', { type: 'card', title: 'Blue jacket', subtitle: 'Size M', imageUrl: 'https://img.example.com/j.png', buttons: buttons(2) }],
  ['carousel', { type: 'carousel', cards: Array.from({ length: 12 }, (_, i) => ({ title: `Item ${i}`, subtitle: long(60), imageUrl: `https://img.example.com/${i}.png`, buttons: buttons(2) })) }],
  ['quick replies', { type: 'quickReplies', text: 'Morning or afternoon?', replies: [{ id: 'am', title: 'Morning', payload: 'AM' }, { id: 'pm', title: 'Afternoon', payload: 'PM' }] }],
  ['attachment with long caption', { type: 'attachment', kind: 'image', url: 'https://img.example.com/a.png', mime: 'image/png', caption: long(400) }],
];

const outbound = (content: ContentBlock | ContentBlock[], threadId: string): OutboundMessage => ({
  id: 'msg_1', caseId: 'case_1', threadId, recipient: { externalId: 'U1' }, content: { content }, text: 'fallback', attachments: [],
});

describe('Telegram requests against the Bot API (grammY types, documented limits)', () => {
  for (const [name, content] of catalogue) {
    it(name, () => {
      const requests = telegramRequestsFor(outbound(content, '4242'));
      expect(requests.length).toBeGreaterThan(0);
      for (const request of requests) {
        asBotApiArgs(request);
        if (request.method === 'sendMessage') expect(request.text.length).toBeLessThanOrEqual(4096); // sendMessage: text 1-4096 characters
        if ('caption' in request && request.caption) expect(request.caption.length).toBeLessThanOrEqual(1024); // caption 0-1024 characters
        const keyboard = request.reply_markup && 'inline_keyboard' in request.reply_markup ? request.reply_markup.inline_keyboard.flat() : [];
        for (const button of keyboard) if ('callback_data' in button) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64); // callback_data 1-64 bytes
      }
    });
  }

  it('parses Updates typed by grammY\'s declarations', () => {
    const update: Update = { update_id: 1, message: { message_id: 2, date: 1_764_000_000, chat: { id: 3, type: 'private', first_name: 'Ana' }, from: { id: 3, is_bot: false, first_name: 'Ana' }, text: 'hola' } };
    const [event] = telegramConnector.parse({ method: 'POST', url: 'https://x', headers: {}, body: Buffer.from(JSON.stringify(update)) }, { id: 'c', accountId: 'a', config: {} as never });
    expect(event).toMatchObject({ kind: 'message', text: 'hola', threadId: '3' });
  });
});

describe('Slack chat.postMessage bodies against Block Kit (@slack/types, documented limits)', () => {
  for (const [name, content] of catalogue) {
    it(name, () => {
      const bodies = slackRequestsFor(outbound(content, 'C1:1764000000.000100'));
      for (const body of bodies) {
        expect(body).toMatchObject({ channel: 'C1', thread_ts: '1764000000.000100', text: expect.any(String) });
        const blocks = asKnownBlocks(body);
        expect(blocks.length).toBeLessThanOrEqual(50); // a message holds up to 50 blocks
        for (const block of blocks) {
          if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000); // section text max 3000
          if (block.type === 'actions') {
            expect(block.elements.length).toBeLessThanOrEqual(25); // actions: up to 25 elements
            for (const element of block.elements) {
              if (element.type !== 'button') continue;
              expect(element.text.text.length).toBeLessThanOrEqual(75); // button text max 75
              expect((element.value ?? '').length).toBeLessThanOrEqual(2000); // button value max 2000
              expect(element.action_id!.length).toBeLessThanOrEqual(255); // action_id max 255
            }
          }
          if (block.type === 'carousel') expect(block.elements.length).toBeLessThanOrEqual(10); // carousel: up to 10 cards
        }
      }
    });
  }
});
