// The rule model runs inside Temporal workflows and in the browser: no file under
// engine/rules/model may import Node built-ins (or anything that does, such as the database).
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../engine/rules/model/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
}

describe('engine/rules/model stays free of Node', () => {
  it('has the modules the editor and the workflows import', () => {
    for (const f of ['graph.ts', 'interpreter.ts', 'validate-graph.ts', 'conditions.ts', 'dry-run.ts', 'index.ts']) expect(files).toContain(f);
  });

  it.each(files.map((file) => ({ file })))('$file imports no Node built-in and nothing outside the model but zod and types', ({ file }) => {
    const source = readFileSync(`${dir}${file}`, 'utf8');
    const node = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const spec of importsOf(source)) {
      expect(spec.startsWith('node:'), `${file} imports ${spec}`).toBe(false);
      expect(node.has(spec), `${file} imports ${spec}`).toBe(false);
      const allowed = spec === 'zod' || spec.startsWith('./') || spec === '../../errors';
      expect(allowed, `${file} imports ${spec}`).toBe(true);
    }
    // engine/errors is allowed only for its FieldIssue type, never at run time.
    for (const line of source.split('\n').filter((l) => l.includes("'../../errors'"))) expect(line).toMatch(/^import type /);
    expect(source).not.toMatch(/\bprocess\.|\bBuffer\b|__dirname|\brequire\(/);
  });
});
