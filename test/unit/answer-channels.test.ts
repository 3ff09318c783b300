// Answer parsing per channel: a tap arrives in the provider's own inbound shape carrying the token
// the renderer put in the payload, and maps back to the option; typed answers work on every channel;
// unrelated events map to nothing.
import { describe, expect, it } from 'vitest';
import type { ContentMessage } from '../../model/content/model';
import type { InboundEvent } from '../../connectors/connector';
import { getRendering, renderedChannelTypes } from '../../connectors/renderers';
import { RICH_CONTENT_SAMPLES, SAMPLE_RENDER_CONTEXT } from '../../scripts/docs/rich-content-samples';

const sent: ContentMessage = {
  content: [
    { type: 'text', text: 'Hello' },
    {
      type: 'quickReplies',
      text: 'How was it?',
      replies: [
        { id: 'great', title: 'Great', payload: 'CSAT:5' },
        { id: 'ok', title: 'OK', payload: 'CSAT:3' },
      ],
    },
    {
      type: 'listPicker',
      title: 'Department',
      sections: [{ items: [{ id: 'billing', title: 'Billing', payload: 'DEPT:BILLING' }, { id: 'tech', title: 'Technical support', subtitle: 'App problems', payload: 'DEPT:TECH' }] }],
    },
    { type: 'timePicker', title: 'When?', timezone: 'UTC', slots: [{ id: 'slot-9', start: '2026-03-04T09:00:00Z', durationMinutes: 30 }] },
  ],
};

const parse = (channel: string, inbound: unknown, message: ContentMessage = sent) => getRendering(channel)!.parseAnswer(inbound, message);
const picked = (channel: string, inbound: unknown, message: ContentMessage = sent) => parse(channel, inbound, message)?.optionId ?? null;

