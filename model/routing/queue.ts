// Routing queues: which cases a queue takes (filters), how it picks an agent (strategy), how long an
// offer waits for the agent, and the wrap-up time after a case closes.

export const ROUTING_STRATEGIES = ['longest_idle', 'least_busy'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export interface QueueFilters {
  /** Channel types (e.g. `whatsapp`); empty = any. */
  channelTypes: string[];
  /** Specific channels; empty = any. */
  channelIds: string[];
  /** The case carries at least one of these tags; empty = any. */
  tags: string[];
  /** The customer's messages contain one of these words or phrases (case-insensitive); empty = any. */
  textContains: string[];
  /** Case custom fields that must equal these values (all of them). */
  customFields: Record<string, string | number | boolean>;
}

export interface RoutingQueue {
  id: string;
  name: string;
  /** Higher wins when several queues match. */
  priority: number;
  filters: QueueFilters;
  /** The skill agents need; null: the case's own skill (its channel's default). */
  skillId: string | null;
  strategy: RoutingStrategy;
  /** How long an offer waits for the agent to accept; null: assigned at once, no offer. */
  offerTimeoutMs: number | null;
  /** After a case closes, the agent's capacity frees after this long. */
  wrapUpMs: number;
  /** The account's fallback: takes cases no other queue matches (one per account). */
  isFallback: boolean;
}

export const EMPTY_FILTERS: QueueFilters = { channelTypes: [], channelIds: [], tags: [], textContains: [], customFields: {} };
