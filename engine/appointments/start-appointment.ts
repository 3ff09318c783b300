// Starting an appointment flow in a case (from the API, an agent's case or a rule): the row, then
// the workflow. The id may be given (a rule derives it from its run, so a retried action starts
// nothing twice).
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { appointmentWorkflowId, type AppointmentWorkflowInput } from '../../workflows/appointments/contract';
import { getCaseRow } from '../cases/case-queries';
import { temporalUnavailable } from '../cases/case-commands';
import type { Db } from '../db/open-database';
import { appointments } from '../db/schema-appointments';
import { ParleyError } from '../errors';
import { newId } from '../ids';
import { activeCaseAppointment, PICKING_STATUSES, type AppointmentRow } from './appointment-store';
import { getService } from './service-store';

export interface StartDeps {
  db: Db;
  client: Client;
  taskQueue: string;
}

export async function startAppointmentOffer(deps: StartDeps, req: { accountId: string; caseId: string; serviceId: string; createdBy?: string; appointmentId?: string }): Promise<AppointmentRow> {
  const { db } = deps;
  if (req.appointmentId) {
    const existing = db.select().from(appointments).where(eq(appointments.id, req.appointmentId)).get();
    if (existing) {
      await startWorkflow(deps, existing);
      return existing;
    }
  }
  const theCase = getCaseRow(db, req.accountId, req.caseId);
  if (theCase.status === 'closed') throw new ParleyError(409, 'case_closed', 'This case is closed, and a closed case is final: no appointment can be offered in it.');
  const service = getService(db, req.accountId, req.serviceId);
  const active = activeCaseAppointment(db, req.caseId);
  if (active && PICKING_STATUSES.includes(active.status)) {
    throw new ParleyError(409, 'appointment_in_progress', `The customer is already choosing a time in this case (appointment ${active.id}); cancel it first.`);
  }
  const now = Date.now();
  const row = db.insert(appointments).values({
    id: req.appointmentId ?? newId('appt', now), accountId: req.accountId, caseId: req.caseId, serviceId: service.id,
    status: 'offering', createdBy: req.createdBy ?? null, createdAt: now, updatedAt: now,
  }).returning().get();
  try {
    await startWorkflow(deps, row);
  } catch (err) {
    db.delete(appointments).where(eq(appointments.id, row.id)).run();
    throw temporalUnavailable(err);
  }
  return row;
}

async function startWorkflow(deps: StartDeps, row: AppointmentRow) {
  const input: AppointmentWorkflowInput = { appointmentId: row.id, accountId: row.accountId, caseId: row.caseId };
  try {
    await deps.client.workflow.start('appointmentWorkflow', { workflowId: appointmentWorkflowId(row.id), taskQueue: deps.taskQueue, args: [input] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
