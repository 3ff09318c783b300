// The reply window in one plain sentence: "WhatsApp: free-form until 14:32, then templates only."
import { t } from './strings';
import type { ReplyWindow } from './types';

const clock = (iso: string, now: number) => {
  const d = new Date(iso);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })} ${time}`;
};

export type WindowTone = 'open' | 'closing' | 'closed';

export function replyWindowText(w: ReplyWindow, now: number): { text: string; tone: WindowTone; canWrite: boolean } {
  const channel = w.channelName;
  if (w.hours === null || w.outsideWindow === 'anything') return { text: t('windowNone', { channel }), tone: 'open', canWrite: true };
  const closes = w.closesAt ? Date.parse(w.closesAt) : null;
  if (closes !== null && now <= closes) {
    const time = clock(w.closesAt!, now);
    const tone: WindowTone = closes - now < 2 * 3_600_000 ? 'closing' : 'open';
    const key = w.outsideWindow === 'templates' ? 'windowOpenTemplates' : w.outsideWindow === 'nothing' ? 'windowOpenNothing'
      : w.outsideWindow === 'tagged' && w.humanAgentClosesAt ? 'windowOpenTagged' : 'windowOpen';
    return { text: t(key, { channel, time, human: w.humanAgentClosesAt ? clock(w.humanAgentClosesAt, now) : '' }), tone, canWrite: true };
  }
  if (w.outsideWindow === 'tagged' && w.humanAgentClosesAt && now <= Date.parse(w.humanAgentClosesAt)) {
    return { text: t('windowHumanOnly', { channel, human: clock(w.humanAgentClosesAt, now) }), tone: 'closing', canWrite: true };
  }
  if (closes === null && w.outsideWindow === 'templates') return { text: t('windowNotOpened', { channel }), tone: 'closed', canWrite: false };
  return { text: t(w.outsideWindow === 'templates' ? 'windowClosedTemplates' : 'windowClosedNothing', { channel }), tone: 'closed', canWrite: false };
}
