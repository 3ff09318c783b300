// Per-channel limit checkers for the property tests: each inspects rendered provider payloads
// against the documented native limits (counts, lengths, required fields) and lists violations.
// They walk the payloads independently of the renderers' code; only the numbers are shared.
import { LINE_LIMITS } from '../../connectors/line/render';
import { INSTAGRAM_DIRECT_LIMITS } from '../../connectors/instagram-direct/render';
import { MESSENGER_LIMITS } from '../../connectors/messenger/render';
import { SLACK_LIMITS } from '../../connectors/slack/render';
import { SMS_LIMITS } from '../../connectors/sms/render';
import { TEAMS_LIMITS } from '../../connectors/teams/render';
import { TELEGRAM_LIMITS } from '../../connectors/telegram/render';
import { VIBER_LIMITS } from '../../connectors/viber/render';
import { WECHAT_LIMITS } from '../../connectors/wechat/render';
import { WHATSAPP_LIMITS } from '../../connectors/whatsapp/render';
import { GOOGLE_BUSINESS_MESSAGES_LIMITS } from '../../connectors/google-business-messages/render';
import { GOOGLE_PLAY_LIMITS } from '../../connectors/google-play/render';
import { X_DM_LIMITS } from '../../connectors/x-dm/render';
import { X_LIMITS } from '../../connectors/x/render';
import { utf8Bytes, xWeightedLength } from '../../connectors/shared/text/measure';

type Json = any;
export type Checker = (payload: Json) => string[];

class Violations {
  readonly list: string[] = [];
  max(what: string, value: string | undefined, limit: number, measure: (s: string) => number = (s) => s.length): void {
    if (value === undefined) return;
    const size = measure(value);
    if (size > limit) this.list.push(`${what} is ${size} (> ${limit})`);
  }
  count(what: string, items: unknown[] | undefined, min: number, max: number): void {
    const n = items?.length ?? 0;
    if (n < min || n > max) this.list.push(`${what} has ${n} (allowed ${min}–${max})`);
  }
  need(what: string, ok: boolean): void {
    if (!ok) this.list.push(what);
  }
  nonBlank(what: string, value: unknown): void {
    this.need(`${what} must be a non-empty string`, typeof value === 'string' && value.trim().length > 0);
  }
}

const check = (fn: (v: Violations, p: Json) => void): Checker => (payload) => {
  const v = new Violations();
  fn(v, payload);
  return v.list;
};

const text = (field: (p: Json) => unknown, max?: number, measure?: (s: string) => number): Checker =>
  check((v, p) => {
    v.nonBlank('text', field(p));
    if (max !== undefined) v.max('text', field(p) as string, max, measure);
  });

function metaChecker(limits: typeof MESSENGER_LIMITS | typeof INSTAGRAM_DIRECT_LIMITS): Checker {
  return check((v, p) => {
    v.nonBlank('recipient.id', p.recipient?.id);
    const m = p.message;
    const buttons = (list: Json[], where: string) => {
      for (const b of list ?? []) {
        v.nonBlank(`${where} button title`, b.title);
        v.max(`${where} button title`, b.title, limits.buttonTitleChars);
        v.need(`${where} button type`, ['postback', 'web_url', 'phone_number'].includes(b.type));
        if (b.type !== 'web_url') v.max(`${where} button payload`, b.payload, limits.payloadChars);
      }
    };
    if (m.text !== undefined) {
      v.nonBlank('message.text', m.text);
      v.max('message.text', m.text, limits.textChars);
      if (m.quick_replies) {
        v.count('quick_replies', m.quick_replies, 1, limits.quickReplies);
        for (const q of m.quick_replies) {
          v.nonBlank('quick reply title', q.title);
          v.max('quick reply title', q.title, limits.quickReplyTitleChars);
          v.max('quick reply payload', q.payload, limits.payloadChars);
        }
      }
      return;
    }
    const payload = m.attachment?.payload;
    if (m.attachment?.type === 'template' && payload.template_type === 'button') {
      v.nonBlank('button template text', payload.text);
      v.max('button template text', payload.text, limits.templateTextChars);
      v.count('button template buttons', payload.buttons, 1, limits.buttons);
      buttons(payload.buttons, 'template');
    } else if (m.attachment?.type === 'template' && payload.template_type === 'generic') {
      v.count('generic elements', payload.elements, 1, limits.elements);
      for (const e of payload.elements) {
        v.nonBlank('element title', e.title);
        v.max('element title', e.title, limits.elementTitleChars);
        v.max('element subtitle', e.subtitle, limits.elementSubtitleChars);
        v.need('an element needs more than a title', Boolean(e.subtitle || e.image_url || e.buttons || e.default_action));
        if (e.buttons) v.count('element buttons', e.buttons, 1, limits.buttons);
        buttons(e.buttons, 'element');
      }
    } else {
      v.need('attachment type', ['image', 'video', 'audio', 'file'].includes(m.attachment?.type));
      v.nonBlank('attachment url', payload?.url);
    }
  });
}

