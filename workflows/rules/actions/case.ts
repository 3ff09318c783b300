// Case actions: status (through the case workflow's `changeStatus` Update, which refuses illegal
// moves), tags on the case or the triggering message, custom fields on the case or contact,
// priority, skill and agent. Each change is written with an audit entry naming the rule and run
// (actor `rule:<ruleId>`), and is idempotent: doing it again (an activity retry) changes nothing.
import { and, eq } from 'drizzle-orm';
import { changeStatus, updateRouting, type CasePatch } from '../../../engine/cases/case-commands';
import { getCaseRow, type CaseRow } from '../../../engine/cases/case-queries';
import { caseEvents, cases, contacts, messages, users } from '../../../engine/db/schema';
import { ParleyError } from '../../../engine/errors';
import type { CaseStatus } from '../../case/contract';
import type { ActionRunInfo } from '../contract';
import type { ActionHandlers } from './action-handler';
import { caseIdOf, commandDeps, messageIdOf, refusal, ruleActor, ruleCause, type RuleActionDeps } from './rule-action-deps';
import { routeByRule } from '../../../engine/routing/rule-routing';

const CLOSED = 'This case is closed, and a closed case is final: the rule cannot change it.';

export function createCaseActions(deps: RuleActionDeps): ActionHandlers {
  const { db } = deps;

  function caseRow(run: ActionRunInfo, action: string): CaseRow {
    try {
      return getCaseRow(db, run.accountId, caseIdOf(run, action));
    } catch (err) {
      if (err instanceof ParleyError) throw refusal(err.message);
      throw err;
    }
  }

  /** Assignee, skill, priority and tags go through updateRouting: the same audit trail and rule events as an agent's change. */
  function route(run: ActionRunInfo, action: string, patch: (row: CaseRow) => CasePatch, opts: { closedOk?: boolean } = {}) {
    const row = caseRow(run, action);
    if (row.status === 'closed' && !opts.closedOk) throw refusal(CLOSED);
    const changes = updateRouting(db, row, patch(row), ruleCause(run, action));
    return { changed: changes.length > 0 };
  }

  function tagMessage(run: ActionRunInfo, action: 'add_tag' | 'remove_tag', tag: string) {
    const caseId = caseIdOf(run, action);
    const messageId = messageIdOf(run, action);
    return db.transaction((tx) => {
      const message = tx.select({ tags: messages.tags }).from(messages).where(and(eq(messages.id, messageId), eq(messages.caseId, caseId))).get();
      if (!message) throw refusal(`The triggering message ${messageId} is no longer in case ${caseId}.`);
      const has = message.tags.includes(tag);
      if (action === 'add_tag' ? has : !has) return { tags: message.tags, changed: false };
      const tags = action === 'add_tag' ? [...message.tags, tag] : message.tags.filter((t) => t !== tag);
      const now = Date.now();
      tx.update(messages).set({ tags, updatedAt: now }).where(eq(messages.id, messageId)).run();
      const cause = ruleCause(run, action);
      tx.insert(caseEvents).values({
        accountId: run.accountId, caseId, type: 'message_tagged', from: action === 'remove_tag' ? tag : null, to: action === 'add_tag' ? tag : null,
        actor: cause.actorId, detail: { ...cause.detail, messageId, tag }, at: now,
      }).run();
      return { tags, changed: true };
    });
  }

  function tagAction(action: 'add_tag' | 'remove_tag') {
    return async (input: Record<string, unknown>, run: ActionRunInfo) => {
      const tag = String(input.tag);
      if (input.target === 'message') return tagMessage(run, action, tag);
      let tags: string[] = [];
      const result = route(run, action, (row) => {
        tags = action === 'add_tag' ? (row.tags.includes(tag) ? row.tags : [...row.tags, tag]) : row.tags.filter((t) => t !== tag);
        return { tags };
      }, { closedOk: true });
      return { tags, ...result };
    };
  }

  return {
    async change_status(input, run) {
      const row = caseRow(run, 'change_status');
      const status = input.status as CaseStatus;
      if (row.status === 'closed' && status !== 'closed') throw refusal(CLOSED, 'IllegalStatusTransition');
      try {
        const state = await changeStatus(commandDeps(deps), run.accountId, row.id, status, ruleCause(run, 'change_status'));
        return { status: state.status };
      } catch (err) {
        // An illegal move stays illegal: recorded on the run at once. Temporal unreachable: retried.
        if (err instanceof ParleyError && err.status === 409) throw refusal(err.message, 'IllegalStatusTransition');
        throw err;
      }
    },

    add_tag: tagAction('add_tag'),
    remove_tag: tagAction('remove_tag'),

    async set_case_field(input, run) {
      const key = String(input.key);
      const value = String(input.value ?? '');
      const row = caseRow(run, 'set_case_field');
      return db.transaction((tx) => {
        const current = tx.select({ customFields: cases.customFields }).from(cases).where(eq(cases.id, row.id)).get()!;
        const before = current.customFields[key];
        if (before === value) return { changed: false };
        const now = Date.now();
        tx.update(cases).set({ customFields: { ...current.customFields, [key]: value }, updatedAt: now }).where(eq(cases.id, row.id)).run();
        const cause = ruleCause(run, 'set_case_field');
        tx.insert(caseEvents).values({
          accountId: run.accountId, caseId: row.id, type: 'field_changed', from: before === undefined ? null : String(before), to: value,
          actor: cause.actorId, detail: { ...cause.detail, field: `case.customFields.${key}` }, at: now,
        }).run();
        return { changed: true };
      });
    },

    async set_contact_field(input, run) {
      const key = String(input.key);
      const value = String(input.value ?? '');
      const contactId = run.event.contact?.id ?? run.event.case?.contactId;
      if (!contactId) throw refusal('set_contact_field needs a contact, and this event has none.');
      return db.transaction((tx) => {
        const contact = tx.select({ customFields: contacts.customFields }).from(contacts)
          .where(and(eq(contacts.id, contactId), eq(contacts.accountId, run.accountId))).get();
        if (!contact) throw refusal(`Contact ${contactId} no longer exists.`);
        const before = contact.customFields[key];
        if (before === value) return { changed: false };
        const now = Date.now();
        tx.update(contacts).set({ customFields: { ...contact.customFields, [key]: value }, updatedAt: now }).where(eq(contacts.id, contactId)).run();
        const caseId = run.event.case?.id;
        if (caseId) {
          const cause = ruleCause(run, 'set_contact_field');
          tx.insert(caseEvents).values({
            accountId: run.accountId, caseId, type: 'field_changed', from: before === undefined ? null : String(before), to: value,
            actor: cause.actorId, detail: { ...cause.detail, field: `contact.customFields.${key}`, contactId }, at: now,
          }).run();
        }
        return { changed: true };
      });
    },

    async change_priority(input, run) {
      return route(run, 'change_priority', () => ({ priority: Number(input.priority) }));
    },

    async assign_skill(input, run) {
      // A case routing manages is transferred to the skill through its workflow (routed again within it).
      const routed = await routeByRule(commandDeps(deps), run.accountId, caseIdOf(run, 'assign_skill'), { kind: 'skill', skillId: String(input.skillId) }, ruleActor(run));
      if (routed) return routed;
      return route(run, 'assign_skill', () => ({ skillId: String(input.skillId) }));
    },

    async assign_agent(input, run) {
      const userId = String(input.userId);
      const user = db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.accountId, run.accountId))).get();
      if (!user) throw refusal(`No user with id ${userId} in this account: the case cannot be assigned to them.`, 'UnknownAssignee');
      const routed = await routeByRule(commandDeps(deps), run.accountId, caseIdOf(run, 'assign_agent'), { kind: 'agent', agentId: userId }, ruleActor(run));
      if (routed) return routed;
      return route(run, 'assign_agent', () => ({ assigneeId: userId }));
    },

    async unassign(_input, run) {
      const routed = await routeByRule(commandDeps(deps), run.accountId, caseIdOf(run, 'unassign'), { kind: 'unassign' }, ruleActor(run));
      if (routed) return routed;
      return route(run, 'unassign', () => ({ assigneeId: null }));
    },
  };
}