describe('taps in each provider’s inbound shape', () => {
  it('messenger: postback.payload and message.quick_reply.payload', () => {
    const base = { sender: { id: 'PSID' }, recipient: { id: 'PAGE' }, timestamp: 1 };
    expect(picked('messenger', { ...base, postback: { title: 'Technical support', payload: 'tech', mid: 'm1' } })).toBe('tech');
    expect(picked('messenger', { ...base, message: { mid: 'm2', text: 'Great', quick_reply: { payload: 'great' } } })).toBe('great');
    expect(picked('messenger', { object: 'page', entry: [{ id: 'PAGE', time: 1, messaging: [{ ...base, postback: { payload: 'slot-9' } }] }] })).toBe('slot-9');
    expect(parse('messenger', { ...base, postback: { payload: 'tech' } })).toMatchObject({ optionId: 'tech', payload: 'DEPT:TECH', channel: 'messenger' });
    expect(picked('messenger', { ...base, message: { mid: 'm3', text: 'OK', is_echo: true } })).toBeNull();
  });

  it('instagram-direct: the Messenger Platform shape', () => {
    expect(picked('instagram-direct', { sender: { id: 'IGSID' }, message: { mid: 'm', text: 'OK', quick_reply: { payload: 'ok' } } })).toBe('ok');
  });

  it('whatsapp: interactive button_reply / list_reply ids and template button payloads', () => {
    const msg = (extra: object) => ({ from: '16505551234', id: 'wamid.1', timestamp: '1749416383', ...extra });
    expect(picked('whatsapp', msg({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'great', title: 'Great' } } }))).toBe('great');
    expect(picked('whatsapp', msg({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'tech', title: 'Technical support', description: 'App problems' } } }))).toBe('tech');
    expect(picked('whatsapp', msg({ type: 'button', button: { payload: 'CSAT:3', text: 'OK' } }))).toBe('ok');
    const webhook = { object: 'whatsapp_business_account', entry: [{ id: 'WABA', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', messages: [msg({ type: 'text', text: { body: '٣' } })] } }] }] };
    expect(picked('whatsapp', webhook)).toBe('billing');
  });

  it('telegram: callback_query.data, reply-keyboard text', () => {
    expect(picked('telegram', { update_id: 2, callback_query: { id: 'cb', from: { id: 1 }, data: 'tech' } })).toBe('tech');
    expect(picked('telegram', { update_id: 3, message: { message_id: 5, chat: { id: 1, type: 'private' }, date: 1, text: 'Great' } })).toBe('great');
  });

  it('telegram: ids longer than 64 bytes travel as "#n" and come back', () => {
    const longId = `opt_${'x'.repeat(100)}`;
    const message: ContentMessage = { content: { type: 'buttons', text: 'Pick', buttons: [{ id: 'short', title: 'A', action: { type: 'postback', payload: 'A' } }, { id: longId, title: 'B', action: { type: 'postback', payload: 'B' } }] } };
    const [payload] = getRendering('telegram')!.render(message, SAMPLE_RENDER_CONTEXT).payloads as any[];
    const data = payload.reply_markup.inline_keyboard[1][0].callback_data;
    expect(data).toBe('#2');
    expect(picked('telegram', { update_id: 4, callback_query: { id: 'cb', data } }, message)).toBe(longId);
  });

  it('line: postback data, webhook body', () => {
    expect(picked('line', { type: 'postback', replyToken: 'r', source: { type: 'user', userId: 'U1' }, postback: { data: 'slot-9' } })).toBe('slot-9');
    expect(picked('line', { destination: 'U', events: [{ type: 'message', message: { id: '1', type: 'text', text: 'billing' } }] })).toBe('billing');
    expect(picked('line', { type: 'message', message: { id: '1', type: 'sticker' } })).toBeNull();
  });

  it('slack: block_actions button value and select option; bot messages ignored', () => {
    expect(picked('slack', { type: 'block_actions', actions: [{ type: 'button', action_id: '1.0', value: 'ok' }] })).toBe('ok');
    expect(picked('slack', { type: 'block_actions', actions: [{ type: 'static_select', action_id: '2.select', selected_option: { value: 'tech' } }] })).toBe('tech');
    expect(picked('slack', { type: 'event_callback', event: { type: 'message', user: 'U1', text: '2' } })).toBe('ok');
    expect(picked('slack', { type: 'event_callback', event: { type: 'message', bot_id: 'B1', text: '2' } })).toBeNull();
  });

  it('teams: Action.Submit value, ChoiceSet value, an author card’s data, imBack text', () => {
    expect(picked('teams', { type: 'message', value: { parleyOption: 'great' } })).toBe('great');
    expect(picked('teams', { type: 'message', value: { parleyChoice: 'tech' } })).toBe('tech');
    expect(picked('teams', { type: 'message', text: '<at>Parley</at> OK' })).toBe('ok');
    const card = RICH_CONTENT_SAMPLES.adaptiveCard;
    expect(picked('teams', { type: 'message', value: { action: 'confirm', comment: 'thanks' } }, card)).toBe('confirm-booking');
    expect(picked('teams', { type: 'message', value: { action: 'cancel' } }, card)).toBeNull();
  });

  it('viber: keyboard ActionBody as message text', () => {
    expect(picked('viber', { event: 'message', message_token: 1, sender: { id: 'V1' }, message: { type: 'text', text: 'tech' } })).toBe('tech');
    expect(picked('viber', { event: 'message', sender: { id: 'V1' }, message: { type: 'text', text: 'option 2' } })).toBe('ok');
    expect(picked('viber', { event: 'delivered', message_token: 1 })).toBeNull();
  });

  it('apple-messages: quick reply, list picker and time picker replies', () => {
    const interactive = (data: object) => ({ v: 1, type: 'interactive', sourceId: 'customer', destinationId: 'biz', interactiveData: { bid: 'x', data } });
    expect(picked('apple-messages', interactive({ 'quick-reply': { selectedIdentifier: 'ok', selectedIndex: 1 } }))).toBe('ok');
    expect(picked('apple-messages', interactive({ listPicker: { sections: [{ items: [{ identifier: 'tech', title: 'Technical support' }] }] } }))).toBe('tech');
    expect(picked('apple-messages', interactive({ event: { timeslots: [{ identifier: 'slot-9', startTime: '2026-03-04T09:00+0000', duration: 1800 }] } }))).toBe('slot-9');
    expect(picked('apple-messages', { v: 1, type: 'text', body: 'technical support' })).toBe('tech');
  });

  it('wechat: msgmenu taps carry the option number in bizmsgmenuid', () => {
    expect(picked('wechat', { xml: { ToUserName: 'gh', FromUserName: 'openid', MsgType: 'text', Content: 'Billing', bizmsgmenuid: '3' } })).toBe('billing');
    expect(picked('wechat', { MsgType: 'text', Content: '4' })).toBe('tech');
    expect(picked('wechat', { MsgType: 'event', Event: 'subscribe' })).toBeNull();
  });

  it('webchat, byoc, google-business-messages, x-dm: their postback shapes', () => {
    expect(picked('webchat', { type: 'message', clientMessageId: 'c1', text: 'Great', postback: { payload: 'great' } })).toBe('great');
    expect(picked('byoc', { type: 'postback', externalMessageId: 'e', externalConversationId: 'c', sender: { externalId: 's' }, payload: 'DEPT:BILLING' })).toBe('billing');
    expect(picked('google-business-messages', { suggestionResponse: { postbackData: 'slot-9', text: 'Wed 4 Mar' } })).toBe('slot-9');
    expect(picked('x-dm', { direct_message_events: [{ type: 'message_create', message_create: { message_data: { text: 'OK', quick_reply_response: { type: 'options', metadata: 'ok' } } } }] })).toBe('ok');
  });

  it('a normalized postback InboundEvent works on every channel', () => {
    const event: InboundEvent = { kind: 'postback', eventId: 'e1', providerMessageId: 'p1', threadId: 't', sender: { externalId: 's' }, payload: 'tech', text: 'Technical support', occurredAt: 1 };
    for (const channel of renderedChannelTypes()) expect(picked(channel, event), channel).toBe('tech');
  });

  it('a tap for an option the message does not offer maps to nothing', () => {
    expect(picked('messenger', { postback: { payload: 'GET_STARTED' } })).toBeNull();
    expect(picked('whatsapp', { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'other' } } })).toBeNull();
  });
});

