// Starts one real Temporal dev server (headless, its own SQLite file) for the integration
// tests, unless TEMPORAL_ADDRESS points at one already (CI may start it itself).
import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer, type DevServer } from '../../engine/temporal/dev-server';
import { freePort } from './free-port';

let server: DevServer | null = null;
let dir: string | null = null;

export async function setup(project: TestProject) {
  let address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    dir = mkdtempSync(join(tmpdir(), 'parley-temporal-'));
    server = await startDevServer({ port: await freePort(), uiPort: null, dbFile: join(dir, 'temporal.sqlite') });
    address = server.address;
  }
  project.provide('temporalAddress', address);
}

export async function teardown() {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}
