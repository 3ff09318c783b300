// Creates the Temporal worker that runs case workflows and their activities.
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import type { CaseActivityDeps } from './activities/case-activities';
import { createCaseActivities } from './activities/case-activities';

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
  deps: CaseActivityDeps;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createCaseActivities(opts.deps),
    maxCachedWorkflows: opts.maxCachedWorkflows,
  });
}
