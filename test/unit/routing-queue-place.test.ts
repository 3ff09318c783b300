// The case header's line for a waiting case, as an agent reads it: the queue's name and the case's
// place come with GET /cases/{id}/routing (agents cannot list queues), so no queue lookup is needed.
import { describe, expect, it } from 'vitest';
import { assignmentLine, ordinal, type CaseRouting } from '../../editor/src/inbox/assignment-text';

const now = Date.parse('2026-11-27T10:00:00Z');
const noLookup = () => null;
const waiting: CaseRouting = {
  state: 'waiting', queueId: 'que_1', queueName: 'Billing', position: 2, waitingInQueue: 5,
  waitingSince: '2026-11-27T09:57:00Z', waitReason: 'nobody_available', assignment: null,
};

describe('a waiting case in the case header', () => {
  it("names the queue from the routing answer, the case's place in it, how long and why", () => {
    expect(assignmentLine(waiting, null, noLookup, noLookup, now)).toMatchObject({ tone: 'waiting', text: 'Waiting in Billing — 2nd of 5, for 3 min', detail: 'nobody is available' });
    expect(assignmentLine({ ...waiting, position: 1, waitingInQueue: 1, waitingSince: null }, null, noLookup, noLookup, now).text).toBe('Waiting in Billing — 1st of 1');
  });

  it('an offer names the agent from the routing answer when the page has no list of people', () => {
    const offered: CaseRouting = { ...waiting, state: 'assigned', position: null, waitingInQueue: null,
      assignment: { id: 'asg', agentId: 'usr_ana', agentName: 'Ana Ruiz', state: 'offered', offeredAt: '2026-11-27T09:59:48Z', offerExpiresAt: '2026-11-27T10:00:42Z', acceptedAt: null } };
    expect(assignmentLine(offered, 'usr_ana', noLookup, noLookup, now).text).toBe('Offered to Ana Ruiz — 42 s left');
  });

  it('ordinals in English and Spanish', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map((n) => ordinal(n, 'en'))).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
    expect(ordinal(2, 'es')).toBe('2.º');
  });
});
