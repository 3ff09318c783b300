// The reply window of a case as the composer states it: until when free-form replies are allowed,
// and what may be sent after (templates only, a human agent's tagged reply, nothing). The send path
// (cases/reply-window.ts) enforces the same rules; this only describes them ahead of time.
import type { ReplyWindow } from '../../connectors/manifest';

const HOUR = 3_600_000;

export interface ReplyWindowState {
  channelName: string;
  /** null: the channel has no window (email, web chat …). */
  hours: number | null;
  outsideWindow: ReplyWindow['outsideWindow'];
  /** Free-form replies are allowed now. */
  open: boolean;
  /** When the standard window closes (or closed); null without a window or before the customer wrote. */
  closesAt: string | null;
  /** Messenger/Instagram: a human agent may answer (tagged) until then. */
  humanAgentClosesAt: string | null;
}

export function replyWindowState(window: ReplyWindow, channelName: string, lastInboundAt: number | null, now: number): ReplyWindowState {
  const iso = (ms: number) => new Date(ms).toISOString();
  if (window.hours === null) {
    return { channelName, hours: null, outsideWindow: window.outsideWindow, open: true, closesAt: null, humanAgentClosesAt: null };
  }
  const closesAt = lastInboundAt === null ? null : lastInboundAt + window.hours * HOUR;
  const humanAgentClosesAt = lastInboundAt !== null && window.humanAgentHours ? lastInboundAt + window.humanAgentHours * HOUR : null;
  const open = closesAt !== null && now <= closesAt;
  return {
    channelName, hours: window.hours, outsideWindow: window.outsideWindow,
    open: open || window.outsideWindow === 'anything' || (humanAgentClosesAt !== null && now <= humanAgentClosesAt),
    closesAt: closesAt === null ? null : iso(closesAt),
    humanAgentClosesAt: humanAgentClosesAt === null ? null : iso(humanAgentClosesAt),
  };
}
