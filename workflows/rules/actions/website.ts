// Website actions (issue #8): they act on the visitor of the triggering visitor.* event, in the page
// they are on. Each queues a command (engine/website/visitor-commands.ts) that the snippet fetches
// after it sends its events and every minute, and applies: show an offer (the Guide's offer card,
// recorded like a Guide offer), open the chat with a message, add or remove a visitor tag. A command
// waits 10 minutes for the page, then is dropped. The command id derives from the run and node, so
// a retried action queues nothing twice. An event without a visitor is refused (recorded on the run).
//
// website_open_chat: when the event carries the visitor's web chat case, the message is a real
// reply in the case (send_message's path: stored, delivered, on the agent's timeline) and the page
// only opens the chat, which shows it from the thread. Without a case, the message is the business's
// greeting at the top of the chat; nothing is stored until the visitor answers (their message starts
// the case as on any web chat).
import { createHash } from 'node:crypto';
import type { Db } from '../../../engine/db/open-database';
import { findSite, type SiteRow } from '../../../engine/website/site-store';
import { queueVisitorCommand } from '../../../engine/website/visitor-commands';
import type { RuleOfferButton, VisitorCommandBody } from '../../../model/website/visitor-commands';
import type { ActionRunInfo } from '../contract';
import type { ActionHandlers } from './action-handler';
import { createMessagingActions, type SendOutput } from './messaging';
import { refusal, type RuleActionDeps } from './rule-action-deps';

export interface RunVisitor { site: SiteRow; visitorId: string }

/** The site and visitor of the triggering event (visitor.* triggers carry both), or a refusal. */
export function visitorOfRun(db: Db, run: ActionRunInfo, action: string): RunVisitor {
  const payload = (run.event.payload ?? {}) as { siteId?: unknown; visitorId?: unknown };
  if (!run.event.type.startsWith('visitor.') || typeof payload.siteId !== 'string' || typeof payload.visitorId !== 'string') {
    throw refusal(`${action} acts on a website visitor, and this event (${run.event.type}) has none: use a visitor trigger (Visitor page view, Mapped element interacted, Offer shown or clicked, Chat window opened, Custom visitor event).`, 'NoVisitor');
  }
  const site = findSite(db, payload.siteId);
  if (!site || site.accountId !== run.accountId) throw refusal(`${action}: the website ${payload.siteId} no longer exists.`, 'NoVisitor');
  return { site, visitorId: payload.visitorId };
}

/** vc_<hash of run + node>: the same on every retry of the action. */
export const visitorCommandId = (run: Pick<ActionRunInfo, 'runId' | 'nodeId'>) =>
  `vc_${createHash('sha256').update(`${run.runId}\n${run.nodeId}`).digest('hex').slice(0, 24)}`;

function offerButtons(input: Record<string, unknown>): RuleOfferButton[] {
  const buttons = Array.isArray(input.buttons) ? (input.buttons as Record<string, unknown>[]) : [];
  return buttons.map((b, i) => {
    const label = String(b.label ?? '');
    const action = b.action === 'url' || b.action === 'dismiss' ? b.action : 'chat';
    if (action === 'url') {
      const url = String(b.url ?? '');
      let ok = false;
      try { ok = ['http:', 'https:'].includes(new URL(url).protocol); } catch { /* not a URL */ }
      if (!ok) throw refusal(`Button ${i + 1} (${label}) opens a URL, and "${url}" is not an http or https address.`, 'InvalidOffer');
      return { label, action, url };
    }
    const message = typeof b.message === 'string' && b.message.trim() ? b.message.slice(0, 1_000) : undefined;
    return { label, action, ...(action === 'chat' && message ? { message } : {}) };
  });
}

export function createWebsiteActions(deps: RuleActionDeps): ActionHandlers {
  const now = deps.now ?? Date.now;
  const messaging = createMessagingActions(deps);

  const queue = (run: ActionRunInfo, visitor: RunVisitor, command: VisitorCommandBody) => {
    const id = visitorCommandId(run);
    queueVisitorCommand(deps.db, { id, accountId: run.accountId, siteId: visitor.site.id, visitorId: visitor.visitorId, command, ruleId: run.ruleId, runId: run.runId }, now());
    return id;
  };

  return {
    website_show_offer: async (input, run) => {
      const visitor = visitorOfRun(deps.db, run, 'Show offer on the website');
      const offerId = typeof input.offerId === 'string' && input.offerId ? input.offerId : run.nodeId.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 64);
      const commandId = queue(run, visitor, {
        kind: 'show_offer',
        offer: { ruleId: run.ruleId, offerId, title: String(input.title ?? ''), text: String(input.text ?? ''), buttons: offerButtons(input) },
      });
      return { commandId, offerId };
    },

    website_open_chat: async (input, run) => {
      const visitor = visitorOfRun(deps.db, run, 'Open chat on the website');
      const text = String(input.text ?? '');
      // The visitor's web chat case on this site: the message is a real reply in it.
      const kase = run.event.case;
      if (kase && visitor.site.webchatChannelId && kase.channelId === visitor.site.webchatChannelId) {
        const sent = await messaging.send_message!({ text }, run) as SendOutput;
        if (!sent.refused) {
          const commandId = queue(run, visitor, { kind: 'open_chat', text, inCase: true });
          return { commandId, delivery: 'case', messageId: sent.messageId };
        }
      }
      const commandId = queue(run, visitor, { kind: 'open_chat', text, inCase: false });
      return { commandId, delivery: 'greeting', messageId: null };
    },

    website_set_visitor_tag: async (input, run) => {
      const visitor = visitorOfRun(deps.db, run, 'Set visitor tag');
      const commandId = queue(run, visitor, { kind: 'set_tag', tag: String(input.tag ?? ''), op: input.op === 'remove' ? 'remove' : 'add' });
      return { commandId };
    },
  };
}
