// What the inbox reads from the API: cases, their thread, the workspace extras, users, contacts.
export type CaseStatus = 'new' | 'open' | 'pending' | 'escalated' | 'resolved' | 'closed';
export type DeliveryStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface CaseSummary {
  id: string;
  status: CaseStatus;
  channelId: string;
  channelType?: string;
  contactId: string;
  contactName: string | null;
  assigneeId: string | null;
  skillId: string | null;
  priority: number;
  tags: string[];
  preview: string | null;
  inboundCount: number;
  outboundCount: number;
  createdAt: string;
  updatedAt: string;
  /** The inbox's order: customer messages, replies and agents' actions (not Parley's bookkeeping). */
  lastActivityAt: string;
  statusUpdatedAt: string;
  statusUpdatedBy: string | null;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
  closedAt: string | null;
}

/** `consent`: a file offered in a Teams personal chat, where the customer's answer stands. */
export type FileConsent = 'waiting' | 'accepted' | 'delivered' | 'declined' | 'failed';
export interface Attachment { id: string; url: string | null; mime: string; name: string | null; size: number | null; consent?: FileConsent }

export interface StoredContent {
  content: unknown;
  fallbackText?: string;
  postback?: { payload: string };
  answer?: { messageId: string; optionId: string; payload: string };
}

export interface Message {
  id: string;
  caseId: string;
  direction: 'in' | 'out';
  authorType: 'customer' | 'agent' | 'system';
  authorId: string | null;
  content: StoredContent;
  text: string;
  deliveryStatus: DeliveryStatus;
  deliveryError: string | null;
  /** How the channel showed it, as stored when it was sent (null: inbound or not sent). */
  rendering: { outcome: 'native' | 'degraded' | 'fallback'; report: RenderReportEntry[]; text: string | null } | null;
  attachments: Attachment[];
  occurredAt: string;
  createdAt: string;
}

export interface CaseEvent {
  type: string;
  from: string | null;
  to: string | null;
  actor: string | null;
  description: string;
  at: string;
}

export interface CaseDetail extends CaseSummary {
  messages: Message[];
  events: CaseEvent[];
}

export interface Note { id: string; caseId: string; authorId: string; authorName: string | null; text: string; mentions: string[]; createdAt: string }

export interface RenderReportEntry { block: string; type: string; outcome: 'native' | 'degraded' | 'fallback'; detail: string }

export interface ReplyWindow {
  channelName: string;
  hours: number | null;
  outsideWindow: 'nothing' | 'templates' | 'tagged' | 'anything';
  open: boolean;
  closesAt: string | null;
  humanAgentClosesAt: string | null;
  templates: boolean;
}

export interface Workspace {
  replyWindow: ReplyWindow | null;
  rendering: { messageId: string; outcome: 'native' | 'degraded' | 'fallback'; report: RenderReportEntry[]; text: string | null; source: 'sent' | 'rendered' }[];
  notes: Note[];
  /** Names of message authors and event actors by id (user, session or API key). */
  people: Record<string, string>;
}

export interface User { id: string; name: string; email: string; role: string }

export interface CustomerCard {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  customFields: Record<string, unknown>;
  identities: { id: string; channelId: string; channelType: string; channelName: string; externalId: string; name: string | null }[];
  cases: CaseSummary[];
}

export interface CannedResponse { id: string; shortCode: string; title: string; content: string }

export interface SlaTargets { slaFirstResponseMinutes: number; slaNextResponseMinutes: number }

/** An approved template; `headerFormat` is Meta's (TEXT, IMAGE, VIDEO, DOCUMENT…): a media header needs a file. */
export interface Template { name: string; language: string; bodyText?: string; bodyVariables: number; headerFormat?: string }
