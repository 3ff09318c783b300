// Typing indicators for web chat, both ways. Typing is ephemeral: nothing is stored, a signal
// lives TYPING_TTL_MS unless renewed (the widget renews while the visitor types; an agent's client
// renews while the agent types). Held in this process's memory: with one Parley process (the
// default) agents and visitors always meet here; with several API processes behind a balancer, a
// visitor's socket and an agent's request may land on different processes and the indicator is
// then not shown (messages are unaffected: they are read from the database).
export const TYPING_TTL_MS = 6_000;

export interface CustomerTyping { since: number; expiresAt: number }
/** What a visitor's open connection is told: the team is typing in their conversation (or stopped). */
export interface AgentTypingSignal { active: boolean; name?: string; expiresInMs: number }

type VisitorListener = (signal: AgentTypingSignal) => void;

const visitorKey = (channelId: string, externalId: string) => `${channelId}\n${externalId}`;

export class TypingRegistry {
  private readonly customers = new Map<string, CustomerTyping>();
  private readonly visitors = new Map<string, Set<VisitorListener>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The visitor of `caseId` is typing (active) or stopped (sent their message, cleared the box). */
  customerTyping(caseId: string, active: boolean): void {
    const at = this.now();
    if (!active) { this.customers.delete(caseId); return; }
    const current = this.customerOf(caseId);
    this.customers.set(caseId, { since: current?.since ?? at, expiresAt: at + TYPING_TTL_MS });
    // Expired entries of other cases go when the map is next written (no timers per visitor).
    if (this.customers.size > 1_000) for (const [id, t] of this.customers) if (t.expiresAt <= at) this.customers.delete(id);
  }

  /** Whether the visitor of `caseId` is typing now, and since when. */
  customerOf(caseId: string): CustomerTyping | null {
    const t = this.customers.get(caseId);
    if (!t) return null;
    if (t.expiresAt <= this.now()) { this.customers.delete(caseId); return null; }
    return t;
  }

  /** An agent types (or stopped) in a conversation: every open connection of its visitor is told. Returns how many. */
  agentTyping(channelId: string, externalIds: string[], signal: AgentTypingSignal): number {
    let told = 0;
    for (const externalId of externalIds) {
      for (const listener of this.visitors.get(visitorKey(channelId, externalId)) ?? []) { listener(signal); told++; }
    }
    return told;
  }

  /** A visitor's open connection listens for the team typing; returns the unsubscribe. */
  onAgentTyping(channelId: string, externalId: string, listener: VisitorListener): () => void {
    const key = visitorKey(channelId, externalId);
    let set = this.visitors.get(key);
    if (!set) this.visitors.set(key, set = new Set());
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0 && this.visitors.get(key) === set) this.visitors.delete(key);
    };
  }
}

/** The process's registry (the web chat routes and the case routes share it). */
export const typingRegistry = new TypingRegistry();
