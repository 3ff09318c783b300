// The case workflow's message definitions, shared by the workflow and its callers (ingest, API).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AgentReplySignal, CaseState, ChangeStatusRequest, InboundMessageSignal } from './contract';

/** The customer wrote; deduplicated by messageId inside the workflow. */
export const inboundMessageSignal = defineSignal<[InboundMessageSignal]>('inboundMessage');
/** An agent reply was stored; the workflow delivers it. Deduplicated by messageId. */
export const agentReplySignal = defineSignal<[AgentReplySignal]>('agentReply');
/** Moves the case to another status; an illegal move is rejected by the validator. Returns the new state. */
export const changeStatusUpdate = defineUpdate<CaseState, [ChangeStatusRequest]>('changeStatus');
/** The workflow's current view of the case. */
export const caseStateQuery = defineQuery<CaseState>('caseState');
