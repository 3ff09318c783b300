// The shared models (model/content, model/rules) run inside Temporal workflows, in the connectors and
// in the browser console: no file under model/ may import Node built-ins, the engine, the connectors
// or the workflows — only zod and other files of model/.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const modelDir = fileURLToPath(new URL('../../model/', import.meta.url));
const files = readdirSync(modelDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort();
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
const importsOf = (source: string) => [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
const node = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

describe('model/ stays free of Node and of the engine', () => {
  it('holds the rule model and the content model the editor, the workflows and the connectors import', () => {
    for (const f of ['rules/graph.ts', 'rules/interpreter.ts', 'rules/validate-graph.ts', 'rules/dry-run.ts', 'rules/index.ts', 'content/model.ts', 'content/fallback.ts']) {
      expect(files).toContain(f);
    }
  });

  it.each(files.map((file) => ({ file })))('$file imports only zod and model/', ({ file }) => {
    const source = readFileSync(join(modelDir, file), 'utf8');
    for (const spec of importsOf(source)) {
      expect(node.has(spec) || spec.startsWith('node:'), `${file} imports ${spec}`).toBe(false);
      if (spec === 'zod') continue;
      expect(spec.startsWith('.'), `${file} imports the package ${spec}`).toBe(true);
      const target = relative(modelDir, resolve(dirname(join(modelDir, file)), spec));
      expect(target.startsWith('..'), `${file} imports ${spec}, outside model/`).toBe(false);
    }
    expect(source).not.toMatch(/\bprocess\.|\bBuffer\b|__dirname|\brequire\(/);
  });
});
