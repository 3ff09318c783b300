// Agents' commands on a running appointment: cancel or reschedule, as signals to its workflow.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { appointmentWorkflowId } from '../../workflows/appointments/contract';
import { appointmentCommandSignal } from '../../workflows/appointments/messages';
import { temporalUnavailable } from '../cases/case-commands';
import type { Db } from '../db/open-database';
import { ParleyError } from '../errors';
import { getAppointment, type AppointmentStatus } from './appointment-store';

const CAN: Record<'cancel' | 'reschedule', AppointmentStatus[]> = {
  cancel: ['offering', 'awaiting_pick', 'holding', 'confirmed', 'reminded', 'rescheduling'],
  reschedule: ['awaiting_pick', 'confirmed', 'reminded'],
};

export async function commandAppointment(deps: { db: Db; client: Client }, accountId: string, id: string, kind: 'cancel' | 'reschedule', actorId: string, reason?: string) {
  const row = getAppointment(deps.db, accountId, id);
  if (!CAN[kind].includes(row.status)) {
    throw new ParleyError(409, 'appointment_not_changeable', `An appointment that is ${row.status.replace('_', ' ')} cannot be ${kind === 'cancel' ? 'cancelled' : 'rescheduled'}.`);
  }
  try {
    await deps.client.workflow.getHandle(appointmentWorkflowId(id)).signal(appointmentCommandSignal, { kind, actorId, ...(reason ? { reason } : {}) });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new ParleyError(409, 'appointment_not_changeable', 'The appointment\'s flow has already ended.');
    throw temporalUnavailable(err);
  }
  return row;
}
