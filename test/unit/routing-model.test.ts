// The routing model's rules: which queue takes a case, which agent gets it, and how the timeline says why.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CAPACITY, EMPTY_FILTERS, channelKindOf, chooseAgent, describeChoice, describeNoAgent, formatDuration, idleSince, matchQueue,
  queueMatches, requiredSkill, type AgentLoad, type RoutingAgent, type RoutingCase, type RoutingQueue,
} from '../../model/routing';

const NOW = 1_800_000_000_000;
const MIN = 60_000;

const agent = (id: string, over: Partial<RoutingAgent> = {}): RoutingAgent => ({
  id, name: id.toUpperCase(), status: 'available', statusChangedAt: NOW - 60 * MIN, skills: { billing: 5 },
  capacity: { ...DEFAULT_CAPACITY }, lastAssignedAt: null, lastAssignmentEndedAt: null, ...over,
});
const theCase = (over: Partial<RoutingCase> = {}): RoutingCase => ({
  id: 'case_1', channelId: 'ch_wa', channelType: 'whatsapp', skillId: null, channelSkillId: 'billing', tags: [], customFields: {},
  text: 'Hello, I want a refund for my order', priority: 0, createdAt: NOW, ...over,
});
const queue = (id: string, over: Partial<RoutingQueue> = {}): RoutingQueue => ({
  id, name: id, priority: 0, filters: { ...EMPTY_FILTERS }, skillId: null, strategy: 'longest_idle', offerTimeoutMs: 60_000, wrapUpMs: 0, isFallback: false, ...over,
});
const loads = (entries: Record<string, AgentLoad>) => new Map(Object.entries(entries));
const pick = (agents: RoutingAgent[], opts: { skillId?: string | null; strategy?: 'longest_idle' | 'least_busy'; exclude?: string[]; channelType?: string; l?: Map<string, AgentLoad> } = {}) =>
  chooseAgent({ channelType: opts.channelType ?? 'whatsapp', skillId: opts.skillId === undefined ? 'billing' : opts.skillId, strategy: opts.strategy ?? 'longest_idle', exclude: opts.exclude }, agents, opts.l ?? new Map(), NOW);
const chosenId = (r: ReturnType<typeof chooseAgent>) => ('agentId' in r ? r.agentId : `none:${r.reason}`);

describe('channel kinds', () => {
  it('groups channel types into the kinds capacity is counted on', () => {
    expect(channelKindOf('webchat')).toBe('chat');
    expect(channelKindOf('email')).toBe('email');
    expect(channelKindOf('whatsapp')).toBe('messaging');
    expect(channelKindOf('facebook')).toBe('social');
    expect(channelKindOf('something-new')).toBe('messaging');
  });
});

describe('chooseAgent: eligibility', () => {
  it('offers only to agents who are available', () => {
    expect(chosenId(pick([agent('a', { status: 'away' }), agent('b', { status: 'offline' }), agent('c')]))).toBe('c');
    expect(pick([agent('a', { status: 'away' }), agent('b', { status: 'offline' })])).toMatchObject({ none: true, reason: 'nobody_available' });
  });

  it('offers only to agents holding the skill', () => {
    expect(chosenId(pick([agent('a', { skills: { returns: 1 } }), agent('b', { skills: { billing: 20 } })]))).toBe('b');
    expect(pick([agent('a', { skills: { returns: 1 } })])).toMatchObject({ none: true, reason: 'no_agent_with_skill' });
  });

  it('without a skill, any available agent qualifies and proficiency is not reported', () => {
    const r = pick([agent('a', { skills: {} })], { skillId: null });
    expect(r).toMatchObject({ agentId: 'a', reason: { proficiency: null, skillId: null } });
  });

  it('respects capacity per channel kind: full for chat does not block email', () => {
    const a = agent('a', { capacity: { chat: 1, messaging: 1, email: 2, social: 0 } });
    const l = loads({ a: { byKind: { chat: 1, messaging: 1 }, active: 2 } });
    expect(pick([a], { channelType: 'webchat', l })).toMatchObject({ none: true, reason: 'no_capacity', kind: 'chat' });
    expect(pick([a], { channelType: 'whatsapp', l })).toMatchObject({ none: true, reason: 'no_capacity' });
    expect(chosenId(pick([a], { channelType: 'email', l }))).toBe('a');
    expect(pick([a], { channelType: 'facebook' })).toMatchObject({ none: true, reason: 'no_capacity', kind: 'social' });
  });

  it('counts cases still in wrap-up against capacity (the load says so)', () => {
    const a = agent('a', { capacity: { ...DEFAULT_CAPACITY, messaging: 1 } });
    // One released case in wrap-up: counted by kind, not active.
    expect(pick([a], { l: loads({ a: { byKind: { messaging: 1 }, active: 0 } }) })).toMatchObject({ none: true, reason: 'no_capacity' });
  });

  it('skips excluded agents (an offer that expired)', () => {
    expect(chosenId(pick([agent('a'), agent('b')], { exclude: ['a'] }))).toBe('b');
    expect(pick([agent('a')], { exclude: ['a'] })).toMatchObject({ none: true, reason: 'no_agent_with_skill' });
  });
});

