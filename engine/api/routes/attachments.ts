// Attachments over HTTP. Public (the site's allowed origins, like the rest of /w): a web chat
// visitor uploads a file (a multipart form: `file`, `visitorId`, optional `identity`) and gets its
// id to send with a message, and downloads their own uploads and the files agents sent them.
// Authenticated (/api/v1): the account's agents download any of its files, and upload one to send
// in a reply (its `url` goes in the reply's `attachments`). Every download carries the type sniffed
// at upload, `nosniff`, and a Content-Disposition with the sanitised name.
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { getManifest } from '../../../connectors/manifests';
import { DEFAULT_ATTACHMENT_MAX_BYTES } from '../../attachments/attachment-rules';
import {
  attachmentsDir, findAttachment, findVisitorAttachment, readAttachmentBytes, storeAttachment, type AttachmentFile,
} from '../../attachments/attachment-store';
import { openMessageAttachment, type ChannelLookup } from '../../attachments/provider-media';
import type { ConnectorDeps } from '../../../connectors/connector';
import { uploadRulesFor } from '../../attachments/channel-attachment-rules';
import { contentDisposition } from '../../attachments/file-name';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import type { SecretBox } from '../../security/secret-box';
import { RateLimiter } from '../../website/rate-limit';
import { siteAccess } from '../../website/site-access';
import { identitySecret, type SiteRow } from '../../website/site-store';
import { verifyVisitorIdentity } from '../../website/visitor-identity';
import type { AuthEnv } from '../auth';
import { IdParam, problemResponses } from '../schemas';

export interface AttachmentRouteDeps {
  db: Db;
  box: SecretBox;
  /** Where the bytes go (default: `attachments/` in the data directory, next to the database). */
  dir?: string;
  /** The deployment's largest upload (default 10 MB); a channel's manifest may set a smaller one. */
  maxBytes?: number;
  now?: () => number;
  /** Channels whose connectors download attachments that are only a provider's reference (GET /api/v1/attachments/{id}). */
  channels?: ChannelLookup;
  /** How connectors reach providers (default: the global fetch). */
  connectorDeps?: ConnectorDeps;
}

/** The body limit an upload route needs: the largest file plus the multipart envelope. */
export const uploadBodyLimit = (maxBytes = DEFAULT_ATTACHMENT_MAX_BYTES) => maxBytes + 64 * 1024;

/** Matches the upload paths, public and authenticated (app.ts gives them the upload body limit). */
export const UPLOAD_PATH = /^(\/w\/[^/]+|\/api\/v1)\/attachments$/;

const VisitorId = z.string().regex(/^v_[A-Za-z0-9_-]{16,64}$/);

/** The file's bytes with the headers that keep a browser from reading it as anything else. */
function fileResponse(c: Context, row: AttachmentFile, bytes: Buffer, extra: Record<string, string> = {}) {
  // Images may show inline (the widget and the console draw them); every other type downloads.
  const disposition = row.mime.startsWith('image/') ? 'inline' : 'attachment';
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': row.mime, 'content-length': String(bytes.length), 'content-disposition': contentDisposition(disposition, row.name),
    'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; sandbox", 'cache-control': 'private, max-age=3600',
    etag: `"${row.sha256}"`, ...extra,
  });
}

export function attachmentPublicRoutes(deps: AttachmentRouteDeps) {
  const app = new Hono();
  const now = deps.now ?? Date.now;
  const dir = deps.dir ?? attachmentsDir(deps.db);
  const maxBytes = deps.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  const { siteFor } = siteAccess(deps.db);
  // Per visitor: 10 files at once, then one every 5 s; per site: 300, then 5 a second.
  const perVisitor = new RateLimiter(10, 0.2);
  const perSite = new RateLimiter(300, 5);

  const webchatOf = (site: SiteRow) => {
    if (!site.webchatChannelId || !site.settings.entryPoints.some((e) => e.type === 'webchat')) {
      throw new ParleyError(409, 'webchat_off', 'Web chat is not an entry point of this site.');
    }
    return site.webchatChannelId;
  };

  /** The visitor's key on the channel: a signed-in visitor's user (verified token), else the anonymous id. */
  const visitorKey = async (site: SiteRow, visitorId: unknown, identity: unknown): Promise<string> => {
    const id = VisitorId.safeParse(visitorId);
    if (!id.success) throw new ParleyError(400, 'validation_failed', 'visitorId is missing or not one the snippet issued.', [{ path: 'visitorId', message: 'A visitor id issued by the snippet' }]);
    if (typeof identity === 'string' && identity) return (await verifyVisitorIdentity(identitySecret(deps.box, site), identity, now())).externalId;
    return id.data;
  };

  app.post('/w/:siteId/attachments', async (c) => {
    const { site, cors } = siteFor(c);
    const channelId = webchatOf(site);
    // The site's budget first, before the body is read; the visitor's once the form says who they are.
    if (!perSite.take(site.id, 1, now())) throw new ParleyError(429, 'rate_limited', 'Too many files; wait a moment.');
    let form: Record<string, string | File>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw new ParleyError(400, 'invalid_form', 'Send the file as a multipart form with `file` and `visitorId`.');
    }
    const who = await visitorKey(site, form.visitorId, form.identity);
    if (!perVisitor.take(`${site.id}:${who}`, 1, now())) throw new ParleyError(429, 'rate_limited', 'Too many files; wait a moment.');
    const file = form.file;
    if (!(file instanceof File)) throw new ParleyError(400, 'validation_failed', 'The form has no `file`.', [{ path: 'file', message: 'Attach a file' }]);
    if (file.size > maxBytes) throw new ParleyError(413, 'attachment_too_large', `The file is larger than ${maxBytes} bytes.`);
    const rules = getManifest('webchat')!.capabilities.attachments;
    const row = storeAttachment(deps.db, dir, {
      accountId: site.accountId, channelId, uploader: who, bytes: new Uint8Array(await file.arrayBuffer()), declaredName: file.name, rules, maxBytes,
    }, now());
    return c.json({ id: row.id, mime: row.mime, name: row.name, size: row.size }, 201, cors);
  });

  // The visitor's own upload, or a file an agent sent them (their widget fetches it with the Origin header; nobody else's).
  app.get('/w/:siteId/attachments/:id', async (c) => {
    const { site, cors } = siteFor(c);
    const who = await visitorKey(site, c.req.query('visitorId'), c.req.query('identity'));
    const row = findVisitorAttachment(deps.db, webchatOf(site), who, c.req.param('id'));
    return fileResponse(c, row, readAttachmentBytes(dir, row), cors);
  });

  return app;
}

