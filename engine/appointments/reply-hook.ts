// The inbound hook: when a customer's message reaches a case whose newest appointment is still in
// progress, its workflow is signalled with the message id (it reads the message in an activity,
// so the text never enters workflow history). Called by the dispatcher after it relayed the
// message to the case workflow; a Temporal error throws, and the dispatcher retries the row
// (both signals are deduplicated by message id).
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../db/open-database';
import { statement } from '../rules/events/sql-handle';
import { appointmentWorkflowId } from '../../workflows/appointments/contract';
import { appointmentReplySignal } from '../../workflows/appointments/messages';

const ACTIVE = `select id from appointments where case_id = ? and status not in ('completed', 'cancelled') order by created_at desc limit 1`;

export async function signalAppointmentReply(db: Db, client: Client, caseId: string, messageId: string): Promise<void> {
  const row = statement(db, ACTIVE).get(caseId) as { id: string } | undefined;
  if (!row) return;
  try {
    await client.workflow.getHandle(appointmentWorkflowId(row.id)).signal(appointmentReplySignal, { messageId });
  } catch (err) {
    // The flow ended after its row was read: nothing is waiting for the message.
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}
