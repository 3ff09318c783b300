// A rule's greeting kept in the conversation (website_open_chat without a case): the page showed the
// business's message at the top of the chat; when the visitor answers, their message starts a web
// chat case, and the snippet asks Parley to keep the greeting there. It becomes the case's first
// message (from the system, authored by the rule, already read: the visitor saw it), dated when the
// page received it, so the agent and the visitor's history see what the visitor answered. Once per
// greeting; only the visitor the greeting was for, on the site it was for.
import { caseEvents, messages } from '../db/schema';
import type { Db } from '../db/open-database';
import { ParleyError } from '../errors';
import { newId } from '../ids';
import { toReply } from '../cases/reply-content';
import type { SiteRow } from './site-store';
import { openVisitorCase } from './visitor-conversation';

interface GreetingRow { id: string; account_id: string; payload: string; rule_id: string | null; run_id: string | null; delivered_at: number | null; kept_at: number | null }

const ruleName = (db: Db, ruleId: string | null) =>
  ruleId ? ((db.$client.prepare('select name from rules where id = ?').get(ruleId) as { name: string } | undefined)?.name ?? null) : null;

export interface KeptGreeting { kept: boolean; caseId: string; messageId: string | null }

/**
 * Keeps greeting `commandId` of visitor `visitorId` (whose web chat identity is `externalId`: the user
 * of a signed-in visitor, else the visitor id) in their open web chat case.
 */
export function keepGreeting(db: Db, site: SiteRow, visitorId: string, externalId: string, commandId: string, now = Date.now()): KeptGreeting {
  return db.$client.transaction((): KeptGreeting => {
    const row = db.$client.prepare(`select id, account_id, payload, rule_id, run_id, delivered_at, kept_at from visitor_commands
      where id = ? and site_id = ? and visitor_id = ? and kind = 'open_chat'`).get(commandId, site.id, visitorId) as GreetingRow | undefined;
    const payload = row ? (JSON.parse(row.payload) as { text?: string; inCase?: boolean }) : {};
    if (!row || row.delivered_at === null || payload.inCase || !payload.text) {
      throw new ParleyError(404, 'greeting_not_found', `No greeting ${commandId} was shown to this visitor.`);
    }
    if (!site.webchatChannelId) throw new ParleyError(409, 'webchat_off', 'Web chat is not an entry point of this site.');
    const open = openVisitorCase(db, site.webchatChannelId, externalId);
    if (!open) throw new ParleyError(409, 'no_case', 'The visitor has no web chat case yet: send their message first.');
    if (row.kept_at !== null) return { kept: false, caseId: open.id, messageId: null };
    // Dated when the page showed it, and before the visitor's first message in the case.
    const first = db.$client.prepare(`select min(created_at) at from messages where case_id = ?`).get(open.id) as { at: number | null };
    const at = Math.min(row.delivered_at, (first.at ?? now) - 1);
    const reply = toReply({ text: payload.text });
    const messageId = newId('msg', at);
    db.insert(messages).values({
      id: messageId, accountId: open.accountId, caseId: open.id, channelId: site.webchatChannelId, direction: 'out', authorType: 'system', authorId: row.rule_id,
      content: reply.content, fallbackText: reply.text, deliveryStatus: 'read', occurredAt: at, createdAt: at, updatedAt: now,
    }).run();
    db.insert(caseEvents).values({
      accountId: open.accountId, caseId: open.id, type: 'rule_action', from: null, to: messageId, actor: row.rule_id ? `rule:${row.rule_id}` : 'system',
      detail: { ruleId: row.rule_id, ruleName: ruleName(db, row.rule_id), runId: row.run_id, action: 'website_open_chat', messageId, greeting: true }, at: now,
    }).run();
    db.$client.prepare('update visitor_commands set kept_at = ? where id = ?').run(now, row.id);
    return { kept: true, caseId: open.id, messageId };
  })();
}
