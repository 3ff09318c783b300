// Picks the agent for a case: only available agents who hold the skill and have free capacity for
// the case's channel kind; the best proficiency first; then the queue's strategy; ties broken by
// agent id so the same inputs always give the same answer.
import { EMPTY_LOAD, freeCapacity, idleSince, type AgentLoad, type RoutingAgent } from './agent';
import { channelKindOf, type ChannelKind } from './channel-kinds';
import type { RoutingStrategy } from './queue';

export interface ChooseRequest {
  channelType: string;
  /** The skill required; null: any available agent (proficiency not compared). */
  skillId: string | null;
  strategy: RoutingStrategy;
  /** Agents not to offer this case to (an offer that expired, the agent it was taken from). */
  exclude?: readonly string[];
}

export interface ChosenReason {
  strategy: RoutingStrategy;
  skillId: string | null;
  /** The chosen agent's proficiency in the skill (null without a skill). */
  proficiency: number | null;
  /** How long the agent had been idle (ms). */
  idleMs: number;
  /** Offered or accepted cases the agent held before this one. */
  activeCases: number;
  kind: ChannelKind;
  /** How many agents were eligible. */
  candidates: number;
}

export type NoAgentReason = 'no_agent_with_skill' | 'nobody_available' | 'no_capacity';

export type ChooseResult =
  | { agentId: string; reason: ChosenReason }
  | { none: true; reason: NoAgentReason; kind: ChannelKind };

export function chooseAgent(
  request: ChooseRequest,
  agents: readonly RoutingAgent[],
  loads: ReadonlyMap<string, AgentLoad>,
  now: number,
): ChooseResult {
  const kind = channelKindOf(request.channelType);
  const excluded = new Set(request.exclude ?? []);
  const skilled = agents.filter((a) => !excluded.has(a.id) && (request.skillId === null || request.skillId in a.skills));
  if (skilled.length === 0) return { none: true, reason: 'no_agent_with_skill', kind };
  const available = skilled.filter((a) => a.status === 'available');
  if (available.length === 0) return { none: true, reason: 'nobody_available', kind };
  const loadOf = (a: RoutingAgent) => loads.get(a.id) ?? EMPTY_LOAD;
  const free = available.filter((a) => freeCapacity(a, loadOf(a), kind) > 0);
  if (free.length === 0) return { none: true, reason: 'no_capacity', kind };

  const proficiency = (a: RoutingAgent) => (request.skillId === null ? 0 : a.skills[request.skillId]);
  const byIdle = (a: RoutingAgent, b: RoutingAgent) => idleSince(a) - idleSince(b);
  const byBusy = (a: RoutingAgent, b: RoutingAgent) => loadOf(a).active - loadOf(b).active;
  const [first, second] = request.strategy === 'least_busy' ? [byBusy, byIdle] : [byIdle, byBusy];
  const ranked = [...free].sort((a, b) => proficiency(a) - proficiency(b) || first(a, b) || second(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const best = ranked[0];
  return {
    agentId: best.id,
    reason: {
      strategy: request.strategy,
      skillId: request.skillId,
      proficiency: request.skillId === null ? null : proficiency(best),
      idleMs: Math.max(0, now - idleSince(best)),
      activeCases: loadOf(best).active,
      kind,
      candidates: free.length,
    },
  };
}
