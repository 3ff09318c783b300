// The campaign lifecycle machine through its pure transitions: the legal moves, where RESUME goes,
// final states that ignore everything, and a snapshot rebuilt after continue-as-new.
import { describe, expect, it } from 'vitest';
import { campaignSnapshot, nextCampaignSnapshot, stateOf, type CampaignEvent } from '../../workflows/outreach/machine';

const run = (...events: CampaignEvent[]) => {
  let s = campaignSnapshot();
  const states: string[] = [];
  for (const e of events) { s = nextCampaignSnapshot(s, e); states.push(stateOf(s)); }
  return states;
};

describe('campaign machine', () => {
  it('scheduled → sending when the start is due inside the window, → waiting_window outside it', () => {
    expect(run({ type: 'START_DUE', inWindow: true })).toEqual(['sending']);
    expect(run({ type: 'START_DUE', inWindow: false }, { type: 'WINDOW_OPENED' })).toEqual(['waiting_window', 'sending']);
  });

  it('sending ↔ waiting_window as the window closes and opens, then completed when drained', () => {
    expect(run({ type: 'START_DUE', inWindow: true }, { type: 'WINDOW_CLOSED' }, { type: 'WINDOW_OPENED' }, { type: 'DRAINED' }))
      .toEqual(['sending', 'waiting_window', 'sending', 'completed']);
  });

  it('resumes a campaign paused while running to sending, and one paused before its start to scheduled', () => {
    expect(run({ type: 'START_DUE', inWindow: true }, { type: 'PAUSE' }, { type: 'RESUME' })).toEqual(['sending', 'paused', 'sending']);
    expect(run({ type: 'START_DUE', inWindow: false }, { type: 'PAUSE' }, { type: 'RESUME' })).toEqual(['waiting_window', 'paused', 'sending']);
    expect(run({ type: 'PAUSE' }, { type: 'RESUME' })).toEqual(['paused', 'scheduled']);
  });

  it('cancels from any live state; final states ignore every event', () => {
    expect(run({ type: 'CANCEL' })).toEqual(['cancelled']);
    expect(run({ type: 'PAUSE' }, { type: 'CANCEL' }, { type: 'RESUME' })).toEqual(['paused', 'cancelled', 'cancelled']);
    expect(run({ type: 'START_DUE', inWindow: true }, { type: 'DRAINED' }, { type: 'CANCEL' }, { type: 'PAUSE' })).toEqual(['sending', 'completed', 'completed', 'completed']);
  });

  it('ignores events a state does not accept', () => {
    expect(run({ type: 'RESUME' }, { type: 'DRAINED' }, { type: 'WINDOW_OPENED' })).toEqual(['scheduled', 'scheduled', 'scheduled']);
    expect(run({ type: 'START_DUE', inWindow: true }, { type: 'RESUME' })).toEqual(['sending', 'sending']);
  });

  it('rebuilds a carried snapshot (continue-as-new) that behaves like the original', () => {
    const paused = campaignSnapshot('paused', 'sending');
    expect(stateOf(nextCampaignSnapshot(paused, { type: 'RESUME' }))).toBe('sending');
    const pausedEarly = campaignSnapshot('paused', 'scheduled');
    expect(stateOf(nextCampaignSnapshot(pausedEarly, { type: 'RESUME' }))).toBe('scheduled');
    expect(stateOf(nextCampaignSnapshot(campaignSnapshot('waiting_window'), { type: 'WINDOW_OPENED' }))).toBe('sending');
  });
});
