// One durable workflow per appointment flow in a case. The customer's messages arrive as
// `appointmentReply` signals (from the inbound hook), agents' cancel / reschedule as
// `appointmentCommand`; timers wake it for the offer's expiry, each reminder and the end. Every
// step is decided by the pure appointment machine; its named side effects run as activities, whose
// results come back as events.
import { condition, setHandler } from '@temporalio/workflow';
import { appointmentActivities as act } from './activity-stubs';
import type { AppointmentWorkflowInput, AppointmentWorkflowState } from './contract';
import { nextDeadline, startAppointment, statusOf, stepAppointment, type AppointmentAction, type AppointmentEvent } from './machine';
import { appointmentCommandSignal, appointmentReplySignal, appointmentStateQuery } from './messages';

type InboxItem = { kind: 'reply'; messageId: string } | { kind: 'command'; command: 'cancel' | 'reschedule'; actorId: string; reason?: string };

export async function appointmentWorkflow(input: AppointmentWorkflowInput): Promise<{ status: string }> {
  const id = input.appointmentId;
  let [snapshot, initialActions] = startAppointment();
  // Numbers each side effect, so a retried activity can tell it already applied its step.
  let step = 0;
  const inbox: InboxItem[] = [];
  const seen = new Set<string>();

  setHandler(appointmentReplySignal, ({ messageId }) => {
    if (seen.has(messageId)) return;
    seen.add(messageId);
    inbox.push({ kind: 'reply', messageId });
  });
  setHandler(appointmentCommandSignal, ({ kind, actorId, reason }) => {
    inbox.push({ kind: 'command', command: kind, actorId, ...(reason ? { reason } : {}) });
  });
  setHandler(appointmentStateQuery, (): AppointmentWorkflowState => ({
    status: statusOf(snapshot), offerNo: snapshot.context.offerNo, offered: snapshot.context.offered,
    slot: snapshot.context.slot, bookingId: snapshot.context.bookingId, reminders: snapshot.context.reminders,
  }));

  async function run(action: AppointmentAction): Promise<AppointmentEvent | null> {
    const ctx = snapshot.context;
    step++;
    switch (action) {
      case 'offerSlots': {
        const offer = await act.offerSlots(id, step, { offerNo: ctx.offerNo, reason: ctx.offerReason });
        return { type: 'OFFERED', slots: offer.slots, expiresAt: offer.expiresAt };
      }
      case 'askAgain':
        await act.askAgain(id, step, ctx.unclearReason);
        return null;
      case 'holdSlot': {
        const held = await act.holdSlot(id, step, ctx.slot!);
        return held.ok ? { type: 'HELD', bookingId: held.bookingId } : { type: 'TAKEN' };
      }
      case 'confirmBooking': {
        const confirmed = await act.confirmBooking(id, step, ctx.bookingId!, ctx.slot!);
        return confirmed.ok ? { type: 'CONFIRMED', reminders: confirmed.reminders } : { type: 'LOST' };
      }
      case 'sendReminder':
        if (ctx.dueReminder) await act.sendReminder(id, step, ctx.dueReminder);
        return null;
      case 'startRescheduling':
        await act.startRescheduling(id, step, ctx.rescheduleBy?.by ?? 'agent', ctx.rescheduleBy?.actorId);
        return null;
      case 'cancel':
        await act.cancel(id, step, ctx.cancel ?? { by: 'system', reason: 'cancelled' });
        return null;
      case 'complete':
        await act.complete(id, step);
        return null;
    }
  }

  async function perform(actions: AppointmentAction[]) {
    for (const action of actions) {
      const follow = await run(action);
      if (follow) await feed(follow);
    }
  }

  async function feed(event: AppointmentEvent) {
    const [next, actions] = stepAppointment(snapshot, event);
    snapshot = next;
    await perform(actions);
  }

  await perform(initialActions);
  while (snapshot.status !== 'done') {
    const deadline = nextDeadline(snapshot);
    const woken = deadline === null
      ? await condition(() => inbox.length > 0).then(() => true)
      : await condition(() => inbox.length > 0, Math.max(1, deadline - Date.now()));
    if (!woken) {
      await feed({ type: 'TICK', at: Date.now() });
      continue;
    }
    const item = inbox.shift()!;
    if (item.kind === 'command') {
      await feed({ type: 'COMMAND', kind: item.command, actorId: item.actorId, ...(item.reason ? { reason: item.reason } : {}) });
      continue;
    }
    const status = statusOf(snapshot);
    const phase = status === 'awaiting_pick' ? 'picking' : status === 'confirmed' || status === 'reminded' ? 'booked' : null;
    if (!phase) continue;
    const intent = await act.interpretReply(id, item.messageId, snapshot.context.offered, phase);
    await feed({ type: 'REPLY', intent });
  }
  return { status: statusOf(snapshot) };
}
