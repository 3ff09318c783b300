// Bundling the workflows is the cheap proof that workflow code imports nothing the Temporal
// workflow sandbox rejects (Node built-ins, activity implementations, DB code). The case bundle
// must also stay small: each cached workflow instantiates every module of its bundle, and a
// business has many long-lived cases, so the rule model (and zod) live in the rules bundle only.
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { ruleWorkflowsPath, workflowsPath } from '../../workflows/worker';

const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

describe('workflow bundles', () => {
  it('bundles the case workflows (with xstate) without the rule model or zod', async () => {
    const bundle = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
    expect(bundle.code).toContain('caseWorkflow');
    expect(bundle.code).toContain('xstate');
    expect(bundle.code).not.toContain('ruleRunWorkflow');
    expect(bundle.code).not.toMatch(/node_modules\/zod\//);
    expect(bundle.code).not.toContain('model/rules/interpreter');
  }, 120_000);

  it('bundles the rule runs (the pure interpreter) for the workflow sandbox', async () => {
    const bundle = await bundleWorkflowCode({ workflowsPath: ruleWorkflowsPath, logger: quietLogger });
    expect(bundle.code).toContain('ruleRunWorkflow');
    expect(bundle.code).toContain('scheduledRuleWorkflow');
    expect(bundle.code).toContain('model/rules/interpreter');
  }, 120_000);
});