describe('chooseAgent: ranking', () => {
  it('puts the best proficiency (1) first, whatever the strategy', () => {
    const agents = [agent('a', { skills: { billing: 7 }, statusChangedAt: NOW - 500 * MIN }), agent('b', { skills: { billing: 2 } })];
    expect(chosenId(pick(agents))).toBe('b');
    expect(chosenId(pick(agents, { strategy: 'least_busy', l: loads({ b: { byKind: { messaging: 3 }, active: 3 } }) }))).toBe('b');
  });

  it('longest idle: the agent idle longest since becoming available or last given or ending a case', () => {
    const agents = [
      agent('a', { statusChangedAt: NOW - 30 * MIN }),
      agent('b', { statusChangedAt: NOW - 60 * MIN, lastAssignedAt: NOW - 5 * MIN }),
      agent('c', { statusChangedAt: NOW - 90 * MIN, lastAssignmentEndedAt: NOW - 10 * MIN }),
    ];
    const r = pick(agents);
    expect(r).toMatchObject({ agentId: 'a', reason: { strategy: 'longest_idle', idleMs: 30 * MIN, proficiency: 5, candidates: 3 } });
    expect(idleSince(agents[1])).toBe(NOW - 5 * MIN);
  });

  it('least busy: the fewest active cases, then longest idle', () => {
    const agents = [agent('a', { statusChangedAt: NOW - 90 * MIN }), agent('b', { statusChangedAt: NOW - 10 * MIN }), agent('c', { statusChangedAt: NOW - 20 * MIN })];
    const l = loads({ a: { byKind: { messaging: 2 }, active: 2 }, b: { byKind: { messaging: 1 }, active: 1 }, c: { byKind: { messaging: 1 }, active: 1 } });
    expect(pick(agents, { strategy: 'least_busy', l })).toMatchObject({ agentId: 'c', reason: { strategy: 'least_busy', activeCases: 1 } });
  });

  it('breaks exact ties by agent id, so the same inputs give the same answer', () => {
    const agents = [agent('zed'), agent('amy'), agent('max')];
    expect(chosenId(pick(agents))).toBe('amy');
    expect(chosenId(pick([...agents].reverse()))).toBe('amy');
    expect(chosenId(pick(agents, { strategy: 'least_busy' }))).toBe('amy');
  });

  it('spreads work under longest idle: once given a case, the agent is no longer idle', () => {
    const a = agent('a', { statusChangedAt: NOW - 60 * MIN }), b = agent('b', { statusChangedAt: NOW - 30 * MIN });
    expect(chosenId(pick([a, b]))).toBe('a');
    expect(chosenId(pick([{ ...a, lastAssignedAt: NOW }, b]))).toBe('b');
  });
});

