// Builds the website snippet (widget/) into widget/dist, which Parley serves at /w/{siteId}.js,
// and prints each file's size (raw and gzipped) against its budget. Run by `npm install`
// (postinstall) and `npm run build:widget`. Budgets: the loader under 10 KB gzipped, loader, chat
// and mapper together under 60 KB.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WIDGET_ENTRIES = {
  loader: { entry: 'widget/src/loader.ts', budgetGzip: 10 * 1024 },
  // Fetched the first time a visitor opens the chat; the whole widget stays under 60 KB.
  chat: { entry: 'widget/src/chat/index.ts', budgetGzip: 50 * 1024 },
  // Engagement Mapper's mapping mode: fetched only when an admin opens a page from the console.
  mapper: { entry: 'widget/src/mapper/index.ts', budgetGzip: 10 * 1024 },
};

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('[parley] esbuild is not installed (npm install --omit=dev?): the website snippet was not built.');
  process.exit(0);
}

const dist = join(root, 'widget', 'dist');
mkdirSync(dist, { recursive: true });
let total = 0;
for (const [name, { entry, budgetGzip }] of Object.entries(WIDGET_ENTRIES)) {
  const result = await esbuild.build({
    entryPoints: [join(root, entry)], bundle: true, minify: true, format: 'iife', target: ['es2020'],
    outfile: join(dist, `${name}.js`), write: true, metafile: false, legalComments: 'none', logLevel: 'warning',
  });
  if (result.errors.length) process.exit(1);
  const body = readFileSync(join(dist, `${name}.js`));
  const gz = gzipSync(body, { level: 9 }).length;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`[parley] website snippet ${name}.js: ${kb(body.length)}, ${kb(gz)} gzipped (budget ${kb(budgetGzip)})`);
  if (gz > budgetGzip) {
    console.error(`[parley] ${name}.js is over its ${kb(budgetGzip)} gzipped budget.`);
    process.exit(1);
  }
  total += gz;
}
console.log(`[parley] website snippet, all modules: ${(total / 1024).toFixed(1)} KB gzipped (budget 60.0 KB)`);
if (total > 60 * 1024) {
  console.error('[parley] the website snippet is over its 60 KB gzipped budget.');
  process.exit(1);
}
