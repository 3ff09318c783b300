// What a customer's reply means to an appointment: a tap, a typed number or time, a keyword.
import { describe, expect, it } from 'vitest';
import { interpretReply, typedClock } from '../../engine/appointments/reply-intent';

// Madrid in June is +2: 08:00Z = 10:00, 08:30Z = 10:30, next day 08:00Z = 10:00 again.
const offered = [
  { id: 'o1-1', start: Date.parse('2026-06-01T08:00:00Z'), end: Date.parse('2026-06-01T08:30:00Z'), agentId: 'ana' },
  { id: 'o1-2', start: Date.parse('2026-06-01T08:30:00Z'), end: Date.parse('2026-06-01T09:00:00Z'), agentId: 'ana' },
  { id: 'o1-3', start: Date.parse('2026-06-02T08:00:00Z'), end: Date.parse('2026-06-02T08:30:00Z'), agentId: 'bo' },
  { id: 'o1-4', start: Date.parse('2026-06-02T13:00:00Z'), end: Date.parse('2026-06-02T13:30:00Z'), agentId: 'bo' },
];
const pick = (text: string, answer?: { messageId: string; optionId: string; payload: string }) => interpretReply({ text, ...(answer ? { answer } : {}) }, offered, 'picking', 'Europe/Madrid');

describe('reply intent while picking', () => {
  it('a tap on an offered slot picks it; a tap on an older offer\'s slot picks nothing', () => {
    expect(pick('', { messageId: 'm', optionId: 'o1-3', payload: 'x' })).toEqual({ kind: 'pick', slotId: 'o1-3' });
    expect(pick('', { messageId: 'm', optionId: 'o0-3', payload: 'x' })).toEqual({ kind: 'unclear', reason: 'no_match' });
  });

  it('a typed number picks that line of the list; a number beyond it is unclear', () => {
    expect(pick('2')).toEqual({ kind: 'pick', slotId: 'o1-2' });
    expect(pick('option 4.')).toEqual({ kind: 'pick', slotId: 'o1-4' });
    expect(pick('9')).toEqual({ kind: 'unclear', reason: 'no_match' });
  });

  it('a typed time picks the slot at that local time; one shown on two days is ambiguous', () => {
    expect(pick('10:30 please')).toEqual({ kind: 'pick', slotId: 'o1-2' });
    expect(pick('3pm')).toEqual({ kind: 'pick', slotId: 'o1-4' });
    expect(pick('10:00')).toEqual({ kind: 'unclear', reason: 'ambiguous' });
    expect(pick('at 18:00')).toEqual({ kind: 'unclear', reason: 'no_match' });
  });

  it('cancel and anything else', () => {
    expect(pick('Cancel!')).toEqual({ kind: 'cancel' });
    expect(pick('cancelar')).toEqual({ kind: 'cancel' });
    expect(pick('what about next week?')).toEqual({ kind: 'unclear', reason: 'no_match' });
  });
});

describe('reply intent once booked', () => {
  const booked = (text: string, optionId?: string) => interpretReply({ text, ...(optionId ? { answer: { messageId: 'm', optionId, payload: '' } } : {}) }, [], 'booked', 'UTC');
  it('keywords and the confirmation\'s quick replies cancel or reschedule; other messages are ignored', () => {
    expect(booked('reschedule please')).toEqual({ kind: 'reschedule' });
    expect(booked('', 'appt-reschedule')).toEqual({ kind: 'reschedule' });
    expect(booked('', 'appt-cancel')).toEqual({ kind: 'cancel' });
    expect(booked('Anular')).toEqual({ kind: 'cancel' });
    expect(booked('2')).toEqual({ kind: 'ignore' });
    expect(booked('thanks, see you then')).toEqual({ kind: 'ignore' });
  });
});

describe('typed clock times', () => {
  it('reads 24 h and 12 h forms, not bare numbers', () => {
    expect(typedClock('10:30')).toBe(630);
    expect(typedClock('10.30')).toBe(630);
    expect(typedClock('10h30')).toBe(630);
    expect(typedClock('12 am')).toBe(0);
    expect(typedClock('12pm')).toBe(720);
    expect(typedClock('2')).toBeNull();
    expect(typedClock('25:00')).toBeNull();
  });
});
