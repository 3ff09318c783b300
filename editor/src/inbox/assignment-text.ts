// What the case header says about where a case stands (GET /cases/{id}/routing): the assignee,
// "Offered to Ana — 42 s left", "Waiting in Billing for 3 min", or "Unassigned". Pure.
import { at } from './assignment-strings';

export interface CaseRouting {
  state: 'unrouted' | 'waiting' | 'assigned' | 'done';
  queueId: string | null;
  waitingSince: string | null;
  waitReason: string | null;
  assignment: {
    id: string; agentId: string; state: 'offered' | 'accepted';
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

export function assignmentLine(
  routing: CaseRouting | null, assigneeId: string | null, name: (id: string) => string | null,
  queueName: (id: string) => string | null, now: number,
): AssignmentLine {
  const offer = routing?.state === 'assigned' && routing.assignment?.state === 'offered' ? routing.assignment : null;
  if (offer) {
    const who = name(offer.agentId) ?? at('agent');
    const left = offer.offerExpiresAt ? Math.max(0, Math.ceil((Date.parse(offer.offerExpiresAt) - now) / 1000)) : null;
    return { tone: 'offered', agentId: offer.agentId, detail: null, text: left === null ? at('offeredNoTimer', { name: who }) : at('offeredTo', { name: who, seconds: left }) };
  }
  if (assigneeId) return { tone: 'assigned', agentId: assigneeId, detail: null, text: name(assigneeId) ?? at('agent') };
  // No queue takes it (or the account has none): nobody is looking for an agent, so it is simply unassigned.
  if (routing?.state === 'waiting' && routing.waitReason !== 'no_queue') {
    const queue = routing.queueId ? queueName(routing.queueId) : null;
    const base = queue ? at('waitingIn', { queue }) : at('waiting');
    const waited = routing.waitingSince ? ` ${at('waitedFor', { time: waitedText(now - Date.parse(routing.waitingSince)) })}` : '';
    const reasonKey = `reason.${routing.waitReason}` as Parameters<typeof at>[0];
    const detail = routing.waitReason && /^(no_agent_with_skill|nobody_available|no_capacity)$/.test(routing.waitReason) ? at(reasonKey) : null;
    return { tone: 'waiting', agentId: null, detail, text: `${base}${waited}` };
  }
  return { tone: 'none', agentId: null, detail: null, text: at('nobody') };
}
