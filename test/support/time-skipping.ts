// A workflow under Temporal's time-skipping test server with a worker on given activities: timers
// of days or months pass in seconds, and activities can record when they ran in workflow time
// (Context.current().info.scheduledTimestampMs). For tests of durable timers (reminders, expiry,
// sending windows).
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { resolveTestServer } from '../../engine/temporal/binaries';

export interface TimeSkipping {
  env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

export async function startTimeSkipping(opts: { workflowsPath: string; taskQueue: string; activities: object }): Promise<TimeSkipping> {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: resolveTestServer() } } });
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: opts.taskQueue, workflowsPath: opts.workflowsPath, activities: opts.activities });
  const running = worker.run();
  return {
    env,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
