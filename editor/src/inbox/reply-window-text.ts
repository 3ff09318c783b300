// The reply window in one plain sentence: "WhatsApp: free-form until 14:32, then templates only."
import { t } from '../i18n';
import { formatClock } from '../ui/time-format';
import type { ReplyWindow } from './types';

const clock = (iso: string, now: number) => formatClock(iso, now, 'weekday');

export type WindowTone = 'open' | 'closing' | 'closed';

export function replyWindowText(w: ReplyWindow, now: number): { text: string; tone: WindowTone; canWrite: boolean } {
  const channel = w.channelName;
  if (w.hours === null || w.outsideWindow === 'anything') return { text: t('inbox.windowNone', { channel }), tone: 'open', canWrite: true };
  const closes = w.closesAt ? Date.parse(w.closesAt) : null;
  if (closes !== null && now <= closes) {
    const time = clock(w.closesAt!, now);
    const tone: WindowTone = closes - now < 2 * 3_600_000 ? 'closing' : 'open';
    const key = w.outsideWindow === 'templates' ? 'inbox.windowOpenTemplates' : w.outsideWindow === 'nothing' ? 'inbox.windowOpenNothing'
      : w.outsideWindow === 'tagged' && w.humanAgentClosesAt ? 'inbox.windowOpenTagged' : 'inbox.windowOpen';
    return { text: t(key, { channel, time, human: w.humanAgentClosesAt ? clock(w.humanAgentClosesAt, now) : '' }), tone, canWrite: true };
  }
  if (w.outsideWindow === 'tagged' && w.humanAgentClosesAt && now <= Date.parse(w.humanAgentClosesAt)) {
    return { text: t('inbox.windowHumanOnly', { channel, human: clock(w.humanAgentClosesAt, now) }), tone: 'closing', canWrite: true };
  }
  if (closes === null && w.outsideWindow === 'templates') return { text: t('inbox.windowNotOpened', { channel }), tone: 'closed', canWrite: false };
  return { text: t(w.outsideWindow === 'templates' ? 'inbox.windowClosedTemplates' : 'inbox.windowClosedNothing', { channel }), tone: 'closed', canWrite: false };
}