const W = WHATSAPP_LIMITS;
const whatsapp = check((v, p) => {
  v.need('messaging_product', p.messaging_product === 'whatsapp');
  v.nonBlank('to', p.to);
  switch (p.type) {
    case 'text':
      v.nonBlank('text.body', p.text.body);
      v.max('text.body', p.text.body, W.textChars);
      return;
    case 'image':
    case 'video':
    case 'document':
      v.nonBlank('media link', p[p.type].link);
      v.max('caption', p[p.type].caption, W.captionChars);
      return;
    case 'audio':
      v.nonBlank('audio link', p.audio.link);
      return;
    case 'template':
      v.need('template name', /^[a-z0-9_]+$/.test(p.template.name));
      return;
    case 'interactive': {
      const i = p.interactive;
      v.nonBlank('body', i.body?.text);
      v.max('body', i.body?.text, W.bodyChars);
      if (i.header?.type === 'text') v.max('header', i.header.text, W.headerChars);
      if (i.type === 'button') {
        v.count('reply buttons', i.action.buttons, 1, W.replyButtons);
        const titles = i.action.buttons.map((b: Json) => b.reply.title);
        v.need('reply button titles must be distinct', new Set(titles).size === titles.length);
        for (const b of i.action.buttons) {
          v.nonBlank('button title', b.reply.title);
          v.max('button title', b.reply.title, W.buttonTitleChars);
          v.max('button id', b.reply.id, W.buttonIdChars);
        }
      } else if (i.type === 'list') {
        v.nonBlank('list button', i.action.button);
        v.max('list button', i.action.button, W.listButtonChars);
        v.count('sections', i.action.sections, 1, W.listSections);
        const rows = i.action.sections.flatMap((s: Json) => s.rows);
        v.count('rows', rows, 1, W.listRows);
        if (i.action.sections.length > 1) v.need('every section needs a title when there are several', i.action.sections.every((s: Json) => s.title));
        for (const s of i.action.sections) v.max('section title', s.title, W.sectionTitleChars);
        for (const r of rows) {
          v.nonBlank('row title', r.title);
          v.max('row title', r.title, W.rowTitleChars);
          v.max('row description', r.description, W.rowDescriptionChars);
          v.max('row id', r.id, W.rowIdChars);
        }
        const ids = rows.map((r: Json) => r.id);
        v.need('row ids must be distinct', new Set(ids).size === ids.length);
      } else if (i.type === 'cta_url') {
        v.nonBlank('display_text', i.action.parameters.display_text);
        v.max('display_text', i.action.parameters.display_text, W.ctaTextChars);
      } else v.need(`unknown interactive type ${i.type}`, false);
      return;
    }
    default:
      v.need(`unknown type ${p.type}`, false);
  }
});