describe('matchQueue', () => {
  it('takes the highest-priority queue whose filters all match', () => {
    const queues = [
      queue('general', { priority: 1 }),
      queue('vip', { priority: 10, filters: { ...EMPTY_FILTERS, tags: ['vip'] } }),
      queue('wa', { priority: 5, filters: { ...EMPTY_FILTERS, channelTypes: ['whatsapp'] } }),
    ];
    expect(matchQueue(theCase(), queues)).toMatchObject({ queue: { id: 'wa' }, via: 'filters' });
    expect(matchQueue(theCase({ tags: ['vip'] }), queues)).toMatchObject({ queue: { id: 'vip' } });
    expect(matchQueue(theCase({ channelType: 'email' }), queues)).toMatchObject({ queue: { id: 'general' } });
  });

  it('falls back to the fallback queue, else the backlog', () => {
    const only = [queue('refunds', { filters: { ...EMPTY_FILTERS, textContains: ['chargeback'] } })];
    expect(matchQueue(theCase(), only)).toEqual({ queue: null, via: 'backlog' });
    expect(matchQueue(theCase(), [...only, queue('fb', { isFallback: true, priority: 99 })])).toMatchObject({ queue: { id: 'fb' }, via: 'fallback' });
    // The fallback never wins over a matching queue, whatever its priority.
    expect(matchQueue(theCase(), [queue('any'), queue('fb', { isFallback: true, priority: 99 })])).toMatchObject({ queue: { id: 'any' } });
  });

  it('filters: channel ids, text (case-insensitive, any phrase), custom fields (all must equal)', () => {
    const f = (over: Partial<typeof EMPTY_FILTERS>) => ({ ...EMPTY_FILTERS, ...over });
    expect(queueMatches(f({ channelIds: ['ch_wa'] }), theCase())).toBe(true);
    expect(queueMatches(f({ channelIds: ['ch_other'] }), theCase())).toBe(false);
    expect(queueMatches(f({ textContains: ['REFUND', 'cancel'] }), theCase())).toBe(true);
    expect(queueMatches(f({ textContains: ['cancel'] }), theCase())).toBe(false);
    expect(queueMatches(f({ customFields: { plan: 'gold', seats: 5 } }), theCase({ customFields: { plan: 'gold', seats: 5 } }))).toBe(true);
    expect(queueMatches(f({ customFields: { plan: 'gold', seats: 5 } }), theCase({ customFields: { plan: 'gold' } }))).toBe(false);
    expect(queueMatches(f({ tags: ['a', 'b'] }), theCase({ tags: ['b'] }))).toBe(true);
  });

  it('equal priorities resolve by queue id, deterministically', () => {
    expect(matchQueue(theCase(), [queue('q2'), queue('q1')])).toMatchObject({ queue: { id: 'q1' } });
  });
});

describe('requiredSkill', () => {
  it("is the case's own skill, else the queue's, else the channel's default", () => {
    expect(requiredSkill(theCase({ skillId: 'returns' }), queue('q', { skillId: 'vip' }))).toBe('returns');
    expect(requiredSkill(theCase(), queue('q', { skillId: 'vip' }))).toBe('vip');
    expect(requiredSkill(theCase(), queue('q'))).toBe('billing');
    expect(requiredSkill(theCase({ channelSkillId: null }), null)).toBeNull();
  });
});

describe('reason text', () => {
  it('says the strategy, the idle time or load, and the proficiency', () => {
    const r = pick([agent('a', { skills: { billing: 3 }, statusChangedAt: NOW - 14 * MIN })]);
    if (!('agentId' in r)) throw new Error('expected an agent');
    expect(describeChoice(r.reason, 'Billing')).toBe('longest idle (14 min), Billing proficiency 3');
    const busy = pick([agent('a')], { strategy: 'least_busy', l: loads({ a: { byKind: {}, active: 1 } }) });
    if (!('agentId' in busy)) throw new Error('expected an agent');
    expect(describeChoice(busy.reason, 'Billing')).toBe('least busy (1 active case), Billing proficiency 5');
    expect(describeNoAgent('nobody_available', 'Billing')).toBe('No agent available for Billing');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(125 * MIN)).toBe('2 h 5 min');
  });
});
