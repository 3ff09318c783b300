// Provisions stripe-mock (Stripe's own API stand-in, which the payment tests point the `stripe` SDK at)
// into .tools/bin. stripe-mock is a Go program with no npm or PyPI package, so it is built from the Go
// module proxy with `go install` (about 40 s the first time). Quiet and instant when the binary is there.
// Where Go is missing it says so in one line and exits 0: `npm install` still works, and the payment
// integration tests fail with the same advice (test/fakes/stripe-mock.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, '.tools', 'bin');
const target = join(bin, 'stripe-mock');
const module = 'github.com/stripe/stripe-mock@latest';
const advice = `install Go ≥ 1.22 (https://go.dev/dl/) and re-run \`npm install\`, or run \`GOBIN=${bin} go install ${module}\``;

/** Every Go toolchain found: `go` on PATH, the official tarball's place, $GOROOT/bin/go. */
function findGos() {
  const candidates = ['go', '/usr/local/go/bin/go'];
  if (process.env.GOROOT) candidates.push(join(process.env.GOROOT, 'bin', 'go'));
  return candidates.filter((go) => {
    try { execFileSync(go, ['version'], { stdio: 'ignore' }); return true; } catch { return false; }
  });
}

/** Builds with the first toolchain that can: an old `go` on PATH (Debian's 1.19) fails, the next is tried. */
function install(gos) {
  mkdirSync(bin, { recursive: true });
  const failures = [];
  const built = gos.find((go) => {
    try {
      execFileSync(go, ['install', module], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GOBIN: bin } });
      return true;
    } catch (err) {
      failures.push(`${go}: ${String(err.stderr ?? err.message).trim().split('\n').pop()}`);
      return false;
    }
  });
  if (built) console.log(`[parley] stripe-mock installed in ${bin} (built with ${built})`);
  else console.warn(`[parley] stripe-mock (used by the payment tests) could not be built (${failures.join('; ')}): ${advice}.`);
}

if (process.env.PARLEY_SKIP_STRIPE_MOCK_PROVISION !== '1' && !existsSync(target)) {
  const gos = findGos();
  if (gos.length === 0) console.warn(`[parley] Go not found: stripe-mock (used by the payment tests) is not installed; ${advice}.`);
  else install(gos);
}
