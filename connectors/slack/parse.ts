// Turns a verified Slack request into normalized inbound events. Events API JSON: `message` events
// from people (in a DM, or a channel thread the app is in) become messages; bot messages, the
// app's own and subtypes Parley does not handle (edits, deletions, joins, …) are skipped; the
// url_verification handshake yields nothing (webhookResponse answers it). Interactivity
// (form-encoded `payload=`): block_actions taps become postbacks.
import { zodIssues } from '../../engine/validation';
import { PayloadError } from '../byoc/payload-error';
import type { ChannelContext, ConnectorDeps, InboundEvent, RawRequest } from '../connector';
import type { SlackConfig } from './config';
import { slackBlockActionsSchema, slackEnvelopeSchema, slackMessageEventSchema, type SlackBlockActions, type SlackMessageEvent } from './wire-format';

/** Message subtypes that are a person writing; every other subtype (message_changed, channel_join, bot_message, …) is skipped. */
const HANDLED_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * Parley's thread of a Slack conversation: a DM (channel id "D…") is one thread; in a channel,
 * each Slack thread is one ("C123:1700000000.000100"). The send path splits it back.
 */
export function slackThreadId(channel: string, threadTs: string | undefined): string {
  return channel.startsWith('D') || !threadTs ? channel : `${channel}:${threadTs}`;
}

export const slackEventId = (eventId: string) => `slack:${eventId}`;

const tsToMs = (ts: string) => Math.round(Number.parseFloat(ts) * 1000);

function readJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PayloadError(`The ${what} is not valid JSON.`, [{ path: '(body)', message: (err as Error).message }]);
  }
}

function isForm(req: RawRequest): boolean {
  const type = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  return type.toLowerCase().startsWith('application/x-www-form-urlencoded');
}

export type SlackRequest =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'event'; eventId: string; event: Record<string, unknown> & { type: string } }
  | { kind: 'interaction'; payload: SlackBlockActions }
  | { kind: 'ignored' };

/** Reads a Slack request body: an Events API envelope (JSON) or an interactivity payload (form). */
export function readSlackRequest(req: RawRequest): SlackRequest {
  if (isForm(req)) {
    const payload = new URLSearchParams(req.body.toString('utf8')).get('payload');
    if (payload === null) throw new PayloadError('The form body has no payload field.', [{ path: 'payload', message: 'payload is required' }]);
    const parsed = slackBlockActionsSchema.safeParse(readJson(payload, 'interactivity payload'));
    if (!parsed.success) throw new PayloadError('The interactivity payload is not one Parley can read.', zodIssues(parsed.error, 'payload'));
    return { kind: 'interaction', payload: parsed.data };
  }
  const parsed = slackEnvelopeSchema.safeParse(readJson(req.body.toString('utf8'), 'request body'));
  if (!parsed.success) throw new PayloadError('The body is not a Slack Events API request.', zodIssues(parsed.error));
  const envelope = parsed.data;
  if (envelope.type === 'url_verification') return { kind: 'url_verification', challenge: envelope.challenge as string };
  if (envelope.type === 'event_callback') return { kind: 'event', eventId: envelope.event_id as string, event: envelope.event as Record<string, unknown> & { type: string } };
  return { kind: 'ignored' };
}

function messageEvent(eventId: string, raw: Record<string, unknown>, config: SlackConfig): InboundEvent[] {
  const parsed = slackMessageEventSchema.safeParse(raw);
  if (!parsed.success) throw new PayloadError('The message event is not one Parley can read.', zodIssues(parsed.error, 'event'));
  const event: SlackMessageEvent = parsed.data;
  if (!HANDLED_SUBTYPES.has(event.subtype) || event.bot_id || !event.user || event.user === config.botUserId) return [];
  const attachments = (event.files ?? []).map((f) => ({
    mime: f.mimetype ?? 'application/octet-stream',
    // url_private needs the bot token: Parley downloads it for agents (media-download.ts).
    ...(f.url_private ? { url: f.url_private } : {}),
    ...(f.name ? { name: f.name } : {}),
    ...(f.size !== undefined ? { size: f.size } : {}),
  }));
  const text = event.text ?? '';
  if (!text.trim() && attachments.length === 0) return [];
  // In a channel, a message starts (or continues) a Slack thread: the app answers in that thread.
  return [{
    kind: 'message', eventId: slackEventId(eventId), providerMessageId: event.ts,
    threadId: slackThreadId(event.channel, event.thread_ts ?? event.ts),
    sender: { externalId: event.user },
    text, attachments, occurredAt: tsToMs(event.ts), raw,
  }];
}

function blockActions(payload: SlackBlockActions, deps: ConnectorDeps | undefined): InboundEvent[] {
  if (payload.type !== 'block_actions') return [];
  const channel = payload.channel?.id ?? payload.container?.channel_id;
  if (!channel) return [];
  const threadTs = payload.message?.thread_ts ?? payload.container?.thread_ts ?? payload.message?.ts ?? payload.container?.message_ts;
  const name = payload.user.name ?? payload.user.username;
  return (payload.actions ?? []).flatMap((action): InboundEvent[] => {
    const value = action.value ?? action.selected_option?.value;
    if (value === undefined) return []; // a URL button: nothing chosen
    return [{
      kind: 'postback',
      // Slack does not retry interactivity; one tap is one action_ts on one message.
      eventId: `slack:action:${channel}:${payload.container?.message_ts ?? payload.message?.ts ?? ''}:${action.action_id}:${action.action_ts ?? value}`,
      providerMessageId: action.action_ts ?? action.action_id,
      threadId: slackThreadId(channel, threadTs),
      sender: { externalId: payload.user.id, ...(name ? { name } : {}) },
      payload: value,
      text: action.text?.text ?? action.selected_option?.text?.text ?? value,
      occurredAt: action.action_ts ? tsToMs(action.action_ts) : (deps?.now() ?? 0),
      raw: payload,
    }];
  });
}

export function parseSlackRequest(req: RawRequest, channel: ChannelContext<SlackConfig>, deps?: ConnectorDeps): InboundEvent[] {
  const request = readSlackRequest(req);
  switch (request.kind) {
    case 'event':
      // app_mention duplicates the channel's message event; reactions, joins, … are not handled.
      return request.event.type === 'message' ? messageEvent(request.eventId, request.event, channel.config) : [];
    case 'interaction':
      return blockActions(request.payload, deps);
    default:
      return [];
  }
}
