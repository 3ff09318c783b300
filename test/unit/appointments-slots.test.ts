// Slot computation across time zones and daylight-saving changes, with fixed dates:
// Europe/Madrid changes on 2026-03-29 (+1 → +2) and 2026-10-25 (+2 → +1);
// America/New_York on 2026-03-08 (−5 → −4) and 2026-11-01 (−4 → −5).
import { describe, expect, it } from 'vitest';
import type { AgentAvailability } from '../../model/appointments/availability';
import { computeSlots, distinctStarts, workingWindows, type SlotService } from '../../model/appointments/slots';
import { resolveLocalTime } from '../../model/appointments/zoned-time';

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const nineToFive = { mon: [{ start: '09:00', end: '17:00' }], tue: [{ start: '09:00', end: '17:00' }], wed: [{ start: '09:00', end: '17:00' }], thu: [{ start: '09:00', end: '17:00' }], fri: [{ start: '09:00', end: '17:00' }] };
const agent = (agentId: string, timeZone: string, extra: Partial<AgentAvailability> = {}): AgentAvailability =>
  ({ agentId, timeZone, weekly: nineToFive, exceptions: [], timeOff: [], ...extra });
const hourly: SlotService = { durationMinutes: 60, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, stepMinutes: 60 };

const slotsOn = (a: AgentAvailability, fromIso: string, toIso: string, service = hourly, busy: { agentId: string; blockStart: number; blockEnd: number }[] = []) =>
  computeSlots({ service, agents: [a], busy, from: utc(fromIso), to: utc(toIso) }).map((s) => iso(s.start));

describe('working hours keep their local time across DST', () => {
  it('Madrid 09:00–17:00: 08:00Z before the March change, 07:00Z after it', () => {
    const fri = slotsOn(agent('ana', 'Europe/Madrid'), '2026-03-27T00:00:00Z', '2026-03-28T00:00:00Z');
    const mon = slotsOn(agent('ana', 'Europe/Madrid'), '2026-03-30T00:00:00Z', '2026-03-31T00:00:00Z');
    expect(fri).toHaveLength(8);
    expect(fri[0]).toBe('2026-03-27T08:00:00Z');
    expect(fri.at(-1)).toBe('2026-03-27T15:00:00Z');
    expect(mon).toHaveLength(8);
    expect(mon[0]).toBe('2026-03-30T07:00:00Z');
    expect(mon.at(-1)).toBe('2026-03-30T14:00:00Z');
  });

  it('Madrid across the October change: 07:00Z on Friday, 08:00Z on Monday', () => {
    expect(slotsOn(agent('ana', 'Europe/Madrid'), '2026-10-23T00:00:00Z', '2026-10-24T00:00:00Z')[0]).toBe('2026-10-23T07:00:00Z');
    expect(slotsOn(agent('ana', 'Europe/Madrid'), '2026-10-26T00:00:00Z', '2026-10-27T00:00:00Z')[0]).toBe('2026-10-26T08:00:00Z');
  });

  it('New York across its own March and November changes', () => {
    expect(slotsOn(agent('bo', 'America/New_York'), '2026-03-06T00:00:00Z', '2026-03-07T00:00:00Z')[0]).toBe('2026-03-06T14:00:00Z');
    expect(slotsOn(agent('bo', 'America/New_York'), '2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z')[0]).toBe('2026-03-09T13:00:00Z');
    expect(slotsOn(agent('bo', 'America/New_York'), '2026-10-30T00:00:00Z', '2026-10-31T00:00:00Z')[0]).toBe('2026-10-30T13:00:00Z');
    expect(slotsOn(agent('bo', 'America/New_York'), '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z')[0]).toBe('2026-11-02T14:00:00Z');
  });

  it('two zones in one service, in the week only the US has changed: each agent at 09:00 local, merged by start', () => {
    const slots = computeSlots({
      service: hourly, agents: [agent('ana', 'Europe/Madrid'), agent('bo', 'America/New_York')], busy: [],
      from: utc('2026-03-09T00:00:00Z'), to: utc('2026-03-10T00:00:00Z'),
    });
    const byAgent = (id: string) => slots.filter((s) => s.agentId === id).map((s) => iso(s.start));
    expect(byAgent('ana')[0]).toBe('2026-03-09T08:00:00Z'); // CET, +1
    expect(byAgent('bo')[0]).toBe('2026-03-09T13:00:00Z'); // EDT, −4
    // Madrid works 08–16Z, New York 13–21Z: 13, 14 and 15Z are offered by both; one slot per start.
    const merged = distinctStarts(slots, 100);
    expect(merged.map((s) => iso(s.start))).toEqual(Array.from({ length: 13 }, (_, i) => `2026-03-09T${String(8 + i).padStart(2, '0')}:00:00Z`));
    expect(merged.find((s) => iso(s.start) === '2026-03-09T13:00:00Z')?.agentId).toBe('ana');
    expect(slots.map((s) => s.start)).toEqual([...slots.map((s) => s.start)].sort((a, b) => a - b));
  });
});

