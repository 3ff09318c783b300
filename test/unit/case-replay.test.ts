// Replays a real case-workflow history (captured from the integration test's full lifecycle run)
// against today's workflow code: a change that breaks determinism for running cases fails here.
// Refresh the fixture only on purpose (see test/integration/case-workflow.test.ts).
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/histories/case-lifecycle.json', import.meta.url));
const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

// Keep the replay worker's lifecycle chatter out of the output; failures still surface as errors.
beforeAll(() => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
});

describe('case workflow replay', () => {
  const history = JSON.parse(readFileSync(fixture, 'utf8')) as { events: { eventType: string }[] };

  it('the fixture covers signals, updates, activities, the auto-close timer and completion', () => {
    const types = new Set(history.events.map((e) => e.eventType.replace('EVENT_TYPE_', '')));
    for (const type of [
      'WORKFLOW_EXECUTION_SIGNALED',
      'WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
      'ACTIVITY_TASK_COMPLETED',
      'TIMER_FIRED',
      'WORKFLOW_EXECUTION_COMPLETED',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('replays the captured lifecycle without a determinism error', async () => {
    const workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
    await expect(Worker.runReplayHistory({ workflowBundle }, history, 'case-lifecycle')).resolves.toBeUndefined();
  }, 120_000);
});
