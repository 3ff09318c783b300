// A message refused before it is queued when the channel can tell it would fail: a WhatsApp template
// approved with an image, video or document header, given no file for it (the connector reads the
// approved template's header format from Meta: connectors/whatsapp/template-header.ts). The send
// refuses it anyway (a permanent delivery error); this says so at once to the person who wrote it.
import type { ConnectorDeps } from '../../connectors/connector';
import type { ContentMessage } from '../../model/content/model';
import type { ChannelStore } from '../channels/channel-store';
import { ParleyError } from '../errors';

interface TemplateChecker {
  templateProblem(config: unknown, content: unknown, deps: ConnectorDeps): Promise<string | undefined>;
}

const checksTemplates = (connector: object): connector is TemplateChecker => typeof (connector as Partial<TemplateChecker>).templateProblem === 'function';

const DEFAULT_DEPS: ConnectorDeps = { fetch: (...args) => fetch(...args), now: () => Date.now() };

/** Throws 422 `template_header_missing` when the channel's connector says the message's template cannot be sent as it is. */
export async function refuseUnsendableTemplate(channels: ChannelStore, channelId: string, message: ContentMessage, path: string, deps: ConnectorDeps = DEFAULT_DEPS): Promise<void> {
  const found = channels.context(channelId);
  if (!found || !checksTemplates(found.connector)) return;
  const problem = await found.connector.templateProblem(found.ctx.config, message, deps);
  if (problem) throw new ParleyError(422, 'template_header_missing', problem, [{ path, message: 'the approved template\'s header needs this file' }]);
}
