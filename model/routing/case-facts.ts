// What routing reads of a case: enough to match queue filters and pick an agent.

export interface RoutingCase {
  id: string;
  channelId: string;
  channelType: string;
  /** The case's skill: set by a rule, a transfer or an agent; null falls back to the queue's or the channel's. */
  skillId: string | null;
  /** The channel's default skill. */
  channelSkillId: string | null;
  tags: readonly string[];
  customFields: Readonly<Record<string, unknown>>;
  /** The customer's messages (text), for "text contains" filters. */
  text: string;
  priority: number;
  createdAt: number;
}