describe('nonexistent and ambiguous local times', () => {
  it('a time skipped by the spring change means the moment the clocks jumped', () => {
    expect(resolveLocalTime('2026-03-29', 2 * 60 + 30, 'Europe/Madrid')).toEqual({ instant: utc('2026-03-29T01:00:00Z'), kind: 'nonexistent' });
    expect(resolveLocalTime('2026-03-08', 2 * 60 + 15, 'America/New_York')).toEqual({ instant: utc('2026-03-08T07:00:00Z'), kind: 'nonexistent' });
    expect(resolveLocalTime('2026-03-29', 9 * 60, 'Europe/Madrid')).toEqual({ instant: utc('2026-03-29T07:00:00Z'), kind: 'exact' });
  });

  it('a time repeated by the autumn change means its first occurrence', () => {
    expect(resolveLocalTime('2026-10-25', 2 * 60 + 30, 'Europe/Madrid')).toEqual({ instant: utc('2026-10-25T00:30:00Z'), kind: 'ambiguous' });
    expect(resolveLocalTime('2026-11-01', 60 + 30, 'America/New_York')).toEqual({ instant: utc('2026-11-01T05:30:00Z'), kind: 'ambiguous' });
  });

  it('a night window over the spring change is one hour shorter, over the autumn change one hour longer', () => {
    const night = agent('ana', 'Europe/Madrid', { weekly: { sun: [{ start: '01:00', end: '04:00' }] } });
    expect(workingWindows(night, '2026-03-29')).toEqual([{ start: utc('2026-03-29T00:00:00Z'), end: utc('2026-03-29T02:00:00Z') }]);
    expect(slotsOn(night, '2026-03-28T12:00:00Z', '2026-03-30T00:00:00Z')).toEqual(['2026-03-29T00:00:00Z', '2026-03-29T01:00:00Z']);
    expect(workingWindows(night, '2026-10-25')).toEqual([{ start: utc('2026-10-24T23:00:00Z'), end: utc('2026-10-25T03:00:00Z') }]);
    expect(slotsOn(night, '2026-10-24T12:00:00Z', '2026-10-26T00:00:00Z')).toHaveLength(4);
  });

  it('a window starting inside the gap starts when the clocks jumped (03:00 local)', () => {
    const odd = agent('ana', 'Europe/Madrid', { weekly: { sun: [{ start: '02:30', end: '05:00' }] } });
    expect(slotsOn(odd, '2026-03-28T12:00:00Z', '2026-03-30T00:00:00Z')).toEqual(['2026-03-29T01:00:00Z', '2026-03-29T02:00:00Z']);
  });
});

describe('bookings, buffers, time off, exceptions, notice', () => {
  const halfHour: SlotService = { durationMinutes: 30, bufferBeforeMinutes: 15, bufferAfterMinutes: 15, stepMinutes: 30 };

  it('a booking blocks the slots whose block (appointment plus buffers) overlaps its own block', () => {
    // Ana (London, +0 in June) has a 10:00–10:30 booking with 15-minute buffers: busy 09:45–10:45.
    const a = agent('ana', 'Europe/London');
    const busy = [{ agentId: 'ana', blockStart: utc('2026-06-01T08:45:00Z'), blockEnd: utc('2026-06-01T09:45:00Z') }];
    const slots = slotsOn(a, '2026-06-01T07:00:00Z', '2026-06-01T11:00:00Z', halfHour, busy);
    // BST: 09:00 local = 08:00Z. 08:00Z block 07:45–08:45 touches, 08:30Z..09:30Z overlap, 10:00Z block 09:45Z starts where busy ends.
    expect(slots).toEqual(['2026-06-01T08:00:00Z', '2026-06-01T10:00:00Z', '2026-06-01T10:30:00Z']);
    // Another agent's booking does not matter.
    expect(slotsOn(a, '2026-06-01T07:00:00Z', '2026-06-01T11:00:00Z', halfHour, [{ ...busy[0], agentId: 'bo' }])).toHaveLength(6);
  });

  it('time off removes the slots it overlaps', () => {
    const a = agent('ana', 'Europe/Madrid', { timeOff: [{ from: utc('2026-06-01T10:00:00Z'), to: utc('2026-06-01T12:00:00Z') }] });
    const slots = slotsOn(a, '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z');
    // 09:00–17:00 CEST = 07–15Z hourly; 10Z and 11Z are off.
    expect(slots).toEqual(['07', '08', '09', '12', '13', '14'].map((h) => `2026-06-01T${h}:00:00Z`));
  });

  it('a date exception replaces the weekly hours: closed, or extra hours on a weekend', () => {
    const a = agent('ana', 'Europe/Madrid', {
      exceptions: [{ date: '2026-06-01', hours: [] }, { date: '2026-06-06', hours: [{ start: '10:00', end: '12:00' }] }],
    });
    expect(slotsOn(a, '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z')).toEqual([]);
    expect(slotsOn(a, '2026-06-06T00:00:00Z', '2026-06-07T00:00:00Z')).toEqual(['2026-06-06T08:00:00Z', '2026-06-06T09:00:00Z']);
  });

  it('no slot starts before the earliest allowed start, or in a window too short for the service', () => {
    const a = agent('ana', 'Europe/Madrid', { weekly: { mon: [{ start: '09:00', end: '09:45' }, { start: '10:00', end: '13:00' }] } });
    const slots = computeSlots({ service: hourly, agents: [a], busy: [], from: utc('2026-06-01T00:00:00Z'), to: utc('2026-06-02T00:00:00Z'), earliest: utc('2026-06-01T08:30:00Z') });
    expect(slots.map((s) => iso(s.start))).toEqual(['2026-06-01T09:00:00Z', '2026-06-01T10:00:00Z']);
  });
});
