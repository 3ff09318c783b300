// What the supervisor view reads: engine/api/routes/routing-agents.ts, routing-queues.ts, routing-cases.ts.
export type AgentStatus = 'available' | 'away' | 'offline';
export type ChannelKind = 'chat' | 'messaging' | 'email' | 'social';
export const CHANNEL_KINDS: ChannelKind[] = ['chat', 'messaging', 'email', 'social'];

export interface RoutingAgent {
  id: string; name: string; email: string; role: 'admin' | 'supervisor' | 'agent';
  status: AgentStatus; since: string;
  skills: { skillId: string; name: string; proficiency: number }[];
  capacity: Record<ChannelKind, number>;
  load: Record<ChannelKind, number>;
  activeCases: number;
  lastAssignedAt: string | null; lastAssignmentEndedAt: string | null;
}

export interface QueueSummaryRow {
  queueId: string | null; name: string; priority: number; skillId: string | null;
  waiting: number; oldestWaitingSince: string | null; oldestWaitingMs: number | null;
  offered: number; assigned: number; agentsAvailable: number;
}

export interface BacklogCase {
  caseId: string; queueId: string | null; queueName: string | null; skillId: string | null; channelId: string; channelType: string | null;
  status: string; contactName: string | null; preview: string | null;
  waitReason: string | null; waitingSince: string | null; waitingMs: number | null;
}

/** A case with an agent (GET /routing/assignments): offered (not accepted yet) or accepted, and since when. */
export interface HeldCase {
  caseId: string; status: 'new' | 'open' | 'pending' | 'escalated'; contactName: string | null; preview: string | null;
  channelId: string; channelType: string | null; agentId: string; agentName: string | null;
  queueId: string | null; queueName: string | null; routed: boolean;
  state: 'offered' | 'accepted'; since: string; heldMs: number;
  offeredAt: string | null; offerExpiresAt: string | null; offerRemainingMs: number | null; acceptedAt: string | null;
  /** Set by the page when the row arrives: when the offer runs out by this browser's clock. */
  expiresAtLocal?: number | null;
  /** When the current state began, by this browser's clock. */
  sinceLocal?: number;
}
export interface HeldCounts { offered: number; accepted: number; total: number }

export interface Skill { id: string; name: string }
export interface Queue { id: string; name: string }

export interface CaseRouting {
  state: 'unrouted' | 'waiting' | 'assigned' | 'done';
  queueId: string | null; waitingSince: string | null; waitReason: string | null;
  assignment: { id: string; agentId: string; state: 'offered' | 'accepted'; offeredAt: string; offerExpiresAt: string | null; acceptedAt: string | null } | null;
}
