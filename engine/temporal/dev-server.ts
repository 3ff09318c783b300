// Runs `temporal server start-dev` as a child process: the embedded default when no
// TEMPORAL_ADDRESS is configured, and the server integration tests run against.
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { resolveTemporalCli } from './binaries';

export interface DevServerOptions {
  port: number;
  /** null = headless. */
  uiPort: number | null;
  /** SQLite file that makes the dev server's state durable across restarts. */
  dbFile?: string;
  namespace?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const cli = resolveTemporalCli();
  if (await portOpen(opts.port)) {
    throw new Error(`Port ${opts.port} is already in use: another Temporal server running? Set TEMPORAL_ADDRESS=127.0.0.1:${opts.port} to use it, or TEMPORAL_DEV_PORT to pick another port.`);
  }
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1', '--port', String(opts.port),
    '--namespace', opts.namespace ?? 'default',
    '--log-level', opts.logLevel ?? 'error',
    '--dynamic-config-value', 'frontend.enableServerVersionCheck=false',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  ];
  if (opts.dbFile) {
    mkdirSync(dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile, '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL');
  }
  if (opts.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort), '--ui-disable-news-fetch');

  const child: ChildProcess = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => { stderr = (stderr + d.toString()).slice(-4000); });
  let exited = false;
  // If this process dies without a clean stop, do not leave the dev server running behind it.
  const killOnExit = () => { if (!exited) child.kill('SIGKILL'); };
  process.once('exit', killOnExit);
  child.once('exit', () => { exited = true; process.off('exit', killOnExit); });

  const deadline = Date.now() + 60_000;
  while (!(await portOpen(opts.port))) {
    if (exited) throw new Error(`temporal server start-dev exited during start-up:\n${stderr}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`temporal server start-dev did not listen on ${opts.port} within 60 s:\n${stderr}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.uiPort === null ? null : `http://127.0.0.1:${opts.uiPort}`,
    stop: () => new Promise<void>((resolve) => {
      if (exited) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}
