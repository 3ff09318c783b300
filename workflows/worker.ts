// Creates the Temporal workers of one Parley process: one for case workflows (the configured task
// queue) and one for rule runs (its `-rules` sibling), each with its own workflow bundle and the
// activities its workflows call. They share one connection.
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import type { CaseActivityDeps } from './activities/case-activities';
import { createCaseActivities } from './activities/case-activities';
import { createRoutingActivities } from './activities/routing-activities';
import { createRuleRunActivities, type RuleActivityDeps } from './rules/activities/rule-run-activities';
import { rulesTaskQueue } from './task-queues';
import { createOutreachActivities } from './outreach/activities';
import { createPaymentsActivities } from './payments/activities';
import { createAppointmentsActivities } from './appointments/activities';
import { createTeamsFileActivities } from './teams/activities';

export const workflowsPath = fileURLToPath(new URL('./index.ts', import.meta.url));
export const ruleWorkflowsPath = fileURLToPath(new URL('./rules/index.ts', import.meta.url));

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();
/** Bundling takes seconds; do it once per process and path, and share it between workers. */
export function workflowBundle(path = workflowsPath) {
  let bundle = bundles.get(path);
  if (!bundle) bundles.set(path, (bundle = bundleWorkflowCode({ workflowsPath: path, logger: quietLogger })));
  return bundle;
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } as any;

export async function createWorkers(opts: {
  connection: NativeConnection;
  namespace: string;
  /** The case workflows' task queue; rule runs use rulesTaskQueue() of it. */
  taskQueue: string;
  maxCachedWorkflows?: number;
  deps: CaseActivityDeps & RuleActivityDeps;
}): Promise<Worker[]> {
  const [caseBundle, ruleBundle] = await Promise.all([workflowBundle(workflowsPath), workflowBundle(ruleWorkflowsPath)]);
  return Promise.all([
    Worker.create({
      connection: opts.connection, namespace: opts.namespace, taskQueue: opts.taskQueue,
      workflowBundle: caseBundle, maxCachedWorkflows: opts.maxCachedWorkflows,
      activities: {
        ...createCaseActivities(opts.deps),
        ...createRoutingActivities(opts.deps),
        ...createOutreachActivities(opts.deps),
        ...createPaymentsActivities(opts.deps),
        ...createAppointmentsActivities(opts.deps),
        ...createTeamsFileActivities(opts.deps),
      },
    }),
    Worker.create({
      connection: opts.connection, namespace: opts.namespace, taskQueue: rulesTaskQueue(opts.taskQueue),
      workflowBundle: ruleBundle, activities: createRuleRunActivities(opts.deps), maxCachedWorkflows: opts.maxCachedWorkflows,
    }),
  ]);
}
