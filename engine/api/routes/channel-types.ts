// Channel types: every channel Parley knows with its capabilities (the manifests), and whether
// this build can connect it yet. The editor, the agent workspace and integrators read this.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { channelManifests, getManifest } from '../../../connectors/manifests';
import { getConnector } from '../../../connectors/registry';
import type { ChannelManifest } from '../../../connectors/manifest';
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
    connectable: z.boolean().openapi({ description: 'A connector for this type ships in this build (POST /channels accepts it).' }),
    configSchema: z.record(z.string(), z.unknown()).optional().openapi({ description: 'JSON Schema of the channel config POST /channels takes (connectable types).' }),
    secretFields: z.array(z.string()).optional().openapi({ description: 'Config fields that are secrets: sealed at rest, never returned.' }),
    capabilities: z.record(z.string(), z.unknown()),
  })
  .passthrough()
  .openapi('ChannelType');

const view = (m: ChannelManifest) => {
  const connector = getConnector(m.type);
  if (!connector) return { ...m, connectable: false };
  // What a person fills in to connect one (the console's form): the config's input schema.
  const configSchema = z.toJSONSchema(connector.configSchema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...m, connectable: true, configSchema, secretFields: [...connector.secretFields] };
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