const T = TELEGRAM_LIMITS;
const telegram = check((v, p) => {
  v.nonBlank('chat_id', p.chat_id);
  if (p.method === 'sendMessage') {
    v.nonBlank('text', p.text);
    v.max('text', p.text, T.textChars);
  } else {
    v.need('method', ['sendPhoto', 'sendVideo', 'sendAudio', 'sendDocument'].includes(p.method));
    v.max('caption', p.caption, T.captionChars);
  }
  const keyboard = p.reply_markup?.inline_keyboard;
  for (const row of keyboard ?? []) {
    for (const b of row) {
      v.nonBlank('button text', b.text);
      v.need('a button has either callback_data or url', (b.callback_data === undefined) !== (b.url === undefined));
      v.max('callback_data', b.callback_data, T.callbackDataBytes, utf8Bytes);
      if (b.url !== undefined) v.need('button URLs must be http(s)', /^https?:\/\//.test(b.url));
    }
  }
  for (const row of p.reply_markup?.keyboard ?? []) for (const b of row) v.nonBlank('keyboard button text', b.text);
});

const LL = LINE_LIMITS;
const lineAction = (v: Violations, a: Json) => {
  v.max('action label', a.label, LL.labelChars);
  if (a.type === 'postback') {
    v.max('postback data', a.data, LL.postbackDataChars);
    v.max('displayText', a.displayText, LL.displayTextChars);
  } else {
    v.need('action type', a.type === 'uri');
    v.max('uri', a.uri, LL.uriChars);
  }
};
const walkFlex = (v: Violations, node: Json) => {
  if (!node || typeof node !== 'object') return;
  if (node.type === 'image') v.need('Flex images must be https', typeof node.url === 'string' && node.url.startsWith('https://'));
  if (node.type === 'text') v.nonBlank('Flex text', node.text);
  if (node.action) lineAction(v, node.action);
  for (const value of Object.values(node)) if (typeof value === 'object') walkFlex(v, value);
};
const line = check((v, p) => {
  v.need('a request replies or pushes', typeof p.replyToken === 'string' || typeof p.to === 'string');
  v.count('messages', p.messages, 1, LL.messagesPerRequest);
  for (const m of p.messages) {
    if (m.type === 'text') {
      v.nonBlank('text', m.text);
      v.max('text', m.text, LL.textChars);
    } else {
      v.nonBlank('altText', m.altText);
      v.max('altText', m.altText, LL.altTextChars);
    }
    if (m.type === 'template') {
      v.nonBlank('template text', m.template.text);
      v.max('template text', m.template.text, LL.templateTextChars);
      v.count('template actions', m.template.actions, 1, LL.templateActions);
      for (const a of m.template.actions) lineAction(v, a);
    }
    if (m.type === 'flex') {
      if (m.contents.type === 'carousel') v.count('carousel bubbles', m.contents.contents, 1, LL.flexBubbles);
      walkFlex(v, m.contents);
    }
    if (m.quickReply) {
      v.count('quick reply items', m.quickReply.items, 1, LL.quickReplyItems);
      for (const item of m.quickReply.items) lineAction(v, item.action);
    }
  }
});

const S = SLACK_LIMITS;
const slackButton = (v: Violations, b: Json, ids: string[]) => {
  v.nonBlank('button text', b.text?.text);
  v.max('button text', b.text?.text, S.buttonTextChars);
  v.max('button value', b.value, S.buttonValueChars);
  v.max('action_id', b.action_id, S.actionIdChars);
  ids.push(b.action_id);
};
const slackSelect = (v: Violations, s: Json, ids: string[]) => {
  const options = s.options ?? s.option_groups.flatMap((g: Json) => g.options);
  v.count('select options', options, 1, S.selectOptions);
  if (s.option_groups) v.count('option groups', s.option_groups, 1, S.selectOptions);
  v.max('placeholder', s.placeholder?.text, S.placeholderChars);
  for (const o of options) {
    v.max('option text', o.text.text, S.optionTextChars);
    v.max('option value', o.value, S.optionValueChars);
    v.max('option description', o.description?.text, S.optionTextChars);
  }
  ids.push(s.action_id);
};
const slack = check((v, p) => {
  v.nonBlank('channel', p.channel);
  v.nonBlank('text', p.text);
  v.max('text', p.text, S.textChars);
  const ids: string[] = [];
  if (p.blocks) v.count('blocks', p.blocks, 1, S.blocks);
  for (const b of p.blocks ?? []) {
    if (b.type === 'section') {
      v.nonBlank('section text', b.text.text);
      v.max('section text', b.text.text, S.sectionChars);
      if (b.accessory && b.accessory.type !== 'image') slackSelect(v, b.accessory, ids);
    } else if (b.type === 'actions') {
      v.count('actions elements', b.elements, 1, S.actions);
      for (const e of b.elements) slackButton(v, e, ids);
    } else if (b.type === 'card' || b.type === 'carousel') {
      const cards = b.type === 'card' ? [b] : b.elements;
      if (b.type === 'carousel') v.count('carousel cards', cards, 1, S.carouselCards);
      for (const c of cards) {
        v.need('a card needs a title, image, body or actions', Boolean(c.title || c.hero_image || c.body || c.actions));
        v.max('card title', c.title?.text, S.cardTitleChars);
        v.max('card subtitle', c.subtitle?.text, S.cardTitleChars);
        v.max('card body', c.body?.text, S.cardBodyChars);
        if (c.actions) v.count('card actions', c.actions, 1, S.cardButtons);
        for (const a of c.actions ?? []) slackButton(v, a, ids);
      }
    } else if (b.type === 'image') {
      v.nonBlank('image_url', b.image_url);
      v.max('alt_text', b.alt_text, S.altTextChars);
    } else v.need(`unknown block ${b.type}`, false);
  }
  v.need('action_ids must be unique in a message', new Set(ids).size === ids.length);
});

const teamsCard = (v: Violations, card: Json, authored: boolean) => {
  v.need('Adaptive Card version ≤ 1.5', Number(card.version) <= TEAMS_LIMITS.maxAdaptiveCardVersion);
  if (authored) return;
  if (card.actions) v.count('card actions', card.actions, 1, TEAMS_LIMITS.actionsPerSet);
  const walk = (node: Json) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'ActionSet') v.count('action set', node.actions, 1, TEAMS_LIMITS.actionsPerSet);
    if (node.type === 'TextBlock') v.nonBlank('TextBlock text', node.text);
    for (const value of Object.values(node)) if (typeof value === 'object') walk(value);
  };
  walk(card.body);
};
const teams = (authoredCards: boolean): Checker =>
  check((v, p) => {
    v.need('activity type', p.type === 'message');
    v.need('an activity has text or attachments', Boolean(p.text) || (p.attachments?.length ?? 0) > 0);
    if (p.attachmentLayout === 'carousel') v.count('carousel cards', p.attachments, 1, TEAMS_LIMITS.carouselCards);
    for (const a of p.attachments ?? []) {
      if (a.contentType === 'application/vnd.microsoft.card.adaptive') teamsCard(v, a.content, authoredCards && a.content.$schema === undefined);
      else v.nonBlank('attachment contentUrl', a.contentUrl);
    }
    if (p.suggestedActions) v.count('suggested actions', p.suggestedActions.actions, 1, TEAMS_LIMITS.suggestedActions);
  });

