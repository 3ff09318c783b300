// Starts a real Parley (SQLite file in a temp dir, real HTTP server on a free port) against a
// Temporal server, with a unique task queue so test files never steal each other's tasks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import settings from '../../temporal.config';
import { createApiKey } from '../../engine/accounts/bootstrap';
import { resolveConfig, type ParleyConfig } from '../../engine/config/resolve-config';
import { startParley, type Parley } from '../../engine/parley';

export interface Harness {
  parley: Parley;
  config: ParleyConfig;
  dataDir: string;
  adminKey: string;
  agentKey: string;
  api(path: string, init?: RequestInit & { json?: unknown; key?: string }): Promise<Response>;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export async function startHarness(opts: {
  temporalAddress: string;
  env?: Record<string, string>;
  dataDir?: string;
  taskQueue?: string;
}): Promise<Harness> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-'));
  const config = resolveConfig(settings, {
    PARLEY_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    TEMPORAL_ADDRESS: opts.temporalAddress,
    TEMPORAL_TASK_QUEUE: opts.taskQueue ?? `parley-test-${randomUUID()}`,
    ...opts.env,
  });
  const parley = await startParley(config);
  const accountId = parley.credentials?.accountId ?? (parley.db.$client.prepare('select id from accounts limit 1').get() as { id: string }).id;
  const adminKey = parley.credentials?.apiKey ?? createApiKey(parley.db, accountId, 'admin', 'test admin');
  const agentKey = createApiKey(parley.db, accountId, 'agent', 'test agent');
  return {
    parley, config, dataDir, adminKey, agentKey,
    api(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${init.key ?? adminKey}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(`${parley.url}${path}`, { ...init, headers, body });
    },
    async stop({ keepData = false } = {}) {
      await parley.stop();
      if (!keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a truthy value or the timeout passes. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 20_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
