// API-triggered events (`POST /rules/events/{key}`): the account's live rules listening on the key,
// the payload checked against each rule's declared schema, then one rule event recorded. An
// Idempotency-Key makes a retried request find the event it already recorded.
import { createHash } from 'node:crypto';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { ruleEvents, ruleVersions, rules } from '../../db/schema';
import { ParleyError, type FieldIssue } from '../../errors';
import { newId } from '../../ids';
import { recordRuleEvent } from '../events/record-event';
import type { RuleGraph, TriggerNode } from '../../../model/rules/graph';
import { validatePayload } from '../../../model/rules/payload-schema';

/** The event id for a request with an Idempotency-Key: the same account, key and header give the same id. */
export const apiEventId = (accountId: string, key: string, idempotencyKey: string) =>
  `evt_api_${createHash('sha256').update(`${accountId}\n${key}\n${idempotencyKey}`).digest('hex').slice(0, 32)}`;

/** The live rules (published, enabled, not deleted) triggered by this key, with their declared payload schema. */
export function rulesForApiEvent(db: Db, accountId: string, key: string) {
  return db.select({ id: rules.id, name: rules.name, graph: ruleVersions.graph }).from(rules)
    .innerJoin(ruleVersions, and(eq(ruleVersions.ruleId, rules.id), eq(ruleVersions.version, rules.activeVersion)))
    .where(and(
      eq(rules.accountId, accountId), eq(rules.triggerType, 'api.event'), eq(rules.triggerKey, key),
      eq(rules.enabled, true), isNull(rules.deletedAt), isNotNull(rules.activeVersion),
    )).all()
    .map((r) => {
      const trigger = (r.graph as RuleGraph).nodes.find((n): n is TriggerNode => n.kind === 'trigger');
      const schema = trigger?.config.payloadSchema;
      return { id: r.id, name: r.name, payloadSchema: schema && typeof schema === 'object' ? (schema as Record<string, unknown>) : null };
    });
}

export interface ApiEventResult { eventId: string; rules: number; duplicate: boolean }

export function recordApiEvent(db: Db, accountId: string, key: string, payload: unknown, idempotencyKey?: string, now = Date.now()): ApiEventResult {
  const listening = rulesForApiEvent(db, accountId, key);
  if (!listening.length) {
    throw new ParleyError(404, 'no_rule_for_event', `No published, enabled rule of this account is triggered by the API event "${key}".`);
  }
  const issues = new Map<string, FieldIssue>();
  for (const rule of listening) {
    if (!rule.payloadSchema) continue;
    for (const issue of validatePayload(rule.payloadSchema, payload)) issues.set(`${issue.path}\n${issue.message}`, issue);
  }
  if (issues.size) {
    throw new ParleyError(422, 'invalid_payload', `The payload does not match the schema the rule${listening.length > 1 ? 's' : ''} for "${key}" declare${listening.length > 1 ? '' : 's'}.`, [...issues.values()]);
  }
  const id = idempotencyKey ? apiEventId(accountId, key, idempotencyKey) : newId('evt', now);
  return db.transaction((tx) => {
    const seen = tx.select({ id: ruleEvents.id }).from(ruleEvents).where(and(eq(ruleEvents.id, id), eq(ruleEvents.accountId, accountId))).get();
    if (seen) return { eventId: id, rules: listening.length, duplicate: true };
    recordRuleEvent(tx, { id, type: 'api.event', accountId, occurredAt: now, key, payload });
    return { eventId: id, rules: listening.length, duplicate: false };
  }, { behavior: 'immediate' });
}
