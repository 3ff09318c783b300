// The appointment workflow's signals and query, shared by the workflow and its callers.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AppointmentCommandSignal, AppointmentReplySignal, AppointmentWorkflowState } from './contract';

/** The customer wrote in the case; deduplicated by messageId inside the workflow. */
export const appointmentReplySignal = defineSignal<[AppointmentReplySignal]>('appointmentReply');
/** An agent cancels or reschedules. */
export const appointmentCommandSignal = defineSignal<[AppointmentCommandSignal]>('appointmentCommand');
export const appointmentStateQuery = defineQuery<AppointmentWorkflowState>('appointmentState');