export function attachmentRoutes(deps: AttachmentRouteDeps) {
  const app = new OpenAPIHono<AuthEnv>();
  const dir = deps.dir ?? attachmentsDir(deps.db);
  const maxBytes = deps.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;

  const FileSchema = z.object({
    id: z.string(), url: z.string().openapi({ description: 'Its download address: put it in a reply\'s `attachments[].url`.' }),
    mime: z.string().openapi({ description: 'The type found in the content' }), name: z.string(), size: z.number().int(),
  }).openapi('StoredAttachment');

  app.openapi(
    createRoute({
      method: 'post', path: '/attachments', tags: ['Cases'], summary: 'Upload a file to send in a reply',
      description: 'A multipart form: `file`, and optionally `channelId` (the file is then checked against that channel\'s outbound attachment rules). '
        + 'The type is read from the content (the declared one is ignored); unknown types are refused (415), files over the limit too (413). Nothing is stored for a refused file.',
      request: { body: { content: { 'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }), channelId: z.string().optional() }) } }, required: true } },
      responses: { 201: { description: 'Stored', content: { 'application/json': { schema: FileSchema } } }, ...problemResponses(400, 401, 404, 413, 415) },
    }),
    async (c) => {
      const principal = c.get('principal');
      let form: Record<string, string | File>;
      try { form = await c.req.parseBody(); } catch { throw new ParleyError(400, 'invalid_form', 'Send the file as a multipart form with `file`.'); }
      const file = form.file;
      if (!(file instanceof File)) throw new ParleyError(400, 'validation_failed', 'The form has no `file`.', [{ path: 'file', message: 'Attach a file' }]);
      if (file.size > maxBytes) throw new ParleyError(413, 'attachment_too_large', `The file is larger than ${maxBytes} bytes.`);
      const channelId = typeof form.channelId === 'string' && form.channelId ? form.channelId : null;
      const rules = uploadRulesFor(deps.db, principal.accountId, channelId);
      const row = storeAttachment(deps.db, dir, {
        accountId: principal.accountId, channelId, uploader: principal.userId ? `user:${principal.userId}` : `key:${principal.keyId}`,
        bytes: new Uint8Array(await file.arrayBuffer()), declaredName: file.name, rules, maxBytes, direction: 'outbound',
      });
      const url = `${new URL(c.req.url).origin}/api/v1/attachments/${row.id}`;
      return c.json({ id: row.id, url, mime: row.mime, name: row.name, size: row.size }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/attachments/{id}', tags: ['Cases'], summary: 'Download an attachment (a stored file, or a message\'s `attachments[].id`)',
      description: 'The bytes, with the type found in the content when it was stored (`nosniff`) and the sanitised original name. Another account\'s attachment is 404.\n\n'
        + '`id` is a stored file (`file_…`, an upload\'s id) or a message attachment (`att_…`, a message\'s `attachments[].id`). A customer\'s file that the '
        + 'provider only referenced (Telegram file_id, Slack url_private, Twilio MediaUrl, X DM media, WhatsApp media id) is downloaded once through the '
        + 'channel\'s connector with the channel\'s credentials, checked like an upload (type sniffed from the bytes, size limit) and stored; the attachment '
        + 'then points at the stored copy and later requests never call the provider. When the provider refuses or fails, the answer is 502 '
        + '`media_unavailable` quoting the provider\'s reason (also in `errors[0].message`, path `provider`); 409 `media_unsupported` when the channel '
        + 'cannot download its attachments; 413 / 415 when the file is over the limit or of a type Parley does not accept.',
      request: { params: IdParam('Attachment') },
      responses: { 200: { description: 'The file, as its own type (image/png, application/pdf, …)', content: { '*/*': { schema: z.string().openapi({ format: 'binary' }) } } }, ...problemResponses(401, 404, 409, 410, 413, 415, 502) },
    }),
    async (c) => {
      const accountId = c.get('principal').accountId;
      const id = c.req.valid('param').id;
      const row = id.startsWith('file_') ? findAttachment(deps.db, accountId, id) : await openMessageAttachment({
        db: deps.db, dir, maxBytes, channels: deps.channels ?? { context: () => null },
        connectorDeps: deps.connectorDeps ?? { fetch: (...args) => fetch(...args), now: () => Date.now() }, now: deps.now,
      }, accountId, id);
      return fileResponse(c, row, readAttachmentBytes(dir, row)) as any;
    },
  );

  return app;
}
