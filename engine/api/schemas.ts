// Shared OpenAPI/zod schemas of the HTTP API.
import { z } from '@hono/zod-openapi';
import { CASE_STATUSES } from '../../workflows/case/contract';
import { ProblemSchema } from './problem';
import { CASE_EVENT_TYPES } from '../db/schema';

export const CaseStatusSchema = z.enum(CASE_STATUSES).openapi('CaseStatus');

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'Page size (1–200).' }),
  cursor: z.string().optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
};

export const CaseSchema = z
  .object({
    id: z.string(),
    status: CaseStatusSchema,
    channelId: z.string(),
    channelType: z.string().optional(),
    contactId: z.string(),
    contactName: z.string().nullable(),
    threadId: z.string(),
    assigneeId: z.string().nullable(),
    skillId: z.string().nullable(),
    priority: z.number().int(),
    tags: z.array(z.string()),
    preview: z.string().nullable(),
    inboundCount: z.number().int(),
    outboundCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string().openapi({ description: 'When the row last changed, by anyone or anything (Parley\'s own bookkeeping included).' }),
    lastActivityAt: z.string().openapi({ description: 'The last activity, the inbox\'s order with `sort=activity`: a customer message, a reply (agent or rule), an agent\'s status change, assignment, transfer or internal note. Parley\'s bookkeeping (mirroring, profile enrichment, routing offers) does not move it.' }),
    statusUpdatedAt: z.string(),
    statusUpdatedBy: z.string().nullable().openapi({ description: 'Who made the last status change: an agent (API key) id, `customer`, or `system`.' }),
    lastInboundAt: z.string().nullable(),
    lastOutboundAt: z.string().nullable(),
    autoCloseAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .openapi('Case');

export const RenderReportEntrySchema = z.object({
  block: z.string().openapi({ description: 'The block\'s path in the message: `content` or `content.2`.' }),
  type: z.string(),
  outcome: z.enum(['native', 'degraded', 'fallback']),
  detail: z.string().openapi({ description: 'What the renderer did, in a sentence.' }),
}).openapi('RenderReportEntry');

export const SentRenderingSchema = z.object({
  outcome: z.enum(['native', 'degraded', 'fallback']).openapi({ description: 'native: every block in the channel\'s own structure; fallback: every block as text; degraded: in between.' }),
  report: z.array(RenderReportEntrySchema).openapi({ description: 'One entry per block of the message, from the channel\'s renderer.' }),
  text: z.string().nullable().openapi({ description: 'The plain text the customer got for the blocks sent as text; null when none was (or not known for an older message).' }),
}).openapi('SentRendering');

export const MessageSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    direction: z.enum(['in', 'out']),
    authorType: z.enum(['customer', 'agent', 'system']),
    authorId: z.string().nullable(),
    content: z.unknown().openapi({ description: 'Channel-neutral rich content.' }),
    text: z.string().openapi({ description: 'Plain-text fallback of the content.' }),
    deliveryStatus: z.enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed']),
    deliveryError: z.string().nullable(),
    rendering: SentRenderingSchema.nullable().openapi({ description: 'How the channel showed an outbound message, as stored when it was sent (an older message: its content rendered again); null for inbound and unsent messages.' }),
    providerMessageId: z.string().nullable(),
    attachments: z.array(z.object({
      id: z.string(), url: z.string().nullable(), mime: z.string(), name: z.string().nullable(), size: z.number().nullable(),
      consent: z.enum(['waiting', 'accepted', 'delivered', 'declined', 'failed']).optional()
        .openapi({ description: 'A file offered in a Teams personal chat through Teams\' file consent: waiting for the customer to accept, accepted (uploading), delivered (in the chat), declined by the customer, or failed (the message\'s deliveryError says why). Absent for every other file.' }),
    })),
    occurredAt: z.string(),
    createdAt: z.string(),
  })
  .openapi('Message');

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: 'Problem', content: { 'application/problem+json': { schema: ProblemSchema } } }]),
  );

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const IdParam = (name: string) =>
  z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, description: `${name} id` }) });

export const CaseEventSchema = z
  .object({
    type: z.enum(CASE_EVENT_TYPES),
    from: z.string().nullable(),
    to: z.string().nullable(),
    actor: z.string().nullable().openapi({ description: 'An agent (API key or user) id, `customer`, `system`, or `rule:<ruleId>`.' }),
    detail: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'For a rule\'s change: ruleId, ruleName, version, runId, nodeId, action.' }),
    description: z.string().openapi({ description: 'One sentence for the timeline, e.g. "Tag refund added by rule Refunds v3 (run …)".' }),
    at: z.string(),
  })
  .openapi('CaseEvent');
