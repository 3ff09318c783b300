// Snapshot readers: the case, contact, channel and message as a rule sees them (event.ts shapes),
// read with one prepared statement each. Used when an event is recorded (so dry-runs and replays
// later see what the rule would have seen) and by the rule run after a delay.
import type { CaseSnapshot, ChannelSnapshot, ContactSnapshot, MessageSnapshot } from '../../../model/rules/event';
import { statement, type DbOrTx } from './sql-handle';

export interface CaseContextSnapshot {
  accountId: string;
  case: CaseSnapshot;
  contact: ContactSnapshot | null;
  channel: ChannelSnapshot | null;
}

const CASE_CONTEXT = `
  select c.id, c.account_id, c.status, c.priority, c.tags, c.skill_id, c.assignee_id, c.custom_fields, c.channel_id,
    c.contact_id, c.thread_id, c.created_at, c.status_updated_at, c.last_inbound_at, c.last_outbound_at,
    ct.id ct_id, ct.name ct_name, ct.email ct_email, ct.phone ct_phone, ct.custom_fields ct_fields,
    ch.id ch_id, ch.type ch_type, ch.name ch_name
  from cases c left join contacts ct on ct.id = c.contact_id left join channels ch on ch.id = c.channel_id
  where c.id = ?`;

const MESSAGE = `
  select id, case_id, direction, author_type, fallback_text, tags, content, delivery_status, delivery_error
  from messages where id = ?`;

interface CaseContextRow {
  id: string; account_id: string; status: CaseSnapshot['status']; priority: number; tags: string; skill_id: string | null;
  assignee_id: string | null; custom_fields: string; channel_id: string; contact_id: string; thread_id: string;
  created_at: number; status_updated_at: number; last_inbound_at: number | null; last_outbound_at: number | null;
  ct_id: string | null; ct_name: string | null; ct_email: string | null; ct_phone: string | null; ct_fields: string | null;
  ch_id: string | null; ch_type: string | null; ch_name: string | null;
}

interface MessageRow {
  id: string; case_id: string; direction: 'in' | 'out'; author_type: MessageSnapshot['authorType']; fallback_text: string;
  tags: string; content: string; delivery_status: string; delivery_error: string | null;
}

const json = <T>(text: string | null, fallback: T): T => {
  // Most cases have no tags and no custom fields: skip the parser for the empty ones.
  if (!text || text === '[]' || text === '{}') return (text === '[]' ? [] : text === '{}' ? {} : fallback) as T;
  try { return JSON.parse(text) as T; } catch { return fallback; }
};

/** The case with its contact and channel, or undefined when the case does not exist. */
export function readCaseContext(handle: DbOrTx, caseId: string): CaseContextSnapshot | undefined {
  const row = statement(handle, CASE_CONTEXT).get(caseId) as CaseContextRow | undefined;
  if (!row) return undefined;
  return {
    accountId: row.account_id,
    case: {
      id: row.id, status: row.status, priority: row.priority, tags: json<string[]>(row.tags, []),
      skillId: row.skill_id, assigneeId: row.assignee_id, customFields: json<Record<string, unknown>>(row.custom_fields, {}),
      channelId: row.channel_id, contactId: row.contact_id, threadId: row.thread_id, createdAt: row.created_at,
      statusUpdatedAt: row.status_updated_at, lastInboundAt: row.last_inbound_at, lastOutboundAt: row.last_outbound_at,
    },
    contact: row.ct_id
      ? { id: row.ct_id, name: row.ct_name, email: row.ct_email, phone: row.ct_phone, customFields: json<Record<string, unknown>>(row.ct_fields, {}) }
      : null,
    channel: row.ch_id ? { id: row.ch_id, type: row.ch_type!, name: row.ch_name! } : null,
  };
}

/** A stored message as a rule sees it, with the case it belongs to. */
export function readMessageSnapshot(handle: DbOrTx, messageId: string): { caseId: string; message: MessageSnapshot } | undefined {
  const row = statement(handle, MESSAGE).get(messageId) as MessageRow | undefined;
  if (!row) return undefined;
  const content = json<{ answer?: MessageSnapshot['answer'] }>(row.content, {});
  return {
    caseId: row.case_id,
    message: {
      id: row.id, direction: row.direction, authorType: row.author_type, text: row.fallback_text, tags: json<string[]>(row.tags, []),
      ...(content.answer ? { answer: content.answer } : {}),
      deliveryStatus: row.delivery_status, deliveryError: row.delivery_error,
    },
  };
}
