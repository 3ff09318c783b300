// A schedule-triggered rule becomes a Temporal Schedule when published through the API: each due
// time records a `schedule` event and runs the rule (here: it calls the fake middleware). Disabling
// the rule deletes the Schedule.
import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startByocMiddleware, type ByocMiddleware } from '../fakes/byoc-middleware';
import { eventually, startHarness, type Harness } from '../support/parley-harness';
import { chain } from '../support/rule-fixtures';
import { rulesTaskQueue } from '../../workflows/task-queues';

describe('schedule-triggered rules', () => {
  let h: Harness;
  let receiver: ByocMiddleware;

  beforeAll(async () => {
    receiver = await startByocMiddleware({ secret: 'whsec_' + Buffer.alloc(32, 13).toString('base64'), respondWith: { status: 200, json: { ok: true } } });
    h = await startHarness({ temporalAddress: inject('temporalAddress') });
  });
  afterAll(async () => {
    await h?.stop();
    await receiver?.close();
  });

  it('publish creates the Schedule; a due time runs the rule; disabling removes the Schedule', async () => {
    expect((await h.api('/api/v1/settings/automation', { method: 'PUT', json: { allowPrivateUrls: true } })).status).toBe(200);
    const created = await h.api('/api/v1/rules', {
      method: 'POST',
      json: {
        name: 'Morning report',
        draft: chain({ trigger: 'schedule', config: { cron: '0 9 * * 1-5', timeZone: 'Europe/Madrid' } },
          { kind: 'action', action: 'call_url', input: { url: receiver.url, body: { report: 'morning', due: '{{trigger.scheduledFor}}' } } }),
      },
    });
    expect(created.status).toBe(201);
    const ruleId = (await created.json()).id as string;
    expect((await h.api(`/api/v1/rules/${ruleId}/publish`, { method: 'POST', json: {} })).status).toBe(201);

    const handle = h.parley.client!.schedule.getHandle(`rule-schedule-${ruleId}`);
    const description = await handle.describe();
    expect(description.spec.timezone).toBe('Europe/Madrid');
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'scheduledRuleWorkflow', taskQueue: rulesTaskQueue(h.config.temporal.taskQueue) });

    // Run it now instead of waiting for 9:00.
    await handle.trigger();
    const [request] = await receiver.waitFor(1, 30_000);
    expect(request.body).toMatchObject({ report: 'morning' });
    const run = await eventually(() => h.parley.db.$client.prepare(`select status, event_id from rule_runs where rule_id = ? and status != 'running'`).get(ruleId) as { status: string; event_id: string } | undefined);
    expect(run.status).toBe('completed');
    const event = h.parley.db.$client.prepare('select type, payload from rule_events where id = ?').get(run.event_id) as { type: string; payload: string };
    expect(event.type).toBe('schedule');
    expect(JSON.parse(event.payload)).toMatchObject({ ruleId, scheduledFor: expect.any(Number) });

    expect((await h.api(`/api/v1/rules/${ruleId}`, { method: 'PATCH', json: { enabled: false } })).status).toBe(200);
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});
