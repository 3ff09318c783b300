// Privacy actions on the triggering message. `mask_card_numbers` replaces payment card numbers
// (Luhn-checked) with •••• and the last four digits; `redact_message` deletes the content and,
// optionally, the author's name. The original is not kept anywhere Parley controls: the stored
// content and fallback text, the search index (its triggers follow the update; FTS5 secure-delete
// removes the old terms from the index pages), the case preview, and the recorded rule events and
// run inputs that quoted it; the Temporal histories of the case's rule runs are deleted once those
// runs end (engine/rules/privacy). Each change is one transaction with a case_events entry.
import { and, eq } from 'drizzle-orm';
import { caseEvents, cases, contactIdentities, contacts, messages } from '../../../engine/db/schema';
import type { Db } from '../../../engine/db/open-database';
import type { ActionRunInfo } from '../contract';
import type { ActionHandlers } from './action-handler';
import { maskCardNumbers, maskCardNumbersDeep } from '../../../model/privacy/card-numbers';
import { forgetStrings, REDACTED_TEXT } from '../../../model/privacy/scrub';
import { requestHistoryPurge } from '../../../engine/rules/privacy/history-purges';
import { caseIdOf, messageIdOf, refusal, ruleCause, type RuleActionDeps } from './rule-action-deps';

const REDACTED_CONTENT = { content: { type: 'text', text: REDACTED_TEXT } };

/** Old text stays out of the FTS index pages once deleted (a per-index setting; idempotent). */
function secureDeleteSearchIndex(db: Db) {
  db.$client.prepare(`insert into messages_fts(messages_fts, rank) values('secure-delete', 1)`).run();
}

/**
 * Runs `fn` in a transaction with SQLite overwriting all freed content (whole pages too), so old
 * text is not left in the file; then checkpoints and truncates the write-ahead log, whose older
 * page images still quote it. The checkpoint is best effort: a reader in another process may
 * hold it back, and the log is then overwritten as it is reused.
 */
function scrubbing<T>(db: Db, fn: () => T): T {
  const client = db.$client;
  const before = Number(client.pragma('secure_delete', { simple: true }));
  client.pragma('secure_delete = ON');
  try {
    secureDeleteSearchIndex(db);
    const result = db.transaction(fn);
    client.pragma('wal_checkpoint(TRUNCATE)');
    return result;
  } finally {
    client.pragma(`secure_delete = ${before}`);
  }
}

/** Rewrites the JSON of rows that quoted the message (recorded events, run inputs and outputs). */
function rewriteJson(db: Db, sqlSelect: string, sqlUpdate: string, param: string, change: (value: unknown) => unknown) {
  const rows = db.$client.prepare(sqlSelect).all(param) as { id: string; json: string }[];
  const update = db.$client.prepare(sqlUpdate);
  for (const row of rows) {
    const before = JSON.parse(row.json) as unknown;
    const after = change(before);
    const text = JSON.stringify(after);
    if (text !== row.json) update.run(text, row.id);
  }
}

function loadMessage(db: Db, run: ActionRunInfo, action: string) {
  const caseId = caseIdOf(run, action);
  const messageId = messageIdOf(run, action);
  const message = db.select().from(messages).where(and(eq(messages.id, messageId), eq(messages.caseId, caseId))).get();
  if (!message) throw refusal(`The triggering message ${messageId} is no longer in case ${caseId}.`);
  return message;
}

/** The case preview shows the start of the latest message: re-derive it when it showed this one. */
function fixPreview(db: Db, caseId: string, originalText: string, newText: string, fallback: (preview: string) => string) {
  const theCase = db.select({ preview: cases.preview }).from(cases).where(eq(cases.id, caseId)).get();
  if (!theCase?.preview) return;
  const preview = originalText.startsWith(theCase.preview) ? newText.slice(0, 200) : fallback(theCase.preview);
  if (preview !== theCase.preview) db.update(cases).set({ preview }).where(eq(cases.id, caseId)).run();
}

