// Channels API: connect a channel, list, read, update and disable it.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { ChannelStore } from '../../channels/channel-store';
import { LanguageTag, storedLanguage } from '../../contacts/language-tag-schema';
import { requireRole, type AuthEnv } from '../auth';
import { IdParam, PageQuery, json, problemResponses } from '../schemas';

const ChannelSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    config: z.record(z.string(), z.unknown()).openapi({ description: 'Secret fields are redacted.' }),
    webhookUrl: z.string().openapi({ description: 'Where the provider (or your BYOC middleware) posts events: the channel\'s own `/webhooks/{channelId}`, or its Meta app\'s shared `/webhooks/meta/{appId}` when the channel names its app (the channel\'s own URL keeps working).' }),
    defaultLanguage: z.string().nullable().openapi({ description: 'BCP 47: language of the words Parley adds (reply hints, confirmations, dates) for contacts whose own language is unknown; null: the account\'s default.' }),
    defaultSkillId: z.string().nullable().openapi({ description: "The skill this channel's cases need unless a rule, a queue or a transfer names another (PUT /channels/{id}/default-skill)." }),
    nextSteps: z.array(z.object({
      text: z.string(),
      value: z.string().optional().openapi({ description: 'The exact value to paste (webhook URL, verify token).' }),
    })).openapi({ description: "What the person must still do in the provider's console; empty when Parley did everything." }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Channel');

const CreateChannel = z.object({
  type: z.string().min(1).openapi({ example: 'byoc' }),
  name: z.string().min(1).max(200).openapi({ example: 'Support middleware' }),
  config: z.record(z.string(), z.unknown()).default({}).openapi({ example: { outboundUrl: 'https://middleware.example.com/parley/outbound' } }),
  defaultLanguage: LanguageTag.nullable().optional(),
});

const UpdateChannel = z.object({
  name: z.string().min(1).max(200).optional(),
  enabled: z.boolean().optional(),
  config: z.record(z.string(), z.unknown()).optional().openapi({ description: 'Merged into the current config; omitted secrets are kept.' }),
  defaultLanguage: LanguageTag.nullable().optional(),
});

const tags = ['Channels'];

export function channelRoutes(store: ChannelStore) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'post', path: '/channels', tags, summary: 'Connect a channel',
      request: { body: { content: { 'application/json': { schema: CreateChannel } }, required: true } },
      responses: {
        201: json(ChannelSchema.extend({ generatedSecrets: z.record(z.string(), z.unknown()).openapi({ description: 'Secrets Parley generated, shown only in this response.' }) }), 'Created'),
        ...problemResponses(400, 401, 403, 422),
      },
      description: 'Validates the config, checks the credentials with the provider where it offers a call for it (Telegram getMe, Slack auth.test) '
        + 'and registers the webhook where the provider allows it (Telegram setWebhook). A refusal (422 `channel_setup_failed`, '
        + '`channel_type_retired`, `invalid_channel_config`) creates nothing. `nextSteps` says what is left to do in the provider\'s console.',
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const { defaultLanguage, ...input } = c.req.valid('json');
      const { channel, generatedSecrets } = await store.connect(principal.accountId, input);
      const view = defaultLanguage ? store.setDefaultLanguage(principal.accountId, channel.id, storedLanguage(defaultLanguage)) : channel;
      return c.json({ ...view, generatedSecrets }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/channels', tags, summary: 'List channels',
      request: { query: z.object(PageQuery) },
      responses: { 200: json(z.object({ items: z.array(ChannelSchema), nextCursor: z.string().nullable() }), 'A page of channels'), ...problemResponses(400, 401) },
    }),
    (c) => c.json(store.list(c.get('principal').accountId, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/channels/{id}', tags, summary: 'Get a channel',
      request: { params: IdParam('Channel') },
      responses: { 200: json(ChannelSchema, 'The channel'), ...problemResponses(401, 404) },
    }),
    (c) => c.json(store.view(store.get(c.get('principal').accountId, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/channels/{id}', tags, summary: 'Update a channel (name, config, enabled)',
      request: { params: IdParam('Channel'), body: { content: { 'application/json': { schema: UpdateChannel } }, required: true } },
      responses: { 200: json(ChannelSchema, 'The updated channel'), ...problemResponses(400, 401, 403, 404, 422) },
    }),
    async (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      const { defaultLanguage, ...patch } = c.req.valid('json');
      const id = c.req.valid('param').id;
      const view = await store.reconfigure(principal.accountId, id, patch);
      return c.json(defaultLanguage !== undefined ? store.setDefaultLanguage(principal.accountId, id, storedLanguage(defaultLanguage)) : view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/channels/{id}/disable', tags, summary: 'Disable a channel: its webhooks are refused and nothing is sent',
      request: { params: IdParam('Channel') },
      responses: { 200: json(ChannelSchema, 'The disabled channel'), ...problemResponses(401, 403, 404) },
    }),
    (c) => {
      const principal = c.get('principal');
      requireRole(principal, 'admin');
      return c.json(store.update(principal.accountId, c.req.valid('param').id, { enabled: false }), 200);
    },
  );

  return app;
}
