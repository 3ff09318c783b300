// Public media links (no sign-in: the signed token is the credential): a provider that sends media
// by URL (Viber, Messenger, Instagram Direct, WhatsApp by link) fetches a stored file an agent sent
// from `GET /media/<token>/<file name>` (engine/attachments/public-media-link.ts). A token that is
// not genuine or has expired is refused before anything is read; the file name in the path is
// only for the provider (Viber names a file by its URL) and plays no part in finding the file.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { attachmentsDir } from '../../attachments/attachment-store';
import { contentDisposition } from '../../attachments/file-name';
import { mediaLinkKey, PUBLIC_MEDIA_PATH, verifyMediaToken } from '../../attachments/public-media-link';
import type { Db } from '../../db/open-database';
import { attachmentFiles } from '../../db/schema-attachments';
import { ParleyError } from '../../errors';

export interface PublicMediaDeps {
  db: Db;
  /** Where the bytes are (default: `attachments/` in the data directory). */
  dir?: string;
  /** The signing key (default: the data directory's `media-links.key`). */
  key?: Buffer;
  now?: () => number;
}

export function publicMediaRoutes(deps: PublicMediaDeps) {
  const app = new Hono();
  const now = deps.now ?? Date.now;
  const dir = deps.dir ?? attachmentsDir(deps.db);
  const key = () => deps.key ?? mediaLinkKey(dirname(deps.db.$client.name));

  app.get(`${PUBLIC_MEDIA_PATH}/:token/:name`, (c) => {
    const at = now();
    const check = verifyMediaToken(key(), c.req.param('token'), at);
    if (!check.ok) throw new ParleyError(403, check.code, check.reason);
    const row = deps.db.select().from(attachmentFiles).where(eq(attachmentFiles.id, check.fileId)).get();
    const path = row ? join(dir, row.path) : undefined;
    if (!row || !path || !existsSync(path)) throw new ParleyError(404, 'attachment_not_found', 'The file of this link is no longer stored.');
    const bytes = readFileSync(path);
    // Providers and their caches may keep it until the link expires, not longer.
    const maxAge = Math.max(0, Math.floor((check.expiresAt - at) / 1000));
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': row.mime, 'content-length': String(bytes.length),
      'content-disposition': contentDisposition(row.mime.startsWith('image/') ? 'inline' : 'attachment', row.name),
      'cache-control': `public, max-age=${maxAge}, immutable`, expires: new Date(check.expiresAt).toUTCString(),
      etag: `"${row.sha256}"`, 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; sandbox",
      'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer',
    });
  });

  return app;
}
