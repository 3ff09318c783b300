// An agent as routing sees them: presence, skills with proficiency, capacity per channel kind, and
// when they last took or finished work (for "longest idle").
import type { ChannelKind } from './channel-kinds';

export const AGENT_STATUSES = ['available', 'away', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** 1 is the best proficiency, 20 the weakest (CXone's ACD scale). */
export const PROFICIENCY_BEST = 1;
export const PROFICIENCY_WORST = 20;

export interface RoutingAgent {
  id: string;
  name: string;
  status: AgentStatus;
  /** ms since epoch the status last changed. */
  statusChangedAt: number;
  /** skillId → proficiency (1–20, 1 best). */
  skills: Readonly<Record<string, number>>;
  /** Maximum concurrent cases per channel kind. */
  capacity: Readonly<Record<ChannelKind, number>>;
  /** When the agent was last offered or given a case (ms), null if never. */
  lastAssignedAt: number | null;
  /** When the agent's last case ended (released; wrap-up included), null if never. */
  lastAssignmentEndedAt: number | null;
}

/** What an agent is holding now: active assignments plus closed ones still in wrap-up, per kind. */
export interface AgentLoad {
  /** Counted against capacity (offered, accepted, and released but still in wrap-up). */
  byKind: Partial<Record<ChannelKind, number>>;
  /** Offered or accepted cases, all kinds (least busy compares this). */
  active: number;
}

export const EMPTY_LOAD: AgentLoad = { byKind: {}, active: 0 };

/**
 * Since when the agent has been idle: the latest of becoming available, being given a case and a
 * case ending. Counting "given a case" spreads work: the agent who just got one is not idle any more.
 */
export function idleSince(agent: RoutingAgent): number {
  return Math.max(agent.statusChangedAt, agent.lastAssignedAt ?? 0, agent.lastAssignmentEndedAt ?? 0);
}

export function freeCapacity(agent: RoutingAgent, load: AgentLoad, kind: ChannelKind): number {
  return (agent.capacity[kind] ?? 0) - (load.byKind[kind] ?? 0);
}
