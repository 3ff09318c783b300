// What the outreach API answers (engine/api/routes/outreach.ts), as the console reads it.
export interface ListIssue { rowNumber: number; field: string; reason: string }

export interface ContactList {
  id: string;
  name: string;
  status: 'importing' | 'ready' | 'failed';
  mapping: { externalId: string | null; name: string | null; identities: Record<string, string>; variables: string[] } | null;
  delimiter: string | null;
  counts: { rowsRead: number; valid: number; invalid: number; duplicates: number };
  progress: number | null;
  error: string | null;
  createdAt: string;
  completedAt: string | null;
  report?: { issueCount: number; issues: ListIssue[] };
}

export type CampaignStatus = 'draft' | 'scheduled' | 'waiting_window' | 'sending' | 'paused' | 'completed' | 'cancelled';
export const RECIPIENT_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'replied', 'failed', 'skipped'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export interface Campaign {
  id: string;
  name: string;
  channelId: string;
  listId: string;
  mode: 'agentless' | 'skill';
  skillId: string | null;
  startAt: string | null;
  sendingWindow: { timeZone: string; days: string[]; from: string; to: string } | null;
  throttlePerSecond: number | null;
  status: CampaignStatus;
  recipients: Record<RecipientStatus, number> & { total: number; skippedBy: Record<string, number> };
  sendsPerSecond: number;
  estimatedSecondsLeft: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ChannelSummary { id: string; type: string; name: string; enabled: boolean }

export const CAMPAIGN_STATUS: Record<CampaignStatus, { label: string; tone: '' | 'ok' | 'warn' | 'danger' | 'accent' }> = {
  draft: { label: 'Draft', tone: '' },
  scheduled: { label: 'Scheduled', tone: 'accent' },
  waiting_window: { label: 'Waiting for window', tone: 'warn' },
  sending: { label: 'Sending', tone: 'accent' },
  paused: { label: 'Paused', tone: 'warn' },
  completed: { label: 'Completed', tone: 'ok' },
  cancelled: { label: 'Cancelled', tone: 'danger' },
};

export const SKIP_REASON_TEXT: Record<string, string> = {
  opted_out: 'opted out',
  no_proactive_outbound: 'only on channels without proactive outbound',
  template_required: 'template required',
  invalid_identity: 'no identity for this channel',
  duplicate: 'duplicate',
};

/** An approved message template of a channel (GET /channels/{id}/templates; WhatsApp). */
export interface ChannelTemplate { name: string; language: string; bodyText?: string; bodyVariables: number; headerFormat?: string }
