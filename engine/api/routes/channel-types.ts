// Channel types: every channel Parley knows with its capabilities (the manifests), and whether
// this build can connect it yet. The editor, the agent workspace and integrators read this.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { channelManifests, getManifest } from '../../../connectors/manifests';
import { getConnector } from '../../../connectors/registry';
import { connectFromOf, inboundOf, type ChannelManifest } from '../../../connectors/manifest';
import { ParleyError } from '../../errors';
import type { AuthEnv } from '../auth';
import { json, problemResponses } from '../schemas';

const tags = ['Channel types'];

const ChannelTypeSchema = z
  .object({
    type: z.string(),
    displayName: z.string(),
    kind: z.string(),
    status: z.enum(['active', 'retired']),
    inbound: z.enum(['webhook', 'mail', 'widget']).openapi({ description: 'How customers\' messages arrive: the provider posts to the channel\'s webhook URL, mail (SMTP endpoint / IMAP), or Parley\'s web chat widget.' }),
    hasWebhook: z.boolean().openapi({ description: 'The provider posts to /webhooks/{channelId}: a channel of this type has a webhook URL to show and paste.' }),
    connectFrom: z.enum(['settings', 'websites']).openapi({ description: 'Where a person connects one in the console: Settings → Channels, or Websites (web chat comes with the site\'s snippet).' }),
    connectable: z.boolean().openapi({ description: 'A connector for this type ships in this build (POST /channels accepts it).' }),
    configSchema: z.record(z.string(), z.unknown()).optional().openapi({ description: 'JSON Schema of the channel config POST /channels takes (connectable types). Each field has a title and a one-line description; `x-parley-learned` (also readOnly) marks values Parley fills in from the provider at set-up, `x-parley-primary` optional fields worth asking up front.' }),
    secretFields: z.array(z.string()).optional().openapi({ description: 'Config fields that are secrets: sealed at rest, never returned.' }),
    capabilities: z.record(z.string(), z.unknown()),
  })
  .passthrough()
  .openapi('ChannelType');

const view = (m: ChannelManifest) => {
  const inbound = inboundOf(m);
  const facts = { ...m, inbound, hasWebhook: inbound === 'webhook', connectFrom: connectFromOf(m) };
  const connector = getConnector(m.type);
  if (!connector) return { ...facts, connectable: false };
  // What a person fills in to connect one (the console's form): the config's input schema.
  const configSchema = z.toJSONSchema(connector.configSchema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...facts, connectable: true, configSchema, secretFields: [...connector.secretFields] };
};

export function channelTypeRoutes() {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'get', path: '/channel-types', tags, summary: 'List channel types and their capabilities',
      responses: { 200: json(z.object({ items: z.array(ChannelTypeSchema) }), 'Every channel type'), ...problemResponses(401) },
    }),
    (c) => c.json({ items: channelManifests.map(view) } as any, 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/channel-types/{type}', tags, summary: 'One channel type: reply window, attachments, rich content support, agent actions',
      request: { params: z.object({ type: z.string().openapi({ param: { name: 'type', in: 'path' }, example: 'whatsapp' }) }) },
      responses: { 200: json(ChannelTypeSchema, 'The channel type'), ...problemResponses(401, 404) },
    }),
    (c) => {
      const { type } = c.req.valid('param');
      const manifest = getManifest(type);
      if (!manifest) throw new ParleyError(404, 'channel_type_not_found', `No channel type "${type}".`);
      return c.json(view(manifest) as any, 200);
    },
  );

  return app;
}
