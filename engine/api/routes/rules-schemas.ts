// OpenAPI schemas of the rules API (rules, versions, runs, events, dry-run, replay).
import { z } from '@hono/zod-openapi';
import { IdParam } from '../schemas';

export const rulesTags = ['Rules'];

export const RuleIdParam = IdParam('Rule');

/** A rule graph as drawn in the editor (see model/rules/graph.ts); drafts may be incomplete. */
export const GraphJson = z.record(z.string(), z.unknown()).openapi('RuleGraph', {
  description: 'A rule graph: `{ nodes: [...], edges: [...] }` (trigger, condition, branch, switch, delay, action and step nodes joined by edges).',
  example: { nodes: [{ id: 'trigger', kind: 'trigger', trigger: 'message.created', position: { x: 0, y: 0 }, config: {} }], edges: [] },
});

export const RuleIssueSchema = z.object({
  nodeId: z.string().nullable().openapi({ description: 'The node the problem is on; null for the graph as a whole.' }),
  path: z.string().openapi({ example: 'nodes.tag1.input.tag' }),
  message: z.string(),
}).openapi('RuleIssue');

export const RuleSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  folder: z.string(),
  priority: z.number().int().openapi({ description: 'Lower runs first among rules matching the same event.' }),
  enabled: z.boolean(),
  activeVersion: z.number().int().nullable().openapi({ description: 'The published version that runs; null when never published.' }),
  triggerType: z.string().nullable(),
  triggerChannels: z.array(z.string()).nullable(),
  triggerKey: z.string().nullable(),
  hasUnpublishedChanges: z.boolean(),
  draftUpdatedAt: z.string(),
  runs: z.object({
    lastRunAt: z.string().nullable(),
    lastStatus: z.string().nullable(),
    lastWeek: z.record(z.string(), z.number().int()).openapi({ description: 'Runs of the last 7 days by status.' }),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi('RuleSummary');

export const RuleSchema = RuleSummarySchema.extend({ draft: z.unknown().openapi({ description: 'The draft graph, as saved (may be invalid).' }) }).openapi('Rule');

export const RuleVersionSchema = z.object({
  version: z.number().int(),
  status: z.enum(['published', 'archived']),
  note: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
  rolledBackFrom: z.number().int().nullable(),
}).openapi('RuleVersion');

export const RuleVersionWithGraphSchema = RuleVersionSchema.extend({ graph: GraphJson }).openapi('RuleVersionWithGraph');

const PathEntrySchema = z.object({ nodeId: z.string(), outcome: z.string(), detail: z.string().optional() });

export const RunSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  version: z.number().int(),
  eventId: z.string(),
  caseId: z.string().nullable(),
  status: z.enum(['running', 'completed', 'failed', 'stopped', 'no_match']),
  path: z.array(z.unknown()).openapi({ description: 'The nodes the run passed through: { nodeId, outcome, detail? }.' }),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  historyDeletedAt: z.string().nullable().openapi({ description: 'When the run\'s Temporal history was deleted because a privacy action (mask card numbers, delete a message) changed text it had read; this record stays, scrubbed.' }),
}).openapi('RuleRun');

export const RuleEventItemSchema = z.object({
  id: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  channelId: z.string().nullable(),
  caseId: z.string().nullable(),
  messageId: z.string().nullable(),
  summary: z.string().openapi({ example: 'message.created · whatsapp · "Quiero un reembolso"' }),
}).openapi('RuleEventItem');

export const RuleEventJson = z.record(z.string(), z.unknown()).openapi('RuleEvent', {
  description: 'A rule event (model/rules/event.ts): { id, type, accountId, occurredAt, channel?, case?, contact?, message?, change?, key?, payload?, scheduledFor? }.',
});

export const DryRunResultSchema = z.object({
  outcome: z.enum(['completed', 'no_match', 'failed']),
  path: z.array(PathEntrySchema),
  actions: z.array(z.object({
    nodeId: z.string(), kind: z.enum(['action', 'step']), name: z.string(), input: z.record(z.string(), z.unknown()).openapi({ description: 'With variables resolved.' }),
    output: z.unknown().openapi({ description: 'The sample output later nodes saw.' }),
  })),
  delays: z.array(z.object({ nodeId: z.string(), ms: z.number() })),
  error: z.string().optional(),
  event: RuleEventJson,
}).openapi('DryRunResult');

const ReplayTally = z.object({
  fired: z.number().int().openapi({ description: 'Events on which the rule ran at least one action.' }),
  failed: z.number().int(),
  actions: z.record(z.string(), z.number().int()).openapi({ description: 'How many times each action or step would have run.' }),
});

const ReplayOutcome = z.object({
  outcome: z.enum(['completed', 'no_match', 'failed']),
  actions: z.array(z.object({ nodeId: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()) })),
});

export const ReplayResultSchema = z.object({
  days: z.number().int(),
  since: z.string(),
  events: z.number().int(),
  draft: ReplayTally,
  published: ReplayTally.extend({ version: z.number().int() }).nullable(),
  changedCount: z.number().int(),
  changed: z.array(z.object({
    eventId: z.string(), occurredAt: z.string(), summary: z.string(), draft: ReplayOutcome, published: ReplayOutcome.nullable(),
  })).openapi({ description: 'The first 50 events on which the draft and the published version behave differently.' }),
}).openapi('ReplayResult');
