// Built files served over HTTP (the console, the website snippet): read once per version (size +
// mtime), gzipped when text and worth it, with an ETag for revalidation.
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

export interface CachedFile { body: Buffer; gzip: Buffer | null; etag: string; type: string; key: string }

export function staticFiles() {
  const cache = new Map<string, CachedFile>();

  /** A file, or null when it is missing or not a file. */
  const load = (file: string): CachedFile | null => {
    let stat;
    try { stat = statSync(file); } catch { return null; }
    if (!stat.isFile()) return null;
    const key = `${stat.size}-${stat.mtimeMs}`;
    const hit = cache.get(file);
    if (hit?.key === key) return hit;
    const body = readFileSync(file);
    const ext = extname(file).toLowerCase();
    const entry: CachedFile = {
      body, key, etag: `"${stat.size.toString(36)}-${Math.round(stat.mtimeMs).toString(36)}"`,
      type: TYPES[ext] ?? 'application/octet-stream',
      gzip: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : null,
    };
    cache.set(file, entry);
    return entry;
  };

  const send = (c: Context, f: CachedFile, cacheControl: string, extraHeaders: Record<string, string> = {}) => {
    const headers: Record<string, string> = {
      'content-type': f.type, 'cache-control': cacheControl, etag: f.etag, vary: 'accept-encoding', 'x-content-type-options': 'nosniff', ...extraHeaders,
    };
    if (c.req.header('if-none-match') === f.etag) return c.body(null, 304, headers);
    const gzip = f.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const body = gzip ? f.gzip! : f.body;
    if (gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = String(body.length);
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(body), 200, headers);
  };

  return { load, send };
}
