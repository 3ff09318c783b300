// Delivers one outbound message to Slack: the renderer's chat.postMessage bodies (Block Kit with
// the `text` notification fallback), in the conversation's thread when it has one, then attached
// files uploaded into the conversation (media-upload.ts). One attempt; retries belong to the send activity.
import { contentMessageOf } from '../shared/outbound-content';
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import type { SlackConfig } from './config';
import { renderSlack, type SlackPostMessageBody } from './render';
import { callSlackApi } from './web-api';
import { slackFilesOf, uploadSlackFiles } from './media-upload';

/** Splits Parley's thread id ("D123", "C123:1700000000.000100") back into Slack's channel and thread_ts. */
export function slackDestination(message: OutboundMessage): { channel: string; threadTs: string } {
  const [channel, threadTs = ''] = message.threadId.split(':');
  // A thread id without a Slack channel (a campaign to a user id) posts to the user's DM with the app.
  return { channel: channel || message.recipient.externalId, threadTs };
}

export function slackRequestsFor(message: OutboundMessage): SlackPostMessageBody[] {
  const { channel, threadTs } = slackDestination(message);
  return renderSlack(contentMessageOf(message), { recipientId: channel, threadId: threadTs, locale: message.locale }).payloads;
}

export async function sendSlackMessage(message: OutboundMessage, channel: ChannelContext<SlackConfig>, deps: ConnectorDeps): Promise<SendResult> {
  let lastTs: string | undefined;
  for (const body of slackRequestsFor(message)) {
    // A message with only files renders an empty text: nothing to post but the files.
    if (!body.text && !body.blocks) continue;
    const answer = await callSlackApi<{ ok: boolean; ts?: string }>(channel.config, 'chat.postMessage', { ...body }, deps);
    lastTs = answer.ts ?? lastTs;
  }
  await uploadSlackFiles(slackFilesOf(message), slackDestination(message), channel.config, deps);
  return { providerMessageId: lastTs ?? message.id };
}
