// Installs schemathesis (the OpenAPI-driven fuzzer of test/integration/openapi-fuzz.test.ts) from PyPI
// into its own venv, .tools/schemathesis/, at a pinned version. Quiet and offline when that version is
// already there. Where Python or the network is missing it says so in one line and exits 0: `npm
// install` still works, and the fuzz test fails with the same advice.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCHEMATHESIS_VERSION = '4.32.5';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.tools', 'schemathesis');
const bin = join(venv, 'bin');
const advice = `install python3 (with venv) and re-run \`npm install\`, or run \`python3 -m venv ${venv} && ${join(bin, 'pip')} install schemathesis==${SCHEMATHESIS_VERSION}\``;

/** True when the venv holds the pinned version (its dist-info folder), without starting Python. */
function installed() {
  if (!existsSync(join(bin, 'schemathesis'))) return false;
  const lib = join(venv, 'lib');
  return existsSync(lib) && readdirSync(lib).some((py) => existsSync(join(lib, py, 'site-packages', `schemathesis-${SCHEMATHESIS_VERSION}.dist-info`)));
}

function install() {
  const python = ['python3', 'python'].find((p) => {
    try { execFileSync(p, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
  });
  if (!python) { console.warn(`[parley] python3 not found: schemathesis (the API fuzz test) is not installed; ${advice}.`); return; }
  try {
    if (!existsSync(join(bin, 'pip'))) execFileSync(python, ['-m', 'venv', venv], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync(join(bin, 'pip'), ['install', '--disable-pip-version-check', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    console.log(`[parley] schemathesis ${SCHEMATHESIS_VERSION} installed in ${venv}`);
  } catch (err) {
    const why = String(err.stderr ?? err.message).trim().split('\n').pop();
    console.warn(`[parley] schemathesis (the API fuzz test) could not be installed (${why}): ${advice}.`);
  }
}

const main = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (main && process.env.PARLEY_SKIP_SCHEMATHESIS_PROVISION !== '1' && !installed()) install();
