// Rich-content preview: how one message would reach a customer on a given channel — the provider
// payloads, what was kept native, degraded or sent as text, and the fallback text with its numbering.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { getRendering } from '../../../connectors/renderers';
import { fallbackOptions, fallbackText } from '../../../model/content/fallback';
import { parseContentMessage } from '../../../model/content/model';
import { ParleyError } from '../../errors';
import type { AuthEnv } from '../auth';
import { json, problemResponses } from '../schemas';

const PreviewBody = z.object({
  channelType: z.string().min(1).openapi({ example: 'whatsapp' }),
  content: z.unknown().openapi({ description: 'One content block or several (see docs/rich-content.md).', example: { type: 'quickReplies', text: 'Pick one', replies: [{ id: 'y', title: 'Yes', payload: 'YES' }, { id: 'n', title: 'No', payload: 'NO' }] } }),
  fallbackText: z.string().optional(),
  recipientId: z.string().default('recipient-1'),
  threadId: z.string().default('thread-1'),
});

const PreviewSchema = z.object({
  channelType: z.string(),
  fallbackText: z.string(),
  options: z.array(z.object({ index: z.number(), id: z.string(), title: z.string(), payload: z.string() }).passthrough()),
  payloads: z.array(z.unknown()).openapi({ description: "Request bodies in the provider's own shape, in sending order." }),
  report: z.array(z.object({ block: z.string(), type: z.string(), outcome: z.enum(['native', 'degraded', 'fallback']), detail: z.string() })),
}).openapi('ContentPreview');

export function contentRoutes() {
  const app = new OpenAPIHono<AuthEnv>();
  app.openapi(
    createRoute({
      method: 'post', path: '/content/preview', tags: ['Rich content'], summary: 'Preview a rich message on a channel',
      request: { body: { content: { 'application/json': { schema: PreviewBody } }, required: true } },
      responses: { 200: json(PreviewSchema, 'What the channel would receive'), ...problemResponses(400, 401, 404) },
    }),
    (c) => {
      const body = c.req.valid('json');
      const rendering = getRendering(body.channelType);
      if (!rendering) throw new ParleyError(404, 'channel_type_not_found', `No renderer for channel type "${body.channelType}".`);
      const parsed = parseContentMessage({ content: body.content, ...(body.fallbackText ? { fallbackText: body.fallbackText } : {}) });
      if (!parsed.ok) throw new ParleyError(400, 'invalid_content', 'The rich content is not valid.', parsed.issues);
      const { payloads, report } = rendering.render(parsed.value, { recipientId: body.recipientId, threadId: body.threadId, senderName: 'Parley' });
      return c.json({
        channelType: body.channelType, fallbackText: fallbackText(parsed.value), options: fallbackOptions(parsed.value), payloads, report,
      } as any, 200);
    },
  );
  return app;
}
