// What the case header says about where a case stands (GET /cases/{id}/routing): the assignee,
// "Offered to Ana — 42 s left", "Waiting in Billing — 2nd of 5, for 3 min", or "Unassigned". Pure.
// The routing answer names the queue and the agent itself, so an agent (who cannot list queues)
// reads the queue's name too.
import { consoleLang, t, type StringKey } from '../i18n';

export interface CaseRouting {
  state: 'unrouted' | 'waiting' | 'assigned' | 'done';
  queueId: string | null;
  /** The queue's name, from the API (agents cannot list the queues). */
  queueName?: string | null;
  /** A waiting case: its place in the queue (1: next) and how many wait there. */
  position?: number | null;
  waitingInQueue?: number | null;
  waitingSince: string | null;
  waitReason: string | null;
  assignment: {
    id: string; agentId: string; agentName?: string | null; state: 'offered' | 'accepted';
    offeredAt: string; offerExpiresAt: string | null; acceptedAt: string | null;
  } | null;
}

export interface AssignmentLine {
  tone: 'assigned' | 'offered' | 'waiting' | 'none';
  text: string;
  /** Why it waits, when the API says ("nobody is available"). */
  detail: string | null;
  /** The agent it is offered to or held by. */
  agentId: string | null;
}

const waitedText = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
};

/** 1st, 2nd, 3rd, 11th, 22nd…; 1.º, 2.º in Spanish. */
export function ordinal(n: number, lang = consoleLang): string {
  if (lang === 'es') return `${n}.º`;
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

export function assignmentLine(
  routing: CaseRouting | null, assigneeId: string | null, name: (id: string) => string | null,
  queueName: (id: string) => string | null, now: number,
): AssignmentLine {
  const offer = routing?.state === 'assigned' && routing.assignment?.state === 'offered' ? routing.assignment : null;
  if (offer) {
    const who = name(offer.agentId) ?? offer.agentName ?? t('assign.agent');
    const left = offer.offerExpiresAt ? Math.max(0, Math.ceil((Date.parse(offer.offerExpiresAt) - now) / 1000)) : null;
    return { tone: 'offered', agentId: offer.agentId, detail: null, text: left === null ? t('assign.offeredNoTimer', { name: who }) : t('assign.offeredTo', { name: who, seconds: left }) };
  }
  if (assigneeId) return { tone: 'assigned', agentId: assigneeId, detail: null, text: name(assigneeId) ?? t('assign.agent') };
  // No queue takes it (or the account has none): nobody is looking for an agent, so it is simply unassigned.
  if (routing?.state === 'waiting' && routing.waitReason !== 'no_queue') {
    const queue = routing.queueName ?? (routing.queueId ? queueName(routing.queueId) : null);
    const place = queue && routing.position ? t('assign.placeOf', { place: ordinal(routing.position), n: routing.waitingInQueue ?? routing.position }) : null;
    const waitedFor = routing.waitingSince ? t('assign.waitedFor', { time: waitedText(now - Date.parse(routing.waitingSince)) }) : null;
    // "Waiting in Billing — 2nd of 5, for 3 min"; without a place, "Waiting in Billing for 3 min".
    const base = queue ? `${t('assign.waitingIn', { queue })}${place ? ` — ${place}${waitedFor ? ',' : ''}` : ''}` : t('assign.waiting');
    const waited = waitedFor ? ` ${waitedFor}` : '';
    const reasonKey = `assign.reason.${routing.waitReason}` as StringKey;
    const detail = routing.waitReason && /^(no_agent_with_skill|nobody_available|no_capacity)$/.test(routing.waitReason) ? t(reasonKey) : null;
    return { tone: 'waiting', agentId: null, detail, text: `${base}${waited}` };
  }
  return { tone: 'none', agentId: null, detail: null, text: t('assign.nobody') };
}
