// WeChat answers (channels.md §22a/c): the XML message, parsed to an object (optionally under `xml`).
// A msgmenu tap is a text message carrying `bizmsgmenuid` — the option's fallback number Parley used
// as the menu id; any other text message's Content is typed.
import { answerParser, isRecord, str } from '../shared/answer/answer-parser';
import { indexToken } from '../shared/answer/resolve-answer';

export const parseWeChatAnswer = answerParser('wechat', (raw) => {
  const message = isRecord(raw.xml) ? raw.xml : raw;
  if (message.MsgType !== 'text') return null;
  const menuId = str(message.bizmsgmenuid);
  if (menuId !== undefined && /^\d+$/.test(menuId)) return { tap: indexToken(Number(menuId)) };
  const content = str(message.Content);
  return content !== undefined ? { text: content } : null;
});