const V = VIBER_LIMITS;
const viber = check((v, p) => {
  v.nonBlank('receiver', p.receiver);
  v.nonBlank('sender.name', p.sender?.name);
  v.max('sender.name', p.sender?.name, V.senderNameChars);
  const button = (b: Json) => {
    v.need('button grid size', b.Columns >= 1 && b.Columns <= 6 && b.Rows >= 1 && b.Rows <= 7);
    v.max('button Text', b.Text, V.buttonTextChars);
    if (b.ActionType === 'open-url') v.need('open-url needs a URL', /^https?:\/\//.test(b.ActionBody) && b.ActionBody.length <= V.urlChars);
    if (b.ActionType === 'reply') v.nonBlank('reply ActionBody', b.ActionBody);
  };
  switch (p.type) {
    case 'text':
      v.nonBlank('text', p.text);
      v.max('text', p.text, V.textChars);
      if (p.keyboard) {
        v.count('keyboard buttons', p.keyboard.Buttons, 1, V.keyboardButtons);
        p.keyboard.Buttons.forEach(button);
      }
      return;
    case 'picture':
      v.max('picture text', p.text, V.pictureTextChars);
      return;
    case 'video':
      v.need('video size', Number.isInteger(p.size) && p.size <= V.videoBytes);
      return;
    case 'file':
      v.need('file size', Number.isInteger(p.size) && p.size <= V.fileBytes);
      v.nonBlank('file_name', p.file_name);
      v.max('file_name', p.file_name, V.fileNameChars);
      return;
    case 'rich_media': {
      const rm = p.rich_media;
      v.need('ButtonsGroupRows 1–7', rm.ButtonsGroupRows >= 1 && rm.ButtonsGroupRows <= V.richMediaRows);
      const cells = rm.Buttons.reduce((n: number, b: Json) => n + b.Columns * b.Rows, 0);
      const perItem = rm.ButtonsGroupColumns * rm.ButtonsGroupRows;
      v.need('rich_media buttons fill whole items', cells % perItem === 0);
      v.count('rich_media items', Array.from({ length: cells / perItem }), 1, V.richMediaItems);
      rm.Buttons.forEach(button);
      return;
    }
    default:
      v.need(`unknown type ${p.type}`, false);
  }
});

const amb = check((v, p) => {
  v.need('v', p.v === 1);
  v.nonBlank('destinationId', p.destinationId);
  if (p.type === 'text') v.nonBlank('body', p.body);
  else if (p.type === 'richLink') {
    v.nonBlank('richLinkData.url', p.richLinkData.url);
    v.nonBlank('richLinkData.title', p.richLinkData.title);
  } else if (p.type === 'interactive') {
    const data = p.interactiveData.data;
    v.nonBlank('requestIdentifier', data.requestIdentifier);
    if (data['quick-reply']) v.count('quick-reply items', data['quick-reply'].items, 2, 5);
    else if (data.listPicker) {
      v.count('list sections', data.listPicker.sections, 1, Infinity);
      for (const s of data.listPicker.sections) v.count('section items', s.items, 1, Infinity);
    } else if (data.event) v.count('timeslots', data.event.timeslots, 1, Infinity);
    else v.need('unknown interactive data', false);
  } else v.need(`unknown type ${p.type}`, false);
});

const wechat = check((v, p) => {
  v.nonBlank('touser', p.touser);
  if (p.msgtype === 'text') {
    v.nonBlank('content', p.text.content);
    v.max('content', p.text.content, WECHAT_LIMITS.textBytes, utf8Bytes);
  } else if (p.msgtype === 'news') {
    v.count('articles', p.news.articles, 1, WECHAT_LIMITS.newsArticles);
    for (const a of p.news.articles) v.need('article needs title and url', Boolean(a.title && a.url));
  } else if (p.msgtype === 'msgmenu') {
    v.count('menu items', p.msgmenu.list, 1, Infinity);
    for (const item of p.msgmenu.list) v.need('menu ids are numbers', /^\d+$/.test(item.id));
  } else v.need(`unknown msgtype ${p.msgtype}`, false);
});

const G = GOOGLE_BUSINESS_MESSAGES_LIMITS;
const gbm = check((v, p) => {
  const suggestions = (list: Json[] | undefined, max: number) => {
    if (!list) return;
    v.count('suggestions', list, 1, max);
    for (const s of list) v.max('suggestion text', (s.reply ?? s.action).text, G.suggestionTextChars);
  };
  if (p.text !== undefined) {
    v.nonBlank('text', p.text);
    v.max('text', p.text, G.textChars);
    suggestions(p.suggestions, G.suggestions);
  } else if (p.richCard) {
    const contents = p.richCard.standaloneCard ? [p.richCard.standaloneCard.cardContent] : p.richCard.carouselCard.cardContents;
    if (p.richCard.carouselCard) v.count('carousel cards', contents, G.carouselCardsMin, G.carouselCardsMax);
    for (const c of contents) {
      v.max('card title', c.title, G.cardTitleChars);
      v.max('card description', c.description, G.cardDescriptionChars);
      suggestions(c.suggestions, G.cardSuggestions);
    }
  } else v.nonBlank('image fileUrl', p.image?.contentInfo?.fileUrl);
});

/** The checker of each channel type. `authoredCards`: Teams payloads may carry an author's own card. */
export const LIMIT_CHECKERS: Record<string, Checker> = {
  webchat: check((v, p) => {
    v.need('type', p.type === 'message');
    v.need('content', p.content !== undefined);
    v.need('text', typeof p.text === 'string');
  }),
  email: check((v, p) => {
    v.need('html', typeof p.html === 'string');
    v.nonBlank('text', p.text);
  }),
  sms: check((v, p) => {
    v.nonBlank('Body', p.Body);
    v.max('Body', p.Body, SMS_LIMITS.maxTextLength);
    if (p.MediaUrl) v.count('MediaUrl', p.MediaUrl, 1, SMS_LIMITS.mediaPerMessage);
  }),
  facebook: text((p) => p.message),
  messenger: metaChecker(MESSENGER_LIMITS),
  x: text((p) => p.text, X_LIMITS.maxTextLength, xWeightedLength),
  'x-dm': text((p) => p.text, X_DM_LIMITS.maxTextLength),
  instagram: text((p) => p.message),
  'instagram-direct': metaChecker(INSTAGRAM_DIRECT_LIMITS),
  linkedin: text((p) => p.message?.text),
  youtube: text((p) => p.snippet?.textOriginal),
  'google-business-messages': gbm,
  'google-play': text((p) => p.replyText, GOOGLE_PLAY_LIMITS.maxTextLength),
  'google-business-profile': text((p) => p.comment),
  'app-store': text((p) => p.data?.attributes?.responseBody),
  line,
  telegram,
  whatsapp,
  'apple-messages': amb,
  viber,
  teams: teams(true),
  slack,
  wechat,
  byoc: check((v, p) => {
    v.need('type', p.type === 'message');
    v.need('text', typeof p.text === 'string');
  }),
};
