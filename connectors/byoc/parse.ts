// Turns a verified BYOC request body (one event, or {events:[...]}) into normalized inbound events.
import { zodIssues } from '../../engine/validation';
import type { ChannelContext, InboundEvent, RawRequest } from '../connector';
import type { ByocConfig } from './config';
import { PayloadError } from './payload-error';
import { byocBatchSchema, byocEventSchema, type ByocEvent } from './wire-format';

/** The de-duplication key of a message or postback: the integrator's message id. */
export const byocMessageEventId = (externalMessageId: string) => `byoc:${externalMessageId}`;

/** The de-duplication key of a delivery callback: one status per message counts once. */
export function byocReceiptEventId(event: { messageId?: string; externalMessageId?: string; status: string }): string {
  const target = event.messageId !== undefined ? `msg:${event.messageId}` : `ext:${event.externalMessageId}`;
  return `byoc:receipt:${target}:${event.status}`;
}

function readJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new PayloadError('The request body is not valid JSON.', [{ path: '(body)', message: (err as Error).message }]);
  }
}

function toInboundEvent(event: ByocEvent): InboundEvent {
  switch (event.type) {
    case 'message':
      return {
        kind: 'message',
        eventId: byocMessageEventId(event.externalMessageId),
        providerMessageId: event.externalMessageId,
        threadId: event.externalConversationId,
        sender: event.sender,
        text: event.text ?? '',
        attachments: event.attachments ?? [],
        occurredAt: event.timestamp,
        raw: event,
      };
    case 'postback':
      return {
        kind: 'postback',
        eventId: byocMessageEventId(event.externalMessageId),
        providerMessageId: event.externalMessageId,
        threadId: event.externalConversationId,
        sender: event.sender,
        payload: event.payload,
        text: event.text ?? event.payload,
        occurredAt: event.timestamp,
        raw: event,
      };
    case 'delivery':
      return {
        kind: 'receipt',
        eventId: byocReceiptEventId(event),
        messageId: event.messageId,
        providerMessageId: event.externalMessageId,
        status: event.status,
        reason: event.reason,
        occurredAt: event.timestamp,
      };
  }
}

/** Parses the body; throws PayloadError (400, with field paths) when it is not BYOC wire format. */
export function parseByocRequest(req: RawRequest, _channel?: ChannelContext<ByocConfig>): InboundEvent[] {
  const body = readJson(req.body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PayloadError('The request body is not valid BYOC wire format.', [
      { path: '(body)', message: 'the body must be a JSON object: one event, or {"events": [...]}' },
    ]);
  }
  const isBatch = 'events' in body;
  const parsed = isBatch ? byocBatchSchema.safeParse(body) : byocEventSchema.safeParse(body);
  if (!parsed.success) {
    throw new PayloadError(
      isBatch ? 'The event batch is not valid BYOC wire format.' : 'The event is not valid BYOC wire format.',
      zodIssues(parsed.error),
    );
  }
  const events = 'events' in parsed.data ? parsed.data.events : [parsed.data];
  return events.map(toInboundEvent);
}
