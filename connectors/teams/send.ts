// Delivers one outbound message to a Teams conversation: the renderer's activities (Markdown text,
// Adaptive Cards, carousels, suggestedActions) in order, then attached images inline and other
// files as links (bots send files only through the file-consent flow). The serviceUrl comes from
// the conversation's inbound activities (OutboundMessage.context.teams, kept by the engine).
import { contentMessageOf } from '../shared/outbound-content';
import { SendError, type ChannelContext, type ConnectorDeps, type OutboundMessage, type SendResult } from '../connector';
import type { TeamsConfig } from './config';
import { postActivity } from './connector-api';
import { renderTeams, type TeamsActivity } from './render';

/** What the engine knows of the conversation (OutboundMessage.context.teams). */
export interface TeamsConversationContext {
  /** The Bot Connector endpoint of the conversation's region, from its latest inbound activity. */
  serviceUrl?: string;
}

export function teamsActivitiesFor(message: OutboundMessage): TeamsActivity[] {
  const { payloads } = renderTeams(contentMessageOf(message), { recipientId: message.recipient.externalId, threadId: message.threadId, locale: message.locale });
  const files = message.attachments.filter((a) => a.url);
  const images = files.filter((a) => a.mime.startsWith('image/'));
  const others = files.filter((a) => !a.mime.startsWith('image/'));
  const extra: TeamsActivity[] = [];
  if (images.length > 0) extra.push({ type: 'message', attachments: images.map((a) => ({ contentType: a.mime, contentUrl: a.url!, ...(a.name ? { name: a.name } : {}) })) });
  if (others.length > 0) {
    extra.push({ type: 'message', textFormat: 'markdown', text: others.map((a) => `[${(a.name ?? a.url!).replace(/[[\]]/g, '')}](${a.url})`).join('\n\n') });
  }
  return [...payloads, ...extra];
}

export async function sendTeamsMessage(message: OutboundMessage, channel: ChannelContext<TeamsConfig>, deps: ConnectorDeps): Promise<SendResult> {
  const serviceUrl = (message.context?.teams as TeamsConversationContext | undefined)?.serviceUrl;
  if (!serviceUrl) {
    throw new SendError(`No serviceUrl is known for Teams conversation ${message.threadId}: Parley learns it from the conversation's incoming activities, and none was received.`, false);
  }
  let last: string | undefined;
  for (const activity of teamsActivitiesFor(message)) {
    const answer = await postActivity(channel.config, serviceUrl, message.threadId, { ...activity }, deps);
    last = answer.id ?? last;
  }
  return { providerMessageId: last ?? message.id };
}
