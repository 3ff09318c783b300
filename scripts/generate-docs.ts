// Writes the generated documentation. `--check` writes nothing and exits 1 when a committed doc
// differs from what the code generates (for CI).
//
// To add a document, append a generator to GENERATED_DOCS: a repository-relative path and a pure
// function returning the file's full text.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNELS_DOC_PATH, renderChannelsDoc } from './docs/channels-doc';
import { RICH_CONTENT_DOC_PATH, renderRichContentDoc } from './docs/rich-content-doc';

export interface GeneratedDoc {
  path: string;
  render: () => string;
}

export const GENERATED_DOCS: GeneratedDoc[] = [
  { path: CHANNELS_DOC_PATH, render: renderChannelsDoc },
  { path: RICH_CONTENT_DOC_PATH, render: renderRichContentDoc },
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  let stale = 0;
  for (const doc of GENERATED_DOCS) {
    const target = resolve(root, doc.path);
    const text = doc.render();
    if (readIfExists(target) === text) {
      console.log(`up to date  ${doc.path}`);
    } else if (check) {
      console.error(`out of date ${doc.path} (run: npx tsx scripts/generate-docs.ts)`);
      stale++;
    } else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      console.log(`wrote       ${doc.path}`);
    }
  }
  return stale > 0 ? 1 : 0;
}

// Runs only as a script, so tests can import GENERATED_DOCS without writing files.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
