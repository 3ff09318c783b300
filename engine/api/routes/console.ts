// The web console (editor/, built into editor/dist by `npm install` or `npm run build:editor`),
// served at `/`. Mounted last, after the API: paths under /api, /webhooks and /healthz are never
// answered here, so unknown API paths still get the API's problem+json 404. Hashed assets are cached
// for a year; index.html is revalidated every time; any other GET path is the single-page app
// (its router decides), unless it names a file that does not exist.
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { staticFiles } from '../static-files';

export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../editor/dist', import.meta.url));

const RESERVED = ['/api', '/webhooks', '/healthz', '/w'];

/** Vite names built assets by content hash: they never change, so browsers may keep them. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const isReserved = (path: string) => RESERVED.some((p) => path === p || path.startsWith(`${p}/`));

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley: the web console is not built</title>
<style>body{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;max-width:560px;margin:12vh auto;padding:0 24px;color:#1b1b22;line-height:1.5}
code{background:#f2f2f6;padding:2px 6px;border-radius:5px}</style></head>
<body><h1>The web console is not built yet</h1>
<p>Parley's API is running (see <a href="/api/docs">/api/docs</a>), but the console's files are missing. Build them once:</p>
<p><code>npm run build:editor</code></p>
<p>then reload this page. (<code>npm install</code> builds it too.)</p></body></html>`;

export function consoleRoutes(opts: { distDir?: string } = {}) {
  const distDir = resolve(opts.distDir ?? DEFAULT_CONSOLE_DIR);
  const { load, send } = staticFiles();
  const app = new Hono();

  app.on(['GET', 'HEAD'], '*', (c, next) => {
    const path = c.req.path;
    if (isReserved(path)) return next();
    const index = load(join(distDir, 'index.html'));
    if (!index) {
      return c.html(NOT_BUILT, 503, { 'cache-control': 'no-store' });
    }
    let relative: string;
    try { relative = decodeURIComponent(path); } catch { return c.text('Bad path', 400); }
    const file = resolve(distDir, `.${relative}`);
    if (file !== distDir && !file.startsWith(distDir + sep)) return c.text('Not found', 404);
    if (relative !== '/' && file !== join(distDir, 'index.html')) {
      const found = load(file);
      if (found) return send(c, found, relative.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
      // A missing file (an old asset, a typo) is a 404, not the app: only page paths fall back.
      if (extname(relative)) return c.text('Not found', 404, { 'cache-control': 'no-store' });
    }
    return send(c, index, REVALIDATE);
  });

  return app;
}

/** Whether the console has been built (start-up prints a hint when it has not). */
export const consoleBuilt = (distDir = DEFAULT_CONSOLE_DIR) => existsSync(join(distDir, 'index.html'));
