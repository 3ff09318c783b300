// The website snippet stays small: the loader every page downloads is built the way
// scripts/build-widget.mjs builds it and must stay under 10 KB gzipped.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const loader = fileURLToPath(new URL('../../widget/src/loader.ts', import.meta.url));

describe('the website snippet', () => {
  it('loader is under 10 KB gzipped and carries no schema library', async () => {
    const result = await build({ entryPoints: [loader], bundle: true, minify: true, format: 'iife', target: ['es2020'], write: false, metafile: true, logLevel: 'silent' });
    const js = result.outputFiles[0].contents;
    const gz = gzipSync(js, { level: 9 }).length;
    expect(gz).toBeLessThan(10 * 1024);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.includes('node_modules/zod'))).toBe(false);
  });
});
