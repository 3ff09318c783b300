// The case workflow's message definitions, shared by the workflow and its callers (ingest, API).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AgentReplySignal, CaseState, ChangeStatusRequest, InboundMessageSignal } from './contract';
import type { AcceptRequest, AssignRequest, RerouteSignal, RoutingView, TransferRequest, UnassignRequest } from './routing-contract';

/** The customer wrote; deduplicated by messageId inside the workflow. */
export const inboundMessageSignal = defineSignal<[InboundMessageSignal]>('inboundMessage');
/** An agent reply was stored; the workflow delivers it. Deduplicated by messageId. */
export const agentReplySignal = defineSignal<[AgentReplySignal]>('agentReply');
/** Moves the case to another status; an illegal move is rejected by the validator. Returns the new state. */
export const changeStatusUpdate = defineUpdate<CaseState, [ChangeStatusRequest]>('changeStatus');
/** The workflow's current view of the case. */
export const caseStateQuery = defineQuery<CaseState>('caseState');

// Routing (issue #10). Manual moves are Updates so they serialise with status changes and messages.
/** Route the case again: its agent went offline, or the backlog sweeper found a free agent. */
export const rerouteSignal = defineSignal<[RerouteSignal]>('reroute');
/** The offered agent accepts the case. Refused when the case is not offered to them. */
export const acceptCaseUpdate = defineUpdate<RoutingView, [AcceptRequest]>('acceptCase');
/** Assigns the case to a named agent (a person's decision: capacity is not enforced). */
export const assignCaseUpdate = defineUpdate<RoutingView, [AssignRequest]>('assignCase');
/** Transfers to an agent, or to a skill (routed again within that skill), with a note. */
export const transferCaseUpdate = defineUpdate<RoutingView, [TransferRequest]>('transferCase');
/** Takes the case from its agent and routes it again without them. */
export const unassignCaseUpdate = defineUpdate<RoutingView, [UnassignRequest]>('unassignCase');
/** Where routing stands for this case. */
export const routingStateQuery = defineQuery<RoutingView>('routingState');
