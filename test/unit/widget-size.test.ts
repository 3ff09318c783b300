// The website snippet stays small: the loader every page downloads is built the way
// scripts/build-widget.mjs builds it and must stay under 10 KB gzipped; with the chat module
// (fetched when a visitor opens the chat) and the Engagement Mapper (mapping mode only) under 60 KB.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const loader = fileURLToPath(new URL('../../widget/src/loader.ts', import.meta.url));
const chat = fileURLToPath(new URL('../../widget/src/chat/index.ts', import.meta.url));
const mapper = fileURLToPath(new URL('../../widget/src/mapper/index.ts', import.meta.url));

async function gzipped(entry: string) {
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'iife', target: ['es2020'], write: false, metafile: true, logLevel: 'silent' });
  return { bytes: gzipSync(result.outputFiles[0].contents, { level: 9 }).length, inputs: Object.keys(result.metafile.inputs) };
}

describe('the website snippet', () => {
  it('loader is under 10 KB gzipped, loader, chat and mapper together under 60 KB, with no schema library', async () => {
    const [l, c, m] = await Promise.all([gzipped(loader), gzipped(chat), gzipped(mapper)]);
    expect(l.bytes).toBeLessThan(10 * 1024);
    expect(l.bytes + c.bytes + m.bytes).toBeLessThan(60 * 1024);
    expect([...l.inputs, ...c.inputs, ...m.inputs].some((f) => f.includes('node_modules/zod'))).toBe(false);
    // The mapping overlay is not in the loader every visitor downloads; the locator finder is.
    expect(l.inputs.some((f) => f.includes('widget/src/mapper/overlay'))).toBe(false);
    expect(l.inputs.some((f) => f.includes('widget/src/interactions'))).toBe(true);
  });
});
