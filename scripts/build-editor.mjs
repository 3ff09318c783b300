// Builds the web console (editor/) into editor/dist, which Parley serves at `/`, and prints the
// size of each file (raw and gzipped). Run by `npm install` (postinstall) and `npm run build:editor`.
import { readdirSync, statSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const editor = join(root, 'editor');
const dist = join(editor, 'dist');

let build;
try {
  ({ build } = await import('vite'));
} catch {
  // A production install without dev dependencies: the console cannot be built here.
  console.warn('[parley] vite is not installed (npm install --omit=dev?): the web console was not built.');
  process.exit(0);
}

const started = Date.now();
await build({ configFile: join(editor, 'vite.config.ts'), logLevel: 'warn' });

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
};
walk(dist);
const kb = (n) => `${(n / 1024).toFixed(1)} kB`.padStart(10);
let total = 0, totalGz = 0;
console.log(`[parley] web console built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${relative(root, dist)}/`);
for (const file of files.sort()) {
  const bytes = readFileSync(file);
  const gz = gzipSync(bytes).length;
  total += bytes.length;
  totalGz += gz;
  console.log(`  ${relative(dist, file).padEnd(44)}${kb(bytes.length)}${kb(gz)} gzip`);
}
console.log(`  ${'total'.padEnd(44)}${kb(total)}${kb(totalGz)} gzip`);
