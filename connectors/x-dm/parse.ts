// X's DM webhooks as Parley events. Both formats carry message_create events; the DM's own id is
// the event id, so the same DM delivered by both APIs (during the migration) is stored once. The
// business account's own DMs (echoes of Parley's replies, dm.sent) and every other event are skipped.
// A customer's read receipt (XAA `dm.read`, AAA `direct_message_mark_read_events`) marks the DM it names
// as read; X means "and everything before it", but Parley records receipts per message, so only that one
// moves. Both APIs give it the same event id (reader + DM), so one read delivered by both counts once.
import { PayloadError } from '../byoc/payload-error';
import type { ChannelContext, InboundEvent, RawRequest } from '../connector';
import type { XDmConfig } from './config';
import { AaaPayloadSchema, MarkReadEventSchema, XaaEnvelopeSchema, type DirectMessageEvent, type MarkReadEvent, type XUsers } from './wire-format';

const MEDIA_TYPES: Record<string, string> = { photo: 'image/jpeg', video: 'video/mp4', animated_gif: 'video/mp4' };

function toEvents(events: DirectMessageEvent[], users: XUsers, ownId: string | undefined): InboundEvent[] {
  const out: InboundEvent[] = [];
  for (const dm of events) {
    const create = dm.message_create;
    if (dm.type !== 'message_create' || !create) continue;
    if (create.sender_id === ownId) continue;
    const user = users?.[create.sender_id];
    const name = user?.data?.name ?? user?.name;
    const sender = { externalId: create.sender_id, ...(name ? { name } : {}) };
    const at = Number(dm.created_timestamp);
    const occurredAt = Number.isFinite(at) && at > 0 ? at : Date.now();
    const data = create.message_data;
    const base = { eventId: dm.id, providerMessageId: dm.id, threadId: create.sender_id, sender, occurredAt, raw: dm };
    if (data.quick_reply_response?.metadata) {
      out.push({ ...base, kind: 'postback', payload: data.quick_reply_response.metadata, text: data.text });
      continue;
    }
    const media = data.attachment?.media;
    const attachments = media?.media_url_https ? [{ url: media.media_url_https, mime: MEDIA_TYPES[media.type ?? ''] ?? 'application/octet-stream' }] : [];
    // X appends the media's t.co link to the text: drop it when the file comes along.
    const text = attachments.length ? data.text.replace(/\s*https:\/\/t\.co\/\w+$/, '') : data.text;
    out.push({ ...base, kind: 'message', text, attachments });
  }
  return out;
}

function readReceipts(events: MarkReadEvent[], ownId: string | undefined): InboundEvent[] {
  return events.filter((read) => read.sender_id !== ownId).map((read) => {
    const at = Number(read.created_timestamp);
    return {
      kind: 'receipt' as const, eventId: `read:${read.sender_id}:${read.last_read_event_id}`, providerMessageId: read.last_read_event_id,
      status: 'read' as const, occurredAt: Number.isFinite(at) && at > 0 ? at : Date.now(),
    };
  });
}

/** dm.read's mark-read events: AAA's array under `payload`, or the payload being one such event (wire-format.ts). */
function xaaReads(payload: unknown): MarkReadEvent[] {
  const listed = (payload as { direct_message_mark_read_events?: MarkReadEvent[] } | undefined)?.direct_message_mark_read_events;
  if (listed) return listed;
  const single = MarkReadEventSchema.safeParse(payload);
  return single.success ? [single.data] : [];
}

export function parseXRequest(req: RawRequest, channel: ChannelContext<XDmConfig>): InboundEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new PayloadError('The body is not JSON.', []);
  }
  const xaa = XaaEnvelopeSchema.safeParse(body);
  if (xaa.success) {
    const { event_type: type, payload, filter } = xaa.data.data;
    if (type === 'dm.received') return toEvents(payload?.direct_message_events ?? [], payload?.users, channel.config.userId);
    if (type === 'dm.read') return readReceipts(xaaReads(payload), channel.config.userId ?? filter?.user_id);
    return [];
  }
  const aaa = AaaPayloadSchema.safeParse(body);
  if (aaa.success) {
    const ownId = channel.config.userId ?? aaa.data.for_user_id;
    return [...toEvents(aaa.data.direct_message_events ?? [], aaa.data.users, ownId), ...readReceipts(aaa.data.direct_message_mark_read_events ?? [], ownId)];
  }
  return [];
}
