// One typical message per rich-content type: what the conformance matrix in docs/rich-content.md is
// derived from (every channel renders each sample; the report says native, degraded or fallback).
// Samples use what authors usually send — short titles, a single untitled list section, no item
// images — so the matrix shows a channel's normal behaviour; the golden tests cover the edges.
import type { ContentMessage } from '../../model/content/model';
import type { RichContentType } from '../../model/content/types';

export const RICH_CONTENT_SAMPLES: Record<RichContentType, ContentMessage> = {
  text: { content: { type: 'text', text: 'Your order #1234 has shipped and should arrive on Thursday.' } },
  markdown: {
    content: { type: 'text', format: 'markdown', text: 'Your order **#1234** has shipped.\n\n- Carrier: _Parcelo_\n- [Track the parcel](https://example.com/track/1234)' },
  },
  html: {
    content: { type: 'text', format: 'html', text: '<p>Your order <b>#1234</b> has shipped.</p><ul><li>Carrier: <i>Parcelo</i></li><li><a href="https://example.com/track/1234">Track the parcel</a></li></ul>' },
  },
  buttons: {
    content: {
      type: 'buttons',
      text: 'How can we help you today?',
      buttons: [
        { id: 'track', title: 'Track my order', action: { type: 'postback', payload: 'TRACK_ORDER' } },
        { id: 'return', title: 'Return an item', action: { type: 'postback', payload: 'RETURN_ITEM' } },
        { id: 'agent', title: 'Talk to an agent', action: { type: 'postback', payload: 'AGENT' } },
      ],
    },
  },
  card: {
    content: {
      type: 'card',
      title: 'Trail Runner 2',
      subtitle: 'Lightweight trail shoe · €89',
      imageUrl: 'https://example.com/img/trail-runner-2.jpg',
      buttons: [
        { id: 'buy-tr2', title: 'Buy now', action: { type: 'postback', payload: 'BUY:TR2' } },
        { id: 'details-tr2', title: 'Details', action: { type: 'url', url: 'https://example.com/p/trail-runner-2' } },
      ],
    },
  },
  carousel: {
    content: {
      type: 'carousel',
      cards: [
        {
          title: 'Trail Runner 2',
          subtitle: 'Lightweight trail shoe · €89',
          imageUrl: 'https://example.com/img/trail-runner-2.jpg',
          buttons: [{ id: 'buy-tr2', title: 'Buy now', action: { type: 'postback', payload: 'BUY:TR2' } }],
        },
        {
          title: 'Road Glide',
          subtitle: 'Cushioned road shoe · €119',
          imageUrl: 'https://example.com/img/road-glide.jpg',
          buttons: [{ id: 'buy-rg', title: 'Buy now', action: { type: 'postback', payload: 'BUY:RG' } }],
        },
        {
          title: 'Court Classic',
          subtitle: 'Leather court shoe · €79',
          imageUrl: 'https://example.com/img/court-classic.jpg',
          buttons: [{ id: 'buy-cc', title: 'Buy now', action: { type: 'postback', payload: 'BUY:CC' } }],
        },
      ],
    },
  },
  richLink: { content: { type: 'richLink', url: 'https://example.com/spring-sale', title: 'Spring sale: 20% off everything' } },
  quickReplies: {
    content: {
      type: 'quickReplies',
      text: 'How would you rate our service today?',
      replies: [
        { id: 'rate-great', title: 'Great', payload: 'CSAT:5' },
        { id: 'rate-ok', title: 'OK', payload: 'CSAT:3' },
        { id: 'rate-poor', title: 'Poor', payload: 'CSAT:1' },
      ],
    },
  },
  listPicker: {
    content: {
      type: 'listPicker',
      title: 'Choose a department',
      subtitle: 'We will connect you with the right team',
      sections: [
        {
          items: [
            { id: 'dept-billing', title: 'Billing', subtitle: 'Invoices and payments', payload: 'DEPT:BILLING' },
            { id: 'dept-tech', title: 'Technical support', subtitle: 'Problems with the app', payload: 'DEPT:TECH' },
            { id: 'dept-sales', title: 'Sales', subtitle: 'Plans and pricing', payload: 'DEPT:SALES' },
          ],
        },
      ],
    },
  },
  timePicker: {
    content: {
      type: 'timePicker',
      title: 'Pick a time for your call',
      timezone: 'Europe/Madrid',
      location: { title: 'Madrid store', address: 'Gran Vía 1, Madrid' },
      slots: [
        { id: 'slot-1', start: '2026-03-04T09:30:00Z', durationMinutes: 30 },
        { id: 'slot-2', start: '2026-03-04T11:00:00Z', durationMinutes: 30 },
        { id: 'slot-3', start: '2026-03-05T15:00:00Z', durationMinutes: 30 },
      ],
    },
  },
  adaptiveCard: {
    content: {
      type: 'adaptiveCard',
      card: {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          { type: 'TextBlock', text: 'Your booking', weight: 'Bolder', wrap: true },
          { type: 'FactSet', facts: [{ title: 'Date', value: '4 March 2026' }, { title: 'Guests', value: '2' }] },
        ],
        actions: [{ type: 'Action.Submit', id: 'confirm-booking', title: 'Confirm', data: { action: 'confirm' } }],
      },
    },
  },
  form: {
    content: {
      type: 'form',
      title: 'Delivery details',
      fields: [
        { id: 'name', label: 'Full name', kind: 'text', required: true },
        { id: 'email', label: 'Email', kind: 'email', required: true },
        { id: 'day', label: 'Preferred day', kind: 'date' },
      ],
      submitLabel: 'Send',
      url: 'https://example.com/forms/delivery',
    },
  },
  attachment: {
    content: { type: 'attachment', kind: 'image', url: 'https://example.com/media/receipt.png', mime: 'image/png', name: 'receipt.png', size: 120_000, caption: 'Your receipt' },
  },
  template: {
    content: {
      type: 'template',
      name: 'order_shipped',
      language: 'en_US',
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#1234' }] }],
      bodyText: 'Hi {{1}}, your order {{2}} has shipped.',
    },
  },
};

/**
 * Where the samples are sent: a North American number (SMS may use MMS), a personal Teams chat.
 * No `answerLink`: Parley has no tracked-answer endpoint yet, so the matrix shows what ships today
 * (email options are answered by replying with their number).
 */
export const SAMPLE_RENDER_CONTEXT = {
  recipientId: '+14155550100',
  threadId: 'a:personal-thread-1',
  senderName: 'Parley',
  // Email sends always carry answer links (engine/email/answer-links.ts).
  answerLink: (optionId: string) => `https://parley.example.com/a/${optionId}`,
};
