// SLA timers of a case, as the inbox colours them. First response: from the case being opened
// until an agent's first reply. Next response: from the customer's message that followed an
// agent's reply until the next one. Warning at 80 % of the target, breached past it.
import type { CaseSummary, SlaTargets } from './types';

export type SlaLevel = 'ok' | 'warning' | 'breached';

export interface SlaTimer {
  kind: 'first' | 'next';
  /** When the clock started (ms). */
  since: number;
  elapsedMs: number;
  targetMs: number;
  level: SlaLevel;
}

const WAITING = new Set(['new', 'open', 'escalated']);
const MINUTE = 60_000;

export function slaLevel(elapsedMs: number, targetMs: number): SlaLevel {
  if (elapsedMs > targetMs) return 'breached';
  if (elapsedMs >= targetMs * 0.8) return 'warning';
  return 'ok';
}

/** The running timer of a case, or null when nobody is waiting on an agent (answered, pending, resolved). */
export function slaTimer(c: Pick<CaseSummary, 'status' | 'createdAt' | 'lastInboundAt' | 'lastOutboundAt' | 'outboundCount'>, targets: SlaTargets, now: number): SlaTimer | null {
  if (!WAITING.has(c.status)) return null;
  const lastOut = c.lastOutboundAt ? Date.parse(c.lastOutboundAt) : null;
  const lastIn = c.lastInboundAt ? Date.parse(c.lastInboundAt) : null;
  let kind: SlaTimer['kind'];
  let since: number;
  if (lastOut === null && c.outboundCount === 0) {
    kind = 'first';
    // The customer has waited since they wrote, even if the case was opened later (a backlog import).
    since = Math.min(Date.parse(c.createdAt), lastIn ?? Infinity);
  } else if (lastIn !== null && lastOut !== null && lastIn > lastOut) {
    kind = 'next';
    since = lastIn;
  } else {
    return null;
  }
  const targetMs = (kind === 'first' ? targets.slaFirstResponseMinutes : targets.slaNextResponseMinutes) * MINUTE;
  const elapsedMs = Math.max(0, now - since);
  return { kind, since, elapsedMs, targetMs, level: slaLevel(elapsedMs, targetMs) };
}

/** "4m", "1h 05m", "2d 3h": compact enough for a list row. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return `${Math.max(0, minutes)}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
