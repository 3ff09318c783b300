// The contract between the case workflow and the rest of Parley: its input, signals, update,
// query payloads and the activities it calls. Pure types and constants: safe in the workflow bundle.
import type { EventOrigin } from '../../model/rules/event';
import type { RoutingState } from './routing-machine';

export const CASE_STATUSES = ['new', 'open', 'pending', 'escalated', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_TASK_QUEUE = 'parley-cases';

/** Why an agent reply that reached a closed case was not sent (workflow and dispatcher say the same). */
export const REPLY_AFTER_CLOSE = 'The case was closed before the reply could be sent.';
export const caseWorkflowId = (caseId: string) => `case-${caseId}`;

/** What the workflow mirrors to the database and answers to the `caseState` query. */
export interface CaseState {
  status: CaseStatus;
  /** ms since epoch of the last status change. */
  statusUpdatedAt: number;
  /**
   * Who made the last status change: an agent's id (API key or user), `customer` (the customer
   * wrote and the case reopened), `system` (auto-close); null until the first change.
   */
  statusUpdatedBy: string | null;
  /** Reply-window anchors (ms since epoch), null until the first message that way. */
  lastInboundAt: number | null;
  lastOutboundAt: number | null;
  inboundCount: number;
  outboundCount: number;
  /** When a resolved case closes itself (ms since epoch); null when not resolved. */
  autoCloseAt: number | null;
}

export interface CaseWorkflowInput {
  caseId: string;
  accountId: string;
  /** Delay after which a resolved case closes itself unless the customer writes again. */
  autoCloseAfterMs: number;
  /** Carried across continue-as-new (absent on the first run). */
  carried?: {
    state: CaseState;
    seenMessageIds: string[];
    /** Messages signalled but not yet applied when the run continued as new; applied first. */
    pending?: QueuedCaseMessage[];
    /** Routing state (absent when the first run predates routing: such a case does not route). */
    routing?: RoutingState;
  };
}

/** A signalled message waiting to be applied by the workflow. */
export interface QueuedCaseMessage {
  kind: 'inbound' | 'agentReply';
  messageId: string;
  at: number;
  /** Inbound: when Parley stored the message (absent in signals from older versions). */
  storedAt?: number;
  agentId?: string;
}

/** Signal `inboundMessage`: the customer wrote (message already stored by ingest). */
export interface InboundMessageSignal {
  messageId: string;
  /** Provider timestamp of the message, ms since epoch. */
  at: number;
  /** When Parley stored it (the outbox row's time): a message stored before a status change does not undo it. */
  storedAt?: number;
}

/** Signal `agentReply`: an agent's message was stored and must be delivered. */
export interface AgentReplySignal {
  messageId: string;
  at: number;
  agentId?: string;
}

/** Update `changeStatus`: validated against the machine; an illegal transition is refused. */
export interface ChangeStatusRequest {
  status: CaseStatus;
  actorId?: string;
  /** Set by a rule's action: the audit entry's detail and the rule chain (loop bounds) for rules the change triggers. */
  detail?: Record<string, unknown>;
  origin?: EventOrigin;
}

/** Why a state is mirrored, when an Update carried it (a rule's change_status). */
export interface MirrorCause {
  detail?: Record<string, unknown>;
  origin?: EventOrigin;
}

export type DeliveryOutcome =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'failed'; reason: string };

/** Activities the case workflow calls (implemented in workflows/activities/). */
export interface CaseActivities {
  /** Writes the workflow's view of the case to the database (the DB mirrors the workflow). */
  mirrorCaseState(caseId: string, state: CaseState, cause?: MirrorCause): Promise<void>;
  /**
   * Sends a stored outbound message through its channel's connector and records the outcome.
   * Throws on transient errors (retried by Temporal); returns `failed` for permanent ones.
   */
  deliverMessage(messageId: string): Promise<DeliveryOutcome>;
  /** Marks a message failed after the retries ran out. */
  markMessageFailed(messageId: string, reason: string): Promise<void>;
  /**
   * A customer message signalled after the case closed: moves it to the thread's open case
   * (a closed case is final) and queues it for that case's workflow.
   */
  rerouteInbound(closedCaseId: string, messageId: string): Promise<void>;
}