export function createPrivacyActions(deps: RuleActionDeps): ActionHandlers {
  const { db } = deps;

  return {
    async mask_card_numbers(_input, run) {
      return scrubbing(db, () => {
        const message = loadMessage(db, run, 'mask_card_numbers');
        const content = maskCardNumbersDeep(message.content);
        const text = maskCardNumbers(message.fallbackText);
        const masked = Math.max(content.masked, text.masked);
        if (masked === 0) return { masked: 0 };
        const now = Date.now();
        db.update(messages).set({ content: content.value, fallbackText: text.text, updatedAt: now }).where(eq(messages.id, message.id)).run();
        fixPreview(db, message.caseId, message.fallbackText, text.text, (p) => maskCardNumbers(p).text);
        const maskJson = (v: unknown) => maskCardNumbersDeep(v).value;
        rewriteJson(db, 'select id, payload json from rule_events where message_id = ?', 'update rule_events set payload = ? where id = ?', message.id, maskJson);
        rewriteJson(db, 'select id, steps json from rule_runs where case_id = ?', 'update rule_runs set steps = ? where id = ?', message.caseId, maskJson);
        requestHistoryPurge(db, [message.caseId], now);
        const cause = ruleCause(run, 'mask_card_numbers');
        db.insert(caseEvents).values({
          accountId: run.accountId, caseId: message.caseId, type: 'message_masked', from: null, to: String(masked),
          actor: cause.actorId, detail: { ...cause.detail, messageId: message.id, masked }, at: now,
        }).run();
        return { masked };
      });
    },

    async redact_message(input, run) {
      const authorName = input.authorName === true;
      return scrubbing(db, () => {
        const message = loadMessage(db, run, 'redact_message');
        const theCase = db.select({ contactId: cases.contactId }).from(cases).where(eq(cases.id, message.caseId)).get()!;
        const contentDone = message.fallbackText === REDACTED_TEXT && JSON.stringify(message.content) === JSON.stringify(REDACTED_CONTENT);
        // The author's name: the customer's, for an inbound message (agents are users, named elsewhere).
        const nameTargets = authorName && message.direction === 'in'
          ? { contactId: theCase.contactId, channelId: message.channelId }
          : null;
        const identity = nameTargets
          ? db.select({ name: contactIdentities.name }).from(contactIdentities)
            .where(and(eq(contactIdentities.contactId, nameTargets.contactId), eq(contactIdentities.channelId, nameTargets.channelId))).get()
          : undefined;
        const contact = nameTargets ? db.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, nameTargets.contactId)).get() : undefined;
        const nameDone = !nameTargets || (!identity?.name && !contact?.name);
        if (contentDone && nameDone) return { redacted: false };
        const now = Date.now();
        if (!contentDone) {
          db.update(messages).set({ content: REDACTED_CONTENT, fallbackText: REDACTED_TEXT, updatedAt: now }).where(eq(messages.id, message.id)).run();
          fixPreview(db, message.caseId, message.fallbackText, REDACTED_TEXT, (p) => p);
          const scrub = (v: unknown) => {
            const event = v as { message?: { text?: string; answer?: unknown } };
            if (event.message) event.message = { ...event.message, text: REDACTED_TEXT, answer: undefined };
            return event;
          };
          rewriteJson(db, 'select id, payload json from rule_events where message_id = ?', 'update rule_events set payload = ? where id = ?', message.id, scrub);
          // Steps that quoted the text (a reply that echoed it, a URL call that sent it).
          rewriteJson(db, 'select id, steps json from rule_runs where case_id = ?', 'update rule_runs set steps = ? where id = ?', message.caseId,
            (v) => forgetStrings(v, [message.fallbackText]));
        }
        if (nameTargets && !nameDone) {
          db.update(contactIdentities).set({ name: null })
            .where(and(eq(contactIdentities.contactId, nameTargets.contactId), eq(contactIdentities.channelId, nameTargets.channelId))).run();
          db.update(contacts).set({ name: null, updatedAt: now }).where(eq(contacts.id, nameTargets.contactId)).run();
          const forget = (v: unknown) => {
            const event = v as { contact?: { name?: string | null } };
            if (event.contact) event.contact = { ...event.contact, name: null };
            return event;
          };
          rewriteJson(db, 'select id, payload json from rule_events where case_id in (select id from cases where contact_id = ?)',
            'update rule_events set payload = ? where id = ?', nameTargets.contactId, forget);
          const oldNames = [identity?.name, contact?.name].filter((n): n is string => Boolean(n));
          rewriteJson(db, 'select id, steps json from rule_runs where case_id in (select id from cases where contact_id = ?)',
            'update rule_runs set steps = ? where id = ?', nameTargets.contactId, (v) => forgetStrings(v, oldNames));
        }
        const touchedCases = nameTargets && !nameDone
          ? (db.select({ id: cases.id }).from(cases).where(eq(cases.contactId, nameTargets.contactId)).all()).map((c) => c.id)
          : [message.caseId];
        requestHistoryPurge(db, touchedCases, now);
        const cause = ruleCause(run, 'redact_message');
        db.insert(caseEvents).values({
          accountId: run.accountId, caseId: message.caseId, type: 'message_redacted', from: null, to: null,
          actor: cause.actorId, detail: { ...cause.detail, messageId: message.id, authorName: Boolean(nameTargets) }, at: now,
        }).run();
        return { redacted: true };
      });
    },
  };
}
