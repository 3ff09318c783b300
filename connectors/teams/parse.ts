// Turns a verified Bot Framework activity into normalized inbound events. A `message` from a person
// becomes a message (text without the bot's @mention, images and files as attachments), or a
// postback when it carries `value` — an Adaptive Card Action.Submit or a messageBack. A
// `fileConsent/invoke` (the person accepted or declined a file Parley offered, file-consent.ts)
// becomes a fileConsent event; a read receipt (an `event` named application/vnd.microsoft.readReceipt,
// sent in personal chats when the app has the ChatMessageReadReceipt.Read.Chat permission) marks the
// message it names read. Every other activity (conversationUpdate, typing, messageReaction, other
// invokes, …) is skipped.
import { zodIssues } from '../../engine/validation';
import { PayloadError } from '../byoc/payload-error';
import type { ChannelContext, ConnectorDeps, HandshakeResponse, InboundAttachment, InboundEvent, RawRequest } from '../connector';
import { isRecord } from '../shared/answer/answer-parser';
import type { TeamsConfig } from './config';
import { readFileConsentInvoke } from './file-consent';
import { CHOICE_KEY, OPTION_KEY } from './render';
import { FILE_DOWNLOAD_INFO, teamsActivitySchema, type TeamsInboundActivity, type TeamsInboundAttachment } from './wire-format';

/**
 * Activity ids are unique within a conversation (Teams numbers them by time), not across them: the
 * de-duplication key pairs the two.
 */
export const teamsEventId = (conversationId: string, activityId: string) => `teams:${conversationId}:${activityId}`;

export function readTeamsActivity(body: Buffer): TeamsInboundActivity {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new PayloadError('The request body is not valid JSON.', [{ path: '(body)', message: (err as Error).message }]);
  }
  const parsed = teamsActivitySchema.safeParse(json);
  if (!parsed.success) throw new PayloadError('The body is not a Bot Framework Activity.', zodIssues(parsed.error));
  return parsed.data;
}

/** Teams wraps an @mention of the bot in <at>…</at>; what the person wrote is the rest. */
export const withoutMentions = (text: string) => text.replace(/<at>[^<]*<\/at>/g, '').replace(/\s+/g, ' ').trim();

function attachmentOf(a: TeamsInboundAttachment): InboundAttachment | null {
  if (a.contentType === FILE_DOWNLOAD_INFO && isRecord(a.content)) {
    const url = typeof a.content.downloadUrl === 'string' ? a.content.downloadUrl : undefined;
    const type = typeof a.content.fileType === 'string' ? a.content.fileType : undefined;
    return { mime: type === 'pdf' ? 'application/pdf' : 'application/octet-stream', ...(url ? { url } : {}), ...(a.name ? { name: a.name } : {}) };
  }
  // Pasted images arrive as image/* with a contentUrl (it needs the bot's token to download).
  if (a.contentType.startsWith('image/') || (a.contentType === 'image' && a.contentUrl)) {
    return { mime: a.contentType === 'image' ? 'image/png' : a.contentType, ...(a.contentUrl ? { url: a.contentUrl } : {}), ...(a.name ? { name: a.name } : {}) };
  }
  // text/html is Teams' formatted copy of `text`; cards and other types are not files.
  return null;
}

