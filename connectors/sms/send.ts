// Sends one reply as SMS/MMS: the renderer's messages (long text split at Twilio's 1,600
// characters, media as MMS to North American numbers) in order, from the channel's number or
// Messaging Service, with Parley's webhook as the status callback so delivery receipts come back.
import type { ChannelContext, ConnectorDeps, OutboundMessage, SendResult } from '../connector';
import { contentMessageOf } from '../shared/outbound-content';
import type { SmsConfig } from './config';
import { renderSms } from './render';
import { callTwilio } from './twilio-api';

export async function sendSmsMessage(message: OutboundMessage, channel: ChannelContext<SmsConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const config = channel.config;
  const to = message.recipient.externalId;
  const { payloads } = renderSms(contentMessageOf(message), { recipientId: to, threadId: message.threadId, locale: message.locale });
  let first: string | undefined;
  for (const payload of payloads) {
    const sent = await callTwilio<{ sid: string }>(config, 'POST', '/Messages.json', {
      To: payload.To, Body: payload.Body, MediaUrl: payload.MediaUrl,
      ...(config.messagingServiceSid ? { MessagingServiceSid: config.messagingServiceSid } : { From: config.from }),
      ...(config.webhookUrl ? { StatusCallback: config.webhookUrl } : {}),
    }, deps);
    first ??= sent.sid;
  }
  // The first part's SID: its status callbacks are the message's delivery status.
  return { providerMessageId: first ?? message.id };
}