describe('typed answers on every channel', () => {
  const typed: Record<string, (text: string) => unknown> = {
    webchat: (text) => ({ type: 'message', text }),
    email: (text) => ({ subject: 'Re: your order', text: `${text}\n\nOn Tue, Parley wrote:\n> 1. Great` }),
    sms: (text) => ({ MessageSid: 'SM1', From: '+14155550100', Body: text }),
    facebook: (text) => ({ field: 'feed', value: { item: 'comment', verb: 'add', message: text } }),
    messenger: (text) => ({ sender: { id: 'P' }, message: { mid: 'm', text } }),
    x: (text) => ({ tweet_create_events: [{ id_str: '1', text: `@brand ${text}` }] }),
    'x-dm': (text) => ({ direct_message_events: [{ type: 'message_create', message_create: { message_data: { text } } }] }),
    instagram: (text) => ({ field: 'comments', value: { id: 'c', text } }),
    'instagram-direct': (text) => ({ sender: { id: 'I' }, message: { mid: 'm', text } }),
    linkedin: (text) => ({ notifications: [{ action: 'COMMENT', decoratedGeneratedActivity: { comment: { text } } }] }),
    youtube: (text) => ({ kind: 'youtube#commentThread', snippet: { topLevelComment: { snippet: { textOriginal: text } } } }),
    'google-business-messages': (text) => ({ message: { text } }),
    'google-play': (text) => ({ reviewId: 'r', comments: [{ userComment: { text, starRating: 4 } }] }),
    'google-business-profile': (text) => ({ reviewId: 'r', starRating: 'FOUR', comment: text }),
    'app-store': (text) => ({ type: 'customerReviews', id: 'r', attributes: { rating: 4, body: text } }),
    line: (text) => ({ type: 'message', message: { id: '1', type: 'text', text } }),
    telegram: (text) => ({ update_id: 1, message: { message_id: 1, text } }),
    whatsapp: (text) => ({ from: '1', id: 'w', type: 'text', text: { body: text } }),
    'apple-messages': (text) => ({ v: 1, type: 'text', body: text }),
    viber: (text) => ({ event: 'message', message: { type: 'text', text } }),
    teams: (text) => ({ type: 'message', text }),
    slack: (text) => ({ type: 'event_callback', event: { type: 'message', user: 'U', text } }),
    wechat: (text) => ({ MsgType: 'text', Content: text }),
    byoc: (text) => ({ type: 'message', text }),
  };

  it('covers every channel', () => expect(Object.keys(typed).sort()).toEqual(renderedChannelTypes().sort()));

  for (const channel of renderedChannelTypes()) {
    it(channel, () => {
      expect(picked(channel, typed[channel]('4'))).toBe('tech');
      expect(picked(channel, typed[channel]('２'))).toBe('ok');
      expect(picked(channel, typed[channel]('٣'))).toBe('billing');
      expect(picked(channel, typed[channel]('#5'))).toBe('slot-9');
      expect(picked(channel, typed[channel]('great'))).toBe('great');
      expect(picked(channel, typed[channel]('I have a different question'))).toBeNull();
    });
  }
});

describe('taps round-trip through what each renderer sent', () => {
  // The token a renderer put in the payload is exactly what the provider hands back.
  const tokensOf = (payloads: unknown[]): string[] => {
    const found: string[] = [];
    const walk = (node: unknown, key?: string) => {
      if (typeof node === 'string') {
        if (['payload', 'data', 'callback_data', 'value', 'ActionBody', 'postbackData', 'identifier', 'id', 'parleyOption'].includes(key ?? '')) found.push(node);
        return;
      }
      if (Array.isArray(node)) node.forEach((n) => walk(n, key));
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
    };
    walk(payloads);
    return found;
  };

  for (const channel of ['messenger', 'instagram-direct', 'whatsapp', 'telegram', 'line', 'slack', 'viber', 'apple-messages', 'google-business-messages']) {
    it(channel, () => {
      const { payloads } = getRendering(channel)!.render(sent, SAMPLE_RENDER_CONTEXT);
      const tokens = new Set(tokensOf(payloads));
      // Telegram's quick replies are a reply keyboard: the tap comes back as the title, typed.
      const ids = channel === 'telegram' ? ['billing', 'tech', 'slot-9'] : ['great', 'ok', 'billing', 'tech', 'slot-9'];
      for (const id of ids) expect(tokens.has(id), `${channel} sends ${id}`).toBe(true);
      if (channel === 'telegram') expect(JSON.stringify(payloads)).toContain('"keyboard":[[{"text":"Great"}],[{"text":"OK"}]]');
    });
  }
});