/** What a submitted card said, for the inbox: the chosen option's token, or the inputs as "id: value". */
function submittedText(value: Record<string, unknown>): { payload: string; text: string } {
  const option = value[OPTION_KEY] ?? value[CHOICE_KEY];
  if (typeof option === 'string' && option) return { payload: option.split(',')[0], text: option };
  const inputs = Object.entries(value).filter(([k, v]) => k !== 'parleyForm' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'));
  return { payload: JSON.stringify(value), text: inputs.map(([k, v]) => `${k}: ${String(v)}`).join('\n') || JSON.stringify(value) };
}

export function parseTeamsRequest(req: RawRequest, _channel?: ChannelContext<TeamsConfig>, deps?: ConnectorDeps): InboundEvent[] {
  const activity = readTeamsActivity(req.body);
  const consent = readFileConsentInvoke(activity);
  if (consent) return fileConsentEvents(activity, consent, deps);
  if (activity.type === 'event' && activity.name === READ_RECEIPT) return readReceiptEvents(activity, deps);
  if (activity.type !== 'message') return [];
  const issues = [
    ...(activity.id ? [] : [{ path: 'id', message: 'a message activity needs its id' }]),
    ...(activity.conversation ? [] : [{ path: 'conversation.id', message: 'a message activity needs its conversation' }]),
    ...(activity.from ? [] : [{ path: 'from.id', message: 'a message activity needs its sender' }]),
    ...(activity.serviceUrl ? [] : [{ path: 'serviceUrl', message: 'a message activity needs the serviceUrl replies go to' }]),
  ];
  if (issues.length > 0) throw new PayloadError('The message activity is incomplete.', issues);
  const { id, conversation, from } = activity as Required<Pick<TeamsInboundActivity, 'id' | 'conversation' | 'from'>>;
  // A bot's own messages (from "28:<appId>") are not customers writing.
  if (from.id.startsWith('28:') || (activity.recipient && from.id === activity.recipient.id)) return [];

  const stamped = activity.timestamp ? Date.parse(activity.timestamp) : NaN;
  const occurredAt = Number.isFinite(stamped) ? stamped : (deps?.now() ?? 0);
  const base = {
    eventId: teamsEventId(conversation.id, id),
    providerMessageId: id,
    threadId: conversation.id,
    // The activity's locale is the user's client language ("es-ES").
    sender: { externalId: from.id, ...(from.name ? { name: from.name } : {}), ...(activity.locale ? { language: activity.locale } : {}) },
    occurredAt,
    raw: activity,
  };
  if (isRecord(activity.value)) {
    const { payload, text } = submittedText(activity.value);
    return [{ kind: 'postback', ...base, payload, text: activity.text ? withoutMentions(activity.text) || text : text }];
  }
  const attachments = (activity.attachments ?? []).map(attachmentOf).filter((a): a is InboundAttachment => a !== null);
  const text = withoutMentions(activity.text ?? '');
  if (!text && attachments.length === 0) return [];
  return [{ kind: 'message', ...base, text, attachments }];
}

/**
 * A person's answer to a file consent card. The event id names the file, not the activity: the first
 * answer to a card is the one that counts, and a retried or repeated invoke is a duplicate.
 */
function fileConsentEvents(activity: TeamsInboundActivity, read: NonNullable<ReturnType<typeof readFileConsentInvoke>>, deps?: ConnectorDeps): InboundEvent[] {
  const issues = 'issues' in read ? [...read.issues] : [];
  if (!activity.conversation) issues.push({ path: 'conversation.id', message: 'a fileConsent/invoke needs its conversation' });
  if (issues.length > 0 || !('answer' in read)) throw new PayloadError('The fileConsent/invoke activity is incomplete.', issues);
  const { answer } = read;
  const conversationId = activity.conversation!.id;
  const stamped = activity.timestamp ? Date.parse(activity.timestamp) : NaN;
  return [{
    kind: 'fileConsent',
    eventId: `teams:${conversationId}:fileConsent:${answer.context.parleyAttachmentId}`,
    threadId: conversationId,
    messageId: answer.context.parleyMessageId,
    attachmentId: answer.context.parleyAttachmentId,
    action: answer.action,
    ...(answer.uploadInfo ? { upload: { ...answer.uploadInfo } } : {}),
    occurredAt: Number.isFinite(stamped) ? stamped : (deps?.now() ?? 0),
    raw: activity,
  }];
}

const READ_RECEIPT = 'application/vnd.microsoft.readReceipt';

/**
 * The customer read the chat up to `value.lastReadMessageId` (an activity id: Teams numbers them by
 * time). Parley keeps the id of the last activity it posted for each reply, so the receipt marks that
 * reply read; a receipt naming the customer's own message matches nothing and changes nothing.
 */
function readReceiptEvents(activity: TeamsInboundActivity, deps?: ConnectorDeps): InboundEvent[] {
  const last = isRecord(activity.value) ? activity.value.lastReadMessageId : undefined;
  const issues = [
    ...(typeof last === 'string' && last ? [] : [{ path: 'value.lastReadMessageId', message: 'a read receipt names the last message read' }]),
    ...(activity.conversation ? [] : [{ path: 'conversation.id', message: 'a read receipt needs its conversation' }]),
  ];
  if (issues.length > 0) throw new PayloadError('The read receipt event is incomplete.', issues);
  const stamped = activity.timestamp ? Date.parse(activity.timestamp) : NaN;
  return [{
    kind: 'receipt',
    eventId: `teams:${activity.conversation!.id}:read:${last as string}`,
    providerMessageId: last as string,
    status: 'read',
    occurredAt: Number.isFinite(stamped) ? stamped : (deps?.now() ?? 0),
  }];
}

/**
 * Bot Framework waits for the answer to an `invoke` (here: the file consent): 200 tells Teams the bot
 * took it, and Parley answers only once the answer is stored (ingest ran before this). Other
 * activities keep Parley's JSON summary.
 */
export function teamsWebhookResponse(req: RawRequest): HandshakeResponse | null {
  const activity = readTeamsActivity(req.body);
  // An empty 200, as Bot Framework SDKs answer an invoke whose handler returns no body.
  return activity.type === 'invoke' ? { status: 200, body: '' } : null;
}
