// Bundling the workflows is the cheap proof that workflow code imports nothing the Temporal
// workflow sandbox rejects (Node built-ins, activity implementations, DB code).
import { bundleWorkflowCode } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

describe('workflow bundle', () => {
  it('bundles workflows/index.ts (with xstate) for the workflow sandbox', async () => {
    const bundle = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
    expect(bundle.code).toContain('caseWorkflow');
    expect(bundle.code).toContain('xstate');
  }, 120_000);
});
