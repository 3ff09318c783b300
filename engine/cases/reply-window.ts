// Channel reply windows: how long after the customer's last message a business may answer, and
// what may still be sent after that (Messenger/Instagram: 24 h, a human agent up to 7 days with
// the HUMAN_AGENT tag; WhatsApp: 24 h, then approved templates only; ...).
import type { ReplyWindow } from '../../connectors/manifest';
import { contentBlocks, type ContentMessage } from '../../model/content/model';

const HOUR = 3_600_000;

export type WindowVerdict =
  | { allowed: true; tag?: 'HUMAN_AGENT' }
  | { allowed: false; reason: string };

function ago(ms: number) {
  const hours = ms / HOUR;
  return hours < 48 ? `${Math.max(1, Math.round(hours))} h` : `${Math.round(hours / 24)} days`;
}

export function checkReplyWindow(
  window: ReplyWindow,
  opts: { channelName: string; lastInboundAt: number | null; now: number; content: ContentMessage; byHuman: boolean },
): WindowVerdict {
  if (window.hours === null) return { allowed: true };
  const { lastInboundAt, now } = opts;
  const since = lastInboundAt === null ? Infinity : now - lastInboundAt;
  if (since <= window.hours * HOUR) return { allowed: true };

  const closed = lastInboundAt === null
    ? `The customer has not written on ${opts.channelName} yet, so its ${window.hours}-hour reply window is not open`
    : `${opts.channelName}'s ${window.hours}-hour reply window closed ${ago(since - window.hours * HOUR)} ago`;
  switch (window.outsideWindow) {
    case 'anything':
      return { allowed: true };
    case 'tagged':
      if (opts.byHuman && window.humanAgentHours && since <= window.humanAgentHours * HOUR) return { allowed: true, tag: 'HUMAN_AGENT' };
      return {
        allowed: false,
        reason: window.humanAgentHours
          ? `${closed}, and a human agent may answer only within ${window.humanAgentHours / 24} days of the customer's last message.`
          : `${closed}.`,
      };
    case 'templates':
      if (contentBlocks(opts.content).every((b) => b.type === 'template')) return { allowed: true };
      return { allowed: false, reason: `${closed}: only an approved template can be sent now.` };
    case 'nothing':
      return { allowed: false, reason: `${closed}: nothing can be sent until the customer writes again.` };
  }
}
