// What Parley reads from a channel's provider on demand: its approved message templates (WhatsApp: the
// Business Account's `message_templates`, what may be sent outside the 24-hour window, with the body
// text and variable count the content model's `template` block needs), and inbound media that only
// the channel's token can fetch (WhatsApp media ids).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { SendError, type ConnectorDeps, type FetchedMedia } from '../../../connectors/connector';
import type { WhatsAppTemplate } from '../../../connectors/whatsapp';
import type { ChannelStore } from '../../channels/channel-store';
import { ParleyError } from '../../errors';
import type { AuthEnv } from '../auth';
import { IdParam, json, problemResponses } from '../schemas';

const TemplateSchema = z
  .object({
    name: z.string().openapi({ example: 'order_shipped' }),
    language: z.string().openapi({ example: 'en_US' }),
    status: z.string().openapi({ example: 'APPROVED' }),
    category: z.string().optional().openapi({ example: 'UTILITY' }),
    bodyText: z.string().optional().openapi({ example: 'Hi {{1}}, your order {{2}} has shipped.' }),
    bodyVariables: z.number().int().openapi({ description: 'How many body variables ({{1}} … {{n}}) a send must fill.' }),
    headerFormat: z.string().optional(),
    headerText: z.string().optional(),
    footerText: z.string().optional(),
    buttons: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  })
  .openapi('MessageTemplate');

/** A connector that can list its provider's templates (WhatsApp). */
interface TemplateSource {
  listTemplates(config: unknown, deps: ConnectorDeps): Promise<WhatsAppTemplate[]>;
}

/** A connector whose inbound media are fetched by reference with the channel's credentials (connector.ts `fetchMedia`). */
interface MediaSource {
  fetchMedia(config: unknown, ref: string, deps: ConnectorDeps): Promise<FetchedMedia>;
}

const hasTemplates = (connector: object): connector is TemplateSource => typeof (connector as Partial<TemplateSource>).listTemplates === 'function';
const hasMedia = (connector: object): connector is MediaSource => typeof (connector as Partial<MediaSource>).fetchMedia === 'function';

/** Media a browser may show inline; anything else is offered as a download. */
const INLINE = /^(image\/(jpeg|png|gif|webp)|audio\/[\w.+-]+|video\/[\w.+-]+)$/;

export function channelProviderRoutes(store: ChannelStore, deps: ConnectorDeps = { fetch: (...args) => fetch(...args), now: () => Date.now() }) {
  const app = new OpenAPIHono<AuthEnv>();

  app.openapi(
    createRoute({
      method: 'get', path: '/channels/{id}/templates', tags: ['Channels'], summary: "List the channel's approved message templates",
      description: 'Read from the provider on each call (WhatsApp: `GET /{waba-id}/message_templates`, approved only). Send one as content '
        + '`{"type": "template", "name", "language", "components": [{"type": "body", "parameters": [{"type": "text", "text": "…"}]}]}`.',
      request: { params: IdParam('Channel') },
      responses: {
        200: json(z.object({ items: z.array(TemplateSchema) }), 'The approved templates'),
        ...problemResponses(401, 404, 409, 502),
      },
    }),
    async (c) => {
      const row = store.get(c.get('principal').accountId, c.req.valid('param').id);
      const found = store.context(row.id);
      if (!found || !hasTemplates(found.connector)) {
        throw new ParleyError(409, 'templates_unsupported', `${found?.connector.manifest.displayName ?? row.type} channels have no message templates.`);
      }
      try {
        return c.json({ items: await found.connector.listTemplates(found.ctx.config, deps) }, 200);
      } catch (err) {
        if (err instanceof SendError && !err.transient && err.status === undefined) throw new ParleyError(409, 'templates_unavailable', err.message);
        if (err instanceof SendError) throw new ParleyError(502, 'provider_error', `The provider did not list the templates: ${err.message}`);
        throw err;
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/channels/{id}/media/{mediaId}', tags: ['Channels'], summary: 'Download an inbound media file of the channel',
      description: 'WhatsApp names inbound media by id; the attachment URL of such a message points here, and Parley fetches the file from Meta '
        + 'with the channel\'s token (`GET /{media-id}`, then its URL). Meta keeps inbound media for about 30 days. '
        + 'Fetched on every call and not stored: `GET /api/v1/attachments/{attachmentId}` (a message\'s `attachments[].id`) downloads it once, keeps it and works for every channel.',
      request: { params: IdParam('Channel').extend({ mediaId: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/).openapi({ param: { name: 'mediaId', in: 'path' } }) }) },
      responses: {
        200: { description: 'The file: images, audio and video as their own type, anything else as application/octet-stream', content: { '*/*': { schema: z.string().openapi({ format: 'binary' }) } } },
        ...problemResponses(401, 404, 409, 502),
      },
    }),
    async (c) => {
      const { id, mediaId } = c.req.valid('param');
      const row = store.get(c.get('principal').accountId, id);
      const found = store.context(row.id);
      if (!found || !hasMedia(found.connector)) {
        throw new ParleyError(409, 'media_unsupported', `${found?.connector.manifest.displayName ?? row.type} attachments are links, not media ids.`);
      }
      let media: FetchedMedia;
      try {
        media = await found.connector.fetchMedia(found.ctx.config, mediaId, deps);
      } catch (err) {
        if (err instanceof SendError && (err.status === 400 || err.status === 404)) throw new ParleyError(404, 'media_not_found', `The provider has no media ${mediaId}: ${err.message}`);
        if (err instanceof SendError) throw new ParleyError(502, 'provider_error', `The provider did not return the media: ${err.message}`);
        throw err;
      }
      const mime = media.mime.split(';')[0].trim().toLowerCase();
      return c.body(new Uint8Array(media.bytes), 200, {
        'content-type': INLINE.test(mime) ? mime : 'application/octet-stream',
        'content-disposition': INLINE.test(mime) ? 'inline' : 'attachment',
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, max-age=300',
      });
    },
  );

  return app;
}
