// Sending through the Messenger Platform Send API (Messenger and Instagram Direct): render the
// content with the channel's renderer, then POST each body to the channel's messages edge with the
// channel's token. A reply the reply-window check tagged HUMAN_AGENT goes out as a MESSAGE_TAG.
import type { ContentMessage } from '../../../model/content/model';
import { SendError, type ConnectorDeps, type OutboundMessage, type SendResult } from '../../connector';
import type { RenderContext, RenderResult } from '../../render';
import type { MetaGraphConfig } from './graph-config';
import { graphRequest } from './graph-request';
import { metaOutbound } from './outbound-content';
import type { MetaSendBody } from './send-api';

/** Send API answer: `{recipient_id, message_id}`. */
interface SendApiAnswer {
  recipient_id?: string;
  message_id?: string;
}

export type TaggedSendBody = Omit<MetaSendBody, 'messaging_type'> & { messaging_type?: 'RESPONSE' | 'MESSAGE_TAG'; tag?: 'HUMAN_AGENT' };

/** The bodies to POST for one outbound message, in order. */
export function messagingSendBodies(
  message: OutboundMessage,
  render: (content: ContentMessage, context: RenderContext) => RenderResult<MetaSendBody>,
): TaggedSendBody[] {
  const { message: content, messagingTag } = metaOutbound(message);
  if (!content) return [];
  const { payloads } = render(content, { recipientId: message.recipient.externalId, threadId: message.threadId, locale: message.locale });
  // Outside the standard window a person answers under the human-agent policy: the tag replaces RESPONSE.
  return messagingTag ? payloads.map((p) => ({ ...p, messaging_type: 'MESSAGE_TAG', tag: messagingTag })) : payloads;
}

export async function sendMessagingPlatform(
  message: OutboundMessage,
  opts: {
    config: MetaGraphConfig;
    token: string;
    /** `me/messages` (Messenger) or `{ig-id}/messages` (Instagram). */
    path: string;
    product: string;
    render: (content: ContentMessage, context: RenderContext) => RenderResult<MetaSendBody>;
  },
  deps: ConnectorDeps,
): Promise<SendResult> {
  const bodies = messagingSendBodies(message, opts.render);
  if (bodies.length === 0) throw new SendError(`The message has no text or file to send on ${opts.product}.`, false);
  let last: string | undefined;
  for (const [i, body] of bodies.entries()) {
    const answer = await graphRequest<SendApiAnswer>(opts.config, deps, {
      method: 'POST', path: opts.path, token: opts.token, json: body,
      what: bodies.length > 1 ? `send part ${i + 1} of ${bodies.length} of the ${opts.product} message` : `send the ${opts.product} message`,
    });
    last = answer.message_id ?? last;
  }
  // The last part's mid: delivery receipts name it, and it is delivered only after the parts before it.
  return { providerMessageId: last ?? message.id };
}
