// Creates the Temporal worker that runs case workflows, rule runs and their activities (one task queue).
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import type { CaseActivityDeps } from './activities/case-activities';
import { createCaseActivities } from './activities/case-activities';
import { createRuleRunActivities, type RuleActivityDeps } from './rules/activities/rule-run-activities';

export const workflowsPath = fileURLToPath(new URL('./index.ts', import.meta.url));

let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;
/** Bundling takes seconds; do it once per process and share it between workers. */
export function workflowBundle() {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  return bundle;
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } as any;

export async function createCaseWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  maxCachedWorkflows?: number;
  deps: CaseActivityDeps & RuleActivityDeps;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: { ...createCaseActivities(opts.deps), ...createRuleRunActivities(opts.deps) },
    maxCachedWorkflows: opts.maxCachedWorkflows,
  });
}
