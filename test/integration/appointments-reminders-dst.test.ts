// The appointment workflow against Temporal's time-skipping test server, with fake activities that
// record when they ran (in workflow time): real 24 h and 1 h reminders for a Sunday 10:00 Madrid
// appointment on the day the clocks go forward (2027-03-28). The day-before reminder keeps 10:00
// local (09:00Z on Saturday, 23 real hours before), the hour-before one is 60 minutes before
// (07:00Z), and the flow completes at the end of the slot — months of timers skipped in seconds.
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping';
import { reminderSchedule } from '../../model/appointments/reminders';
import { appointmentWorkflowId, type AppointmentActivities, type OfferedSlot, type ReminderDue } from '../../workflows/appointments/contract';
import { appointmentReplySignal, appointmentStateQuery } from '../../workflows/appointments/messages';
import { appointmentWorkflow } from '../../workflows/appointments/workflow';

const workflowsPath = fileURLToPath(new URL('../../workflows/appointments/index.ts', import.meta.url));
const taskQueue = `appointment-workflow-test-${Date.now()}`;
const START = Date.parse('2027-03-28T08:00:00Z'); // Sunday 10:00 CEST, hours after the change at 01:00Z
const SLOT: OfferedSlot = { id: 'o1-1', start: START, end: START + 30 * 60_000, agentId: 'usr_ana' };

const calls: { name: string; at: number; arg?: unknown }[] = [];
const scheduledAt = () => Context.current().info.scheduledTimestampMs;
const record = (name: string, arg?: unknown) => calls.push({ name, at: scheduledAt(), arg });

const activities: AppointmentActivities = {
  async offerSlots() {
    record('offerSlots');
    return { slots: [SLOT], expiresAt: scheduledAt() + 7 * 86_400_000 };
  },
  async interpretReply() { return { kind: 'pick', slotId: 'o1-1' }; },
  async askAgain() { record('askAgain'); },
  async holdSlot() { record('holdSlot'); return { ok: true, bookingId: 'bk_1' }; },
  async confirmBooking() {
    record('confirmBooking');
    // The real schedule, from the booking time (workflow time) and the service's defaults.
    return { ok: true, reminders: reminderSchedule(START, [86_400, 3600], 'Europe/Madrid', scheduledAt()) };
  },
  async sendReminder(_id, _step, reminder: ReminderDue) { record('sendReminder', reminder); },
  async startRescheduling() { record('startRescheduling'); },
  async cancel() { record('cancel'); },
  async complete() { record('complete'); },
};

let ts: TimeSkipping;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  ts = await startTimeSkipping({ workflowsPath, taskQueue, activities });
  env = ts.env;
}, 120_000);

afterAll(async () => {
  await ts?.stop();
});

describe('appointment reminders on durable timers, across a DST change', () => {
  it('fires the 24 h reminder at 10:00 local the day before (23 h), the 1 h reminder 60 min before, then completes', async () => {
    const handle = await env.client.workflow.start(appointmentWorkflow, {
      workflowId: appointmentWorkflowId(`appt-dst-${Date.now()}`), taskQueue, args: [{ appointmentId: 'appt_1', accountId: 'acct_1', caseId: 'case_1' }],
    });
    for (let i = 0; i < 200 && (await handle.query(appointmentStateQuery)).status !== 'awaiting_pick'; i++) await new Promise((r) => setTimeout(r, 50));
    await handle.signal(appointmentReplySignal, { messageId: 'msg_pick' });
    expect(await handle.result()).toEqual({ status: 'completed' });

    expect(calls.map((c) => c.name)).toEqual(['offerSlots', 'holdSlot', 'confirmBooking', 'sendReminder', 'sendReminder', 'complete']);
    const [dayBefore, hourBefore] = calls.filter((c) => c.name === 'sendReminder');
    expect((dayBefore.arg as ReminderDue).at).toBe(Date.parse('2027-03-27T09:00:00Z'));
    expect((hourBefore.arg as ReminderDue).at).toBe(Date.parse('2027-03-28T07:00:00Z'));
    // The timers fired then, in workflow time (a few real milliseconds of slack).
    expect(Math.abs(dayBefore.at - Date.parse('2027-03-27T09:00:00Z'))).toBeLessThan(2_000);
    expect(Math.abs(hourBefore.at - Date.parse('2027-03-28T07:00:00Z'))).toBeLessThan(2_000);
    expect(START - dayBefore.at).toBeGreaterThan(23 * 3_600_000 - 2_000);
    expect(START - dayBefore.at).toBeLessThan(23 * 3_600_000 + 2_000);
    const done = calls.find((c) => c.name === 'complete')!;
    expect(Math.abs(done.at - SLOT.end)).toBeLessThan(2_000);
  }, 120_000);
});
