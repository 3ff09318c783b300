// Starts Stripe's own API stand-in, stripe-mock (installed into .tools/bin by
// scripts/provision-stripe-mock.mjs during `npm install`), on a free loopback port, and stops it.
// stripe-mock validates every request against Stripe's OpenAPI spec and answers with canned
// objects: it keeps no state, so tests use it to prove request shapes, not to read values back.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port';

export const STRIPE_MOCK_PATH = process.env.STRIPE_MOCK_PATH ?? fileURLToPath(new URL('../../.tools/bin/stripe-mock', import.meta.url));

export interface StripeMock {
  /** e.g. http://127.0.0.1:41234 — what PARLEY_STRIPE_API_URL or a connection's apiBaseUrl takes. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startStripeMock(): Promise<StripeMock> {
  if (!existsSync(STRIPE_MOCK_PATH)) {
    throw new Error(
      `stripe-mock is not installed at ${STRIPE_MOCK_PATH}. The payment tests need it. Install Go ≥ 1.22 (https://go.dev/dl/) ` +
      'and re-run `npm install` (scripts/provision-stripe-mock.mjs builds it into .tools/bin), or set STRIPE_MOCK_PATH to a stripe-mock binary.',
    );
  }
  const port = await freePort();
  // HTTPS is on by default at a fixed port (12112): move it to a random loopback one so parallel runs never clash.
  const child: ChildProcess = spawn(STRIPE_MOCK_PATH, ['-http-addr', `127.0.0.1:${port}`, '-https-addr', '127.0.0.1:'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stripe-mock did not start within 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Listening for HTTP at address: 127.0.0.1:${port}`)) { clearTimeout(timer); resolve(); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`stripe-mock exited with ${code}:\n${output}`)); });
  });
  await ready;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
