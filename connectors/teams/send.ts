// Delivers one outbound message to a Teams conversation: the renderer's activities (Markdown text,
// Adaptive Cards, carousels, suggestedActions) in order, then attached images inline and other
// files. Bots send files only through Teams' file-consent flow (file-consent.ts), which exists in
// personal (1:1) chats alone: there a file Parley stores goes as a FileConsentCard (the engine lists
// those files in context.teams.consentFiles and uploads each once the person accepts); in channels
// and group chats, and for files Parley does not store, files go as links. The serviceUrl comes
// from the conversation's inbound activities (OutboundMessage.context.teams, kept by the engine).
import { contentMessageOf } from '../shared/outbound-content';
import { publicMediaOf, withPublicMediaLinks } from '../shared/public-media';
import { SendError, type ChannelContext, type ConnectorDeps, type OutboundMessage, type SendResult } from '../connector';
import type { TeamsConfig } from './config';
import { postActivity } from './connector-api';
import { fileConsentCard, type ConsentFile } from './file-consent';
import { renderTeams, type TeamsActivity } from './render';

/** What the engine knows of the conversation (OutboundMessage.context.teams). */
export interface TeamsConversationContext {
  /** The Bot Connector endpoint of the conversation's region, from its latest inbound activity. */
  serviceUrl?: string;
  /** personal, groupChat or channel, from the latest inbound activity (absent for conversations seen before it was kept). */
  conversationType?: string;
  /** Files of this message to offer through a FileConsentCard, by attachment URL (personal chats, stored files only). */
  consentFiles?: Record<string, ConsentFile>;
}

export function teamsActivitiesFor(message: OutboundMessage): TeamsActivity[] {
  const consent = (message.context?.teams as TeamsConversationContext | undefined)?.consentFiles ?? {};
  const offered = message.attachments.filter((a) => a.url && !a.mime.startsWith('image/') && consent[a.url]);
  // What Teams or the customer fetches by URL (inline images, links, card images) must not be Parley's
  // signed-in download address: stored files go as signed public links (context.publicMedia).
  const rest = { ...message, attachments: message.attachments.filter((a) => !offered.includes(a)) };
  const linked = publicMediaOf(message) ? withPublicMediaLinks(rest, 'Microsoft Teams') : rest;
  const { payloads } = renderTeams(contentMessageOf(linked), { recipientId: message.recipient.externalId, threadId: message.threadId, locale: message.locale });
  const files = linked.attachments.filter((a) => a.url);
  const images = files.filter((a) => a.mime.startsWith('image/'));
  const others = files.filter((a) => !a.mime.startsWith('image/'));
  const extra: TeamsActivity[] = [];
  if (images.length > 0) extra.push({ type: 'message', attachments: images.map((a) => ({ contentType: a.mime, contentUrl: a.url!, ...(a.name ? { name: a.name } : {}) })) });
  // One consent card a message: Teams answers each card's Accept or Decline on its own.
  for (const a of offered) extra.push({ type: 'message', attachments: [fileConsentCard(message.id, consent[a.url!], message.locale)] });
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
