// Free slots of a service from the database: its agents' availability and their live bookings,
// through the pure computation of model/appointments/slots.ts.
import { computeSlots, distinctStarts, type Slot } from '../../model/appointments/slots';
import type { Db } from '../db/open-database';
import { serviceAgents } from './availability-store';
import { busyBlocks } from './booking-store';
import type { ServiceRow } from './service-store';

export function findSlots(db: Db, service: ServiceRow, range: { from: number; to: number }, now = Date.now()): Slot[] {
  const agents = serviceAgents(db, service);
  const pad = 24 * 3_600_000;
  const busy = busyBlocks(db, agents.map((a) => a.agentId), range.from - pad, range.to + pad, now);
  return computeSlots({
    service: { durationMinutes: service.durationMinutes, bufferBeforeMinutes: service.bufferBeforeMinutes, bufferAfterMinutes: service.bufferAfterMinutes, stepMinutes: service.slotStepMinutes },
    agents, busy, from: range.from, to: range.to, earliest: now + service.minNoticeMinutes * 60_000,
  });
}

/** The slots one offer shows: the next free start times within the service's horizon, one agent each. */
export function slotsToOffer(db: Db, service: ServiceRow, now = Date.now()): Slot[] {
  return distinctStarts(findSlots(db, service, { from: now, to: now + service.horizonDays * 86_400_000 }, now), service.slotsPerOffer);
}
