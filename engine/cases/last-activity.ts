// A case's "last activity" (cases.last_activity_at: the inbox's order with GET /cases?sort=activity)
// is when someone last did something in the case that a colleague scanning the inbox should notice:
//
//   counts                                      written by
//   - a customer message arrives (or opens it)  ingest (engine/ingest/ingest-statements.ts, reroute-to-open-case.ts)
//   - a reply is queued: an agent's, a rule's,  queueReply (engine/cases/case-commands.ts)
//     a payment or appointment flow's message
//   - an agent changes the status               mirrorCaseState (workflows/activities/case-activities.ts), by a person
//   - an agent assigns, transfers or unassigns  updateRouting (PATCH) and the routing moves (engine/routing/route-case.ts)
//   - an agent writes an internal note          engine/workspace/case-notes.ts
//
//   does not count (Parley's bookkeeping or automation): the workflow mirroring its counters and
//   timers, profile enrichment, a customer-card merge, routing's own offers, re-offers and backlog
//   sweeps, an agent accepting an offer, rules and flows changing status, tags, skill or fields,
//   tags and priority (classification, not work on the conversation), delivery receipts.
//
// updated_at still moves on every write (it is the row's own "changed at", and the live stream
// follows rows); only last_activity_at orders the inbox.

/**
 * Whether a change's actor is a person working the case: an agent's user, session or API key id
 * (or `agent`/`api` when the caller did not say which). Not: the customer, `system`, or automation
 * named `<kind>:<id>` (`rule:…`, `campaign:…`, `flow:…`).
 */
export function isAgentActor(actor: string | null | undefined): boolean {
  if (!actor || actor === 'customer' || actor === 'system') return false;
  return !/^[a-z][a-z_-]*:/.test(actor);
}
