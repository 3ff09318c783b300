// Example custom step: opens a ticket in an external help desk with a Zendesk-style API
// (POST <apiUrl>/api/v2/tickets). The Idempotency-Key is the run id and the node id, which stay the
// same on every retry: if a first attempt created the ticket but its answer got lost, the retry gets
// the same ticket back instead of opening a second one.
import { z } from 'zod';
import { defineStep, nonRetryable } from '../engine/steps/define-step';

const TicketAnswer = z.object({
  ticket: z.object({ id: z.union([z.number(), z.string()]), url: z.string().optional(), html_url: z.string().optional() }),
});

export const createTicket = defineStep({
  id: 'tickets.create',
  title: 'Create ticket',
  description: 'Opens a ticket in your help desk (Zendesk-style POST /api/v2/tickets). Retries never open a second ticket.',
  group: 'Help desk',
  input: z.object({
    apiUrl: z.url({ protocol: /^https?$/ }).describe('Help desk base URL, e.g. https://acme.zendesk.com'),
    title: z.string().min(1).max(200).describe('Ticket subject; {{variables}} allowed'),
    description: z.string().min(1).max(20_000).describe('First comment; {{variables}} allowed'),
    priority: z.enum(['low', 'normal', 'high']).default('normal').describe('Priority'),
    requester: z.email().describe('Requester email, e.g. {{contact.email}}'),
  }),
  output: z.object({
    ticketId: z.string().describe('The help desk\'s ticket id'),
    url: z.string().describe('Link to the ticket'),
  }),
  retry: { maximumAttempts: 5, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },

  async run({ apiUrl, title, description, priority, requester }, ctx) {
    const base = apiUrl.replace(/\/+$/, '');
    const response = await ctx.fetch(`${base}/api/v2/tickets`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': 'Parley',
        'idempotency-key': `${ctx.runId}:${ctx.nodeId}`,
      },
      body: JSON.stringify({ ticket: { subject: title, comment: { body: description }, priority, requester: { email: requester } } }),
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(15_000)]),
    });
    if (response.status >= 500 || response.status === 429 || response.status === 409) {
      // 409: the same key is still being processed by the first attempt; retry later.
      throw new Error(`The help desk answered ${response.status}; trying again.`);
    }
    const answer: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = (answer as { error?: unknown; description?: unknown } | null)?.description ?? (answer as { error?: unknown } | null)?.error;
      throw nonRetryable(`The help desk refused the ticket with ${response.status}${typeof detail === 'string' ? `: ${detail}` : ''}.`);
    }
    const parsed = TicketAnswer.safeParse(answer);
    if (!parsed.success) throw nonRetryable('The help desk accepted the ticket but its answer has no ticket id.');
    const { id, html_url, url } = parsed.data.ticket;
    ctx.log.info('Ticket created', { ticketId: String(id), attempt: ctx.attempt });
    return { ticketId: String(id), url: html_url ?? url ?? `${base}/tickets/${id}` };
  },
});
