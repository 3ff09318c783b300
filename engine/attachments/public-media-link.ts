// Public media links: a signed, expiring, unguessable address for one stored file, for providers
// whose send API takes a media URL and fetches the file itself (Viber `media`, Messenger and
// Instagram `attachment.payload.url`, WhatsApp `link`). The file's download URL needs an agent's
// sign-in, which the provider does not have; this link needs nothing but itself.
//
// Token: `<file id>.<expiry, ms since epoch, base 36>.<HMAC-SHA256 over "<file id>.<expiry>">`,
// keyed with a server secret generated once into the data directory (`media-links.key`, 0600,
// beside `secret.key`). Nothing is stored per link: the route checks the MAC (constant time) and
// the expiry before it reads anything.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How long a link works: 24 h. Providers fetch the file when Parley sends (Viber, Meta), but Meta
 * may fetch it again later while it caches the attachment, and a send the activity retries after a
 * provider outage re-signs anyway; a day covers both without leaving a file reachable for ever.
 */
export const PUBLIC_MEDIA_LINK_TTL_MS = 24 * 60 * 60_000;

/** Where the links point: `{PARLEY_PUBLIC_URL}/media/<token>/<file name>`. */
export const PUBLIC_MEDIA_PATH = '/media';

const KEY_FILE = 'media-links.key';
const FILE_ID = /^file_[a-z0-9]+$/;
const TOKEN = /^(file_[a-z0-9]+)\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/;

const keys = new Map<string, Buffer>();

/** The signing key of this data directory, generated the first time (every process sharing the directory reads the same one). */
export function mediaLinkKey(dataDir: string): Buffer {
  const cached = keys.get(dataDir);
  if (cached) return cached;
  const file = join(dataDir, KEY_FILE);
  let key: Buffer;
  try {
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    // Written aside and hard-linked into place: two processes starting at once both end up with the first one's key.
    mkdirSync(dataDir, { recursive: true });
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    try { linkSync(temporary, file); } catch (err) { if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; } finally { rmSync(temporary, { force: true }); }
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
  if (key.length < 32) throw new Error(`${file} does not hold a 32-byte base64 key: delete it and Parley makes a new one (links already sent stop working).`);
  keys.set(dataDir, key);
  return key;
}

const mac = (key: Buffer, fileId: string, expires: string) => createHmac('sha256', key).update(`${fileId}.${expires}`).digest('base64url');

export function signMediaToken(key: Buffer, fileId: string, expiresAt: number): string {
  if (!FILE_ID.test(fileId)) throw new Error(`Not a stored file id: ${fileId}`);
  const expires = Math.floor(expiresAt).toString(36);
  return `${fileId}.${expires}.${mac(key, fileId, expires)}`;
}

export type MediaTokenCheck =
  | { ok: true; fileId: string; expiresAt: number }
  | { ok: false; code: 'link_invalid' | 'link_expired'; reason: string };

/** The file a token names, when its signature is genuine and it has not expired. */
export function verifyMediaToken(key: Buffer, token: unknown, now = Date.now()): MediaTokenCheck {
  const parts = typeof token === 'string' ? TOKEN.exec(token) : null;
  if (!parts) return { ok: false, code: 'link_invalid', reason: 'This is not a Parley media link.' };
  const [, fileId, expires, given] = parts;
  const expected = Buffer.from(mac(key, fileId, expires));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return { ok: false, code: 'link_invalid', reason: 'The media link\'s signature is not valid.' };
  }
  const expiresAt = parseInt(expires, 36);
  if (!(expiresAt > now)) return { ok: false, code: 'link_expired', reason: `The media link expired at ${new Date(expiresAt).toISOString()}.` };
  return { ok: true, fileId, expiresAt };
}

/**
 * Whether providers can reach Parley at this base URL. Unset, PARLEY_PUBLIC_URL defaults to
 * `http://localhost:<port>` (engine/config/resolve-config.ts), which no provider can fetch from.
 */
export function isPublicBaseUrl(publicUrl: string): boolean {
  try {
    const { hostname } = new URL(publicUrl);
    return hostname !== 'localhost' && !hostname.endsWith('.localhost');
  } catch {
    return false;
  }
}

/** The absolute link to one stored file: `{publicUrl}/media/<token>/<file name>` (the name is for the provider's eyes only). */
export function publicMediaUrl(publicUrl: string, key: Buffer, file: { id: string; name: string }, now = Date.now(), ttlMs = PUBLIC_MEDIA_LINK_TTL_MS): string {
  const token = signMediaToken(key, file.id, now + ttlMs);
  return `${publicUrl.replace(/\/+$/, '')}${PUBLIC_MEDIA_PATH}/${token}/${encodeURIComponent(file.name)}`;
}
