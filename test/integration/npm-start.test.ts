// The README contract: `npm start` (engine/start.ts) brings Parley up on the embedded default —
// its own Temporal dev server, SQLite under the data dir — prints the URLs and the bootstrap
// credentials once, serves the API, and shuts everything down cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../engine/temporal/binaries';
import { freePort } from '../support/free-port';

const portOpen = (port: number) => new Promise<boolean>((resolve) => {
  const s = createConnection({ host: '127.0.0.1', port });
  s.once('connect', () => { s.destroy(); resolve(true); });
  s.once('error', () => resolve(false));
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'engine/start.ts')], {
    cwd: projectRoot, env: { ...process.env, TEMPORAL_ADDRESS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) => new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${output}`)), timeoutMs);
    const check = () => { if (pattern.test(output)) { clearTimeout(timer); resolve(output); } };
    child.stdout!.on('data', check);
    child.once('exit', () => { clearTimeout(timer); reject(new Error(`exited early:\n${output}`)); });
    check();
  });
  const exit = () => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, waitFor, exit, output: () => output };
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-start-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the embedded default, serves the API, and stops cleanly; credentials print only on first start', async () => {
    const [port, temporalPort] = [await freePort(), await freePort()];
    const env = { PARLEY_DATA_DIR: dataDir, PORT: String(port), TEMPORAL_DEV_PORT: String(temporalPort), TEMPORAL_UI: 'false' };
    const first = start(env);
    children.push(first.child);
    const out = await first.waitFor(/admin API key\s+(pk_\S+)/);
    expect(out).toContain(`API          http://localhost:${port}/api/v1`);
    expect(out).toContain(`console      http://localhost:${port}/`);
    expect(out).toContain('(embedded dev server)');
    const key = /admin API key\s+(pk_\S+)/.exec(out)![1];
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', db: 'ok', temporal: 'ok' });
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/cases`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    // The web console is served at / (built by npm install).
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(await home.text()).toContain('<div id="root">');

    const exited = first.exit();
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(first.output()).toContain('stopped.');
    expect(await portOpen(temporalPort)).toBe(false);
    expect(await portOpen(port)).toBe(false);

    // Second start on the same data: same key still works, no new credentials printed.
    const second = start(env);
    children.push(second.child);
    await second.waitFor(/ready/);
    await second.waitFor(/data\s+/);
    expect(second.output()).not.toContain('admin API key');
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/cases`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const exited2 = second.exit();
    second.child.kill('SIGINT');
    expect(await exited2).toBe(0);
  }, 120_000);

  it('says which port is taken, and leaves no Temporal dev server behind', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer().listen(0, '0.0.0.0');
    await new Promise((r) => blocker.once('listening', r));
    const taken = (blocker.address() as { port: number }).port;
    const temporalPort = await freePort();
    try {
      const run = start({ PARLEY_DATA_DIR: join(dataDir, 'busy'), PORT: String(taken), TEMPORAL_DEV_PORT: String(temporalPort), TEMPORAL_UI: 'false' });
      children.push(run.child);
      expect(await run.exit()).toBe(1);
      expect(run.output()).toMatch(new RegExp(`Port ${taken} on 0.0.0.0 is already in use`));
      expect(await portOpen(temporalPort)).toBe(false);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('fails fast with a clear message when the Temporal CLI cannot be found', async () => {
    const run = start({ PARLEY_DATA_DIR: join(dataDir, 'x'), PORT: String(await freePort()), TEMPORAL_CLI_PATH: '/nonexistent/temporal' });
    children.push(run.child);
    expect(await run.exit()).toBe(1);
    expect(run.output()).toMatch(/TEMPORAL_CLI_PATH=\/nonexistent\/temporal does not exist/);
  });
});
