// Parley serves the built console at `/`: files with the right type and cache policy, the app's
// index for page paths (its router decides), 404 for missing files, a plain page telling what to do
// when the console is not built — and nothing under /api, /webhooks or /healthz, which keep their
// own answers because the console is mounted after them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRoutes } from '../../engine/api/routes/console';

describe('the console routes', () => {
  let dir: string;
  let app: Hono;
  const big = `console.log(${JSON.stringify('x'.repeat(4000))});`;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), big);
    writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{}');
    // An app like Parley's: API routes first, the console last, the API's problem+json 404.
    app = new Hono();
    app.get('/api/v1/rules', (c) => c.json({ items: [] }));
    app.get('/healthz', (c) => c.json({ status: 'ok' }));
    app.notFound((c) => c.json({ status: 404, code: 'route_not_found' }, 404, { 'content-type': 'application/problem+json' }));
    app.route('/', consoleRoutes({ distDir: dir }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves index.html for the root and for page paths, revalidated every time', async () => {
    for (const path of ['/', '/rules', '/rules/rule_123', '/settings']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with their type, cached for a year, gzipped when asked', async () => {
    const res = await app.request('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(big);
    const plain = await app.request('/assets/index-abc123.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(big);
    expect((await app.request('/assets/index-abc123.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers 304 when the browser has the file already', async () => {
    const first = await app.request('/assets/index-abc123.css');
    const again = await app.request('/assets/index-abc123.css', { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('gives 404 for a missing file instead of the app, and never leaves the build folder', async () => {
    expect((await app.request('/assets/index-old999.js')).status).toBe(404);
    expect((await app.request('/favicon.ico')).status).toBe(404);
    const escape = await app.request('/assets/..%2f..%2f..%2f..%2fetc%2fpasswd');
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('root:');
    // Dot segments the URL parser resolves stay inside the build: the app's index, not the file.
    expect(await (await app.request('/%2e%2e/%2e%2e/etc/passwd')).text()).not.toContain('root:');
  });

  it('leaves /api, /webhooks and /healthz to the API', async () => {
    expect(await (await app.request('/api/v1/rules')).json()).toEqual({ items: [] });
    const unknown = await app.request('/api/v1/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect((await app.request('/webhooks/ch_1')).status).toBe(404);
    expect((await app.request('/healthz')).status).toBe(200);
    expect((await app.request('/rules', { method: 'POST' })).status).toBe(404);
  });

  it('says how to build the console when it is missing', async () => {
    const bare = new Hono();
    bare.route('/', consoleRoutes({ distDir: join(dir, 'nowhere') }));
    const res = await bare.request('/rules');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('npm run build:editor');
  });
});
