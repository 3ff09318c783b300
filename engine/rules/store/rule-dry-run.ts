// Dry-run: evaluates a rule's draft (or a version, or a graph sent along) against one event, a
// recorded one or one pasted by a person, with the same pure interpreter the workflows use.
// Nothing is executed and nothing is written.
import { z } from 'zod';
import type { Db } from '../../db/open-database';
import { ParleyError } from '../../errors';
import { zodIssues } from '../../validation';
import type { CustomStepCatalogue } from '../../../model/rules/catalogue';
import { buildRunContext } from '../../../model/rules/context';
import { dryRun, type DryRunResult } from '../../../model/rules/dry-run';
import type { RuleEvent } from '../../../model/rules/event';
import type { RuleGraph } from '../../../model/rules/graph';
import { TRIGGER_TYPES } from '../../../model/rules/trigger-types';
import { validateGraph } from '../../../model/rules/validate-graph';
import { invalidRule } from './graph-issues';
import { getRuleEvent } from './rule-events-queries';
import { getRuleRow } from './rule-store';
import { getVersionRow } from './rule-versions';
import { getRuleSettings } from './settings-store';

const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

/** A pasted event: the type is required; snapshots need their ids, and lists and maps default to empty. */
export const PastedEventSchema = loose({
  id: z.string().min(1).max(200).default('evt_dry_run'),
  type: z.enum(TRIGGER_TYPES),
  occurredAt: z.number().int().nonnegative().optional(),
  channel: loose({ id: z.string(), type: z.string(), name: z.string().default('') }).optional(),
  case: loose({
    id: z.string(), status: z.enum(['new', 'open', 'pending', 'escalated', 'resolved', 'closed']).default('open'),
    priority: z.number().default(0), tags: z.array(z.string()).default([]), skillId: z.string().nullable().default(null),
    assigneeId: z.string().nullable().default(null), customFields: z.record(z.string(), z.unknown()).default({}),
    channelId: z.string().default(''), contactId: z.string().default(''), threadId: z.string().default(''),
    createdAt: z.number().default(0), statusUpdatedAt: z.number().default(0),
    lastInboundAt: z.number().nullable().default(null), lastOutboundAt: z.number().nullable().default(null),
  }).optional(),
  contact: loose({
    id: z.string(), name: z.string().nullable().default(null), email: z.string().nullable().default(null),
    phone: z.string().nullable().default(null), customFields: z.record(z.string(), z.unknown()).default({}),
  }).optional(),
  message: loose({
    id: z.string().default('msg_dry_run'), direction: z.enum(['in', 'out']).default('in'),
    authorType: z.enum(['customer', 'agent', 'system']).default('customer'), text: z.string().default(''), tags: z.array(z.string()).default([]),
  }).optional(),
  change: z.object({ from: z.string().nullable(), to: z.string().nullable() }).optional(),
  key: z.string().optional(),
  payload: z.unknown().optional(),
  scheduledFor: z.number().optional(),
});

export function pastedEvent(raw: unknown, accountId: string, now: number): RuleEvent {
  const parsed = PastedEventSchema.safeParse(raw);
  if (!parsed.success) throw new ParleyError(422, 'invalid_event', 'The event is not a rule event.', zodIssues(parsed.error, 'event'));
  return { ...parsed.data, accountId, occurredAt: parsed.data.occurredAt ?? now } as RuleEvent;
}

export interface DryRunRequest {
  eventId?: string;
  event?: unknown;
  /** Evaluate this graph instead of the draft (the editor's unsaved canvas). */
  graph?: unknown;
  /** Evaluate this published version instead of the draft. */
  version?: number;
  /** Outputs to pretend actions returned, by node id (e.g. a `Call a URL` response body). */
  sampleOutputs?: Record<string, unknown>;
}

/** A graph ready for the interpreter, or 422 with the issues. */
export function runnableGraph(graph: unknown, steps: CustomStepCatalogue, what: string): RuleGraph {
  const result = validateGraph(graph, { steps });
  if (!result.ok) throw invalidRule(result.issues, what);
  return result.graph;
}

/** Runs the interpreter over one event, as of the time the event happened. */
export function evaluate(graph: RuleGraph, event: RuleEvent, db: Db, steps: CustomStepCatalogue,
  settings = getRuleSettings(db, event.accountId), sampleOutputs?: Record<string, unknown>): DryRunResult {
  try {
    return dryRun(graph, buildRunContext(event, settings, event.occurredAt), { steps, sampleOutputs });
  } catch (err) {
    return { outcome: 'failed', path: [], actions: [], delays: [], error: err instanceof Error ? err.message : String(err) };
  }
}

export function dryRunRule(db: Db, accountId: string, ruleId: string, req: DryRunRequest, steps: CustomStepCatalogue, now = Date.now()) {
  const rule = getRuleRow(db, accountId, ruleId);
  const graph = req.graph !== undefined ? runnableGraph(req.graph, steps, 'The graph')
    : req.version !== undefined ? runnableGraph(getVersionRow(db, accountId, ruleId, req.version).graph, steps, `Version ${req.version}`)
    : runnableGraph(rule.draft, steps, 'The draft');
  let event: RuleEvent;
  if (req.eventId !== undefined) event = getRuleEvent(db, accountId, req.eventId);
  else if (req.event !== undefined) event = pastedEvent(req.event, accountId, now);
  else throw new ParleyError(400, 'validation_failed', 'Pick a recorded event (`eventId`) or paste one (`event`).', [{ path: 'eventId', message: 'eventId or event is required' }]);
  return { ...evaluate(graph, event, db, steps, undefined, req.sampleOutputs), event };
}
