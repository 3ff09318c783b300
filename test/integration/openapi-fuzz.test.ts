// The published OpenAPI document and the API agree: schemathesis (installed into .tools/schemathesis
// by `npm install`, scripts/provision-schemathesis.mjs) fuzzes every operation of a real Parley started
// the way `npm start` does (engine/start.ts in its own process, a fresh data dir, PARLEY_ADMIN_TOKEN)
// and fails on any 5xx, any status the document does not list, any body off its schema and any
// undocumented content type. Bounded: a few examples per operation, a fixed seed, one worker per core
// (under a minute on 2 cores). Deeper local runs: PARLEY_FUZZ_EXAMPLES=50 PARLEY_FUZZ_SEED=<n>
// PARLEY_FUZZ_PHASES=examples,coverage,fuzzing,stateful PARLEY_FUZZ_MAX_TIME=<s>.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../engine/temporal/binaries';
import { signByocRequest } from '../fakes/sign-byoc';
import { freePort } from '../support/free-port';

const schemathesis = join(projectRoot, '.tools', 'schemathesis', 'bin', 'schemathesis');
const ADMIN_TOKEN = 'fuzz-admin-token-0123456789abcdef';

/**
 * Per-operation settings (the live stream is read up to its first event). Every operation is fuzzed;
 * none is excluded.
 */
const CONFIG = join(projectRoot, 'test', 'integration', 'openapi-fuzz.schemathesis.toml');

function startParley(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'engine/start.ts')], {
    cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Parley did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', () => { if (/\] ready/.test(output)) { clearTimeout(timer); resolve(); } });
    child.once('exit', () => { clearTimeout(timer); reject(new Error(`Parley exited early:\n${output}`)); });
  });
  return { child, ready, output: () => output };
}

/** A BYOC channel and a customer's first message (so a case and a contact) for the fuzzer to work on. */
async function seed(base: string) {
  const secret = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
  const api = (path: string, json?: unknown) => fetch(`${base}${path}`, {
    method: json ? 'POST' : 'GET', body: json ? JSON.stringify(json) : undefined,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
  });
  const channel = await (await api('/api/v1/channels', { type: 'byoc', name: 'Fuzzed', config: { outboundUrl: 'http://127.0.0.1:9/out', secret } })).json();
  const body = { type: 'message', externalMessageId: 'fuzz-1', externalConversationId: 'fuzz', sender: { externalId: 'fuzz-customer', name: 'Ana' }, text: 'Where is my order?', timestamp: Date.now() };
  const hook = await fetch(`${base}/webhooks/${channel.id}`, { method: 'POST', headers: signByocRequest(secret, body), body: JSON.stringify(body) });
  const caseId = ((await hook.json()) as { caseIds: string[] }).caseIds[0];
  const theCase = await (await api(`/api/v1/cases/${caseId}`)).json();
  return { PARLEY_FUZZ_CHANNEL_ID: channel.id as string, PARLEY_FUZZ_CASE_ID: caseId, PARLEY_FUZZ_CONTACT_ID: theCase.contactId as string };
}

/** Runs in `cwd` (a temp dir): schemathesis and Hypothesis leave their caches in the working directory. */
function run(cmd: string, args: string[], timeoutMs: number, env: Record<string, string>, cwd: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env, NO_COLOR: '1', PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => { output += `\n[killed after ${timeoutMs} ms]`; child.kill('SIGKILL'); }, timeoutMs);
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

describe('OpenAPI fuzz run (schemathesis)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-fuzz-'));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) { c.kill('SIGTERM'); await new Promise((r) => c.once('exit', r)); }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every operation answers with a documented status, content type and body', async () => {
    expect(existsSync(schemathesis), `schemathesis is not installed in ${schemathesis}: run \`npm install\` (scripts/provision-schemathesis.mjs)`).toBe(true);
    const port = await freePort();
    const parley = startParley({
      PARLEY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
      TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_TASK_QUEUE: `parley-fuzz-${port}`, TEMPORAL_UI: 'false',
    });
    children.push(parley.child);
    await parley.ready;

    const base = `http://127.0.0.1:${port}`;
    const ids = await seed(base);
    expect(Object.values(ids).every(Boolean)).toBe(true);
    const { code, output } = await run(schemathesis, [
      '--config-file', CONFIG, 'run', `${base}/api/openapi.json`, '--url', base,
      '--header', `Authorization: Bearer ${ADMIN_TOKEN}`,
      '--checks', 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance',
      '--phases', process.env.PARLEY_FUZZ_PHASES ?? 'examples,coverage,fuzzing',
      '--max-examples', process.env.PARLEY_FUZZ_EXAMPLES ?? '8',
      '--seed', process.env.PARLEY_FUZZ_SEED ?? '20261127',
      '--generation-database', 'none',
      '--workers', '2',
      '--request-timeout', '10',
      ...(process.env.PARLEY_FUZZ_MAX_TIME ? ['--max-time', process.env.PARLEY_FUZZ_MAX_TIME] : []),
      '--no-color',
    ], 170_000, ids, dataDir);
    // The run's own summary (operations tested, phases, failures) in the test output, each line marked as
    // schemathesis's and without its pytest-style '====' banners: CI reads a closing line such as
    // '==== No issues found in 40s ====' as the test runner's own verdict.
    console.log(fuzzSummary(output));
    // On failure: each failure with its curl reproduction (the section before the long warnings).
    const [from, to] = [output.indexOf('= FAILURES ='), output.indexOf('= WARNINGS =')];
    const failures = from < 0 ? output.slice(-20_000) : output.slice(from, to > from ? to : undefined);
    expect(code, `schemathesis found problems:\n${failures.slice(0, 30_000)}`).toBe(0);
  }, 240_000);
});

/** Schemathesis's SUMMARY section, one `schemathesis │` prefix a line, without pytest-like banners or 'in 40.2s' endings. */
function fuzzSummary(output: string): string {
  return output.slice(Math.max(0, output.lastIndexOf('SUMMARY')))
    .split('\n')
    .map((line) => line.replace(/={3,}/g, '').replace(/ in (\d+(?:\.\d+)?)s\b/g, ', took $1 s').trim())
    .filter(Boolean)
    .map((line) => `schemathesis │ ${line}`)
    .join('\n');
}
