// Free appointment slots: each agent's working windows (weekly hours in the agent's zone, or the
// date's exception), turned into instants day by day — so a 09:00–17:00 agent starts at 09:00 local
// on both sides of a daylight-saving change — then cut into slots every `stepMinutes` from the
// window's start. A slot is free when the appointment fits inside the window, starts at or after
// `earliest`, and its block (the appointment plus the service's buffers) overlaps no live booking
// block of that agent and no time off. Pure: Intl is the only clock-free dependency.
import { WEEKDAYS, minutesOfDay, type AgentAvailability, type HoursRange } from './availability';
import { addDays, localDate, resolveLocalTime, weekdayOf } from './zoned-time';

export interface SlotService {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  stepMinutes: number;
}

/** An agent's existing booking, as a block of time that includes its own buffers. */
export interface BusyBlock {
  agentId: string;
  blockStart: number;
  blockEnd: number;
}

export interface Slot {
  agentId: string;
  /** The appointment itself, ms since epoch (end exclusive). */
  start: number;
  end: number;
}

export interface SlotQuery {
  service: SlotService;
  agents: AgentAvailability[];
  busy: BusyBlock[];
  /** Slots start in [from, to). */
  from: number;
  to: number;
  /** No slot starts before this (now plus the service's notice). Defaults to `from`. */
  earliest?: number;
}

const MINUTE = 60_000;

/** The windows an agent works on one local date, as instants. */
export function workingWindows(agent: AgentAvailability, date: string): { start: number; end: number }[] {
  const exception = agent.exceptions.find((e) => e.date === date);
  const ranges: HoursRange[] = exception ? exception.hours : (agent.weekly[WEEKDAYS[weekdayOf(date)]] ?? []);
  const windows: { start: number; end: number }[] = [];
  for (const r of ranges) {
    const s = minutesOfDay(r.start), e = minutesOfDay(r.end);
    if (s === null || e === null || e <= s) continue;
    const start = resolveLocalTime(date, s, agent.timeZone).instant;
    // "24:00" is the next date's midnight, which is what the zone says it is.
    const end = e === 24 * 60 ? resolveLocalTime(addDays(date, 1), 0, agent.timeZone).instant : resolveLocalTime(date, e, agent.timeZone).instant;
    if (end > start) windows.push({ start, end });
  }
  return windows;
}

const overlaps = (aStart: number, aEnd: number, bStart: number, bEnd: number) => aStart < bEnd && bStart < aEnd;

/** Every free slot of every agent in the range, by start time then by the agents' order. */
export function computeSlots(q: SlotQuery): Slot[] {
  const { service } = q;
  const duration = service.durationMinutes * MINUTE;
  const step = Math.max(1, service.stepMinutes) * MINUTE;
  const earliest = Math.max(q.from, q.earliest ?? q.from);
  const slots: (Slot & { order: number })[] = [];
  q.agents.forEach((agent, order) => {
    const busy = q.busy.filter((b) => b.agentId === agent.agentId);
    const off = agent.timeOff;
    // Local dates that can hold a slot in the range: a day either side covers every zone offset.
    const last = addDays(localDate(q.to, agent.timeZone), 1);
    for (let date = addDays(localDate(q.from, agent.timeZone), -1); date <= last; date = addDays(date, 1)) {
      for (const w of workingWindows(agent, date)) {
        for (let start = w.start; start + duration <= w.end; start += step) {
          if (start < earliest || start >= q.to) continue;
          const end = start + duration;
          const blockStart = start - service.bufferBeforeMinutes * MINUTE;
          const blockEnd = end + service.bufferAfterMinutes * MINUTE;
          if (busy.some((b) => overlaps(blockStart, blockEnd, b.blockStart, b.blockEnd))) continue;
          if (off.some((t) => overlaps(blockStart, blockEnd, t.from, t.to))) continue;
          slots.push({ agentId: agent.agentId, start, end, order });
        }
      }
    }
  });
  slots.sort((a, b) => a.start - b.start || a.order - b.order);
  return slots.map(({ order: _order, ...slot }) => slot);
}

/** One slot per start time (the first agent free then), at most `limit`: what an offer shows. */
export function distinctStarts(slots: Slot[], limit: number): Slot[] {
  const seen = new Set<number>();
  const out: Slot[] = [];
  for (const slot of slots) {
    if (seen.has(slot.start)) continue;
    seen.add(slot.start);
    out.push(slot);
    if (out.length >= limit) break;
  }
  return out;
}

/** The block a booking of `slot` occupies: the appointment plus the service's buffers. */
export function blockOf(slot: { start: number; end: number }, service: Pick<SlotService, 'bufferBeforeMinutes' | 'bufferAfterMinutes'>) {
  return { blockStart: slot.start - service.bufferBeforeMinutes * MINUTE, blockEnd: slot.end + service.bufferAfterMinutes * MINUTE };
}
