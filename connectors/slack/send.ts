// Delivers one outbound message to Slack: the renderer's chat.postMessage bodies (Block Kit with
// the `text` notification fallback), in the conversation's thread when it has one, then attached
// files as links. One attempt; retries belong to the send activity.
import { contentMessageOf } from '../shared/outbound-content';
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import type { SlackConfig } from './config';
import { renderSlack, type SlackPostMessageBody } from './render';
import { callSlackApi } from './web-api';

/** Splits Parley's thread id ("D123", "C123:1700000000.000100") back into Slack's channel and thread_ts. */
export function slackDestination(message: OutboundMessage): { channel: string; threadTs: string } {
  const [channel, threadTs = ''] = message.threadId.split(':');
  // A thread id without a Slack channel (a campaign to a user id) posts to the user's DM with the app.
  return { channel: channel || message.recipient.externalId, threadTs };
}

export function slackRequestsFor(message: OutboundMessage): SlackPostMessageBody[] {
  const { channel, threadTs } = slackDestination(message);
  const { payloads } = renderSlack(contentMessageOf(message), { recipientId: channel, threadId: threadTs });
  const files = message.attachments.filter((a) => a.url);
  if (files.length === 0) return payloads;
  // Uploading needs files.getUploadURLExternal with the file's bytes; Parley links to the URL instead.
  const links = files.map((a) => `<${a.url}|${(a.name ?? a.url!).replace(/[<>|]/g, '')}>`).join('\n');
  return [...payloads, { channel, ...(threadTs ? { thread_ts: threadTs } : {}), text: links }];
}

export async function sendSlackMessage(message: OutboundMessage, channel: ChannelContext<SlackConfig>, deps: ConnectorDeps): Promise<SendResult> {
  let lastTs: string | undefined;
  for (const body of slackRequestsFor(message)) {
    const answer = await callSlackApi<{ ok: boolean; ts?: string }>(channel.config, 'chat.postMessage', { ...body }, deps);
    lastTs = answer.ts ?? lastTs;
  }
  return { providerMessageId: lastTs ?? message.id };
}
