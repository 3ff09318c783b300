// One sentence per audit-trail row, as the case timeline shows it: what changed and who or what
// changed it ("Tag refund added by rule Refunds v3 (run rule-run-…)").
import type { caseEvents } from '../db/schema';
import { describePaymentEvent } from '../payments/payment-timeline-text';
import { describeAppointmentEvent } from '../appointments/appointment-timeline-text';
import { describeFileConsent } from '../teams/file-consent-timeline-text';

type EventRow = Pick<typeof caseEvents.$inferSelect, 'type' | 'from' | 'to' | 'actor' | 'detail'>;

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

const RULE_ACTION_TEXT: Record<string, string> = {
  send_message: 'Message sent', send_survey: 'Satisfaction survey sent', call_url: 'URL called', notify_email: 'Notification email sent',
  website_open_chat: 'Website chat greeting kept (the visitor answered it)',
};

function what(e: EventRow): string {
  const d = e.detail ?? {};
  switch (e.type) {
    case 'status_changed': return `Status changed from ${e.from ?? 'none'} to ${e.to}`;
    // Routing decisions (issue #10) carry their sentence, with names and the reason, in detail.text.
    case 'assignee_changed': return typeof d.text === 'string' ? d.text : e.to ? `Assigned to ${e.to}` : 'Unassigned';
    case 'skill_changed': return typeof d.text === 'string' ? d.text : e.to ? `Routed to skill ${e.to}` : 'Skill removed';
    case 'routing': return typeof d.text === 'string' ? d.text : `Routing: ${e.to ?? ''}`;
    case 'priority_changed': return `Priority changed from ${e.from} to ${e.to}`;
    case 'tags_changed': {
      const before = new Set(list(e.from)), after = new Set(list(e.to));
      const added = [...after].filter((t) => !before.has(t)), removed = [...before].filter((t) => !after.has(t));
      return [added.length ? `Tag${added.length > 1 ? 's' : ''} ${added.join(', ')} added` : '', removed.length ? `tag${removed.length > 1 ? 's' : ''} ${removed.join(', ')} removed` : '']
        .filter(Boolean).join(', ').replace(/^t/, 'T') || 'Tags changed';
    }
    case 'field_changed': return `${String(d.field ?? 'Field')} set to "${e.to ?? ''}"`;
    case 'message_tagged': return e.to ? `Message tagged ${e.to}` : `Tag ${e.from} removed from a message`;
    case 'message_masked': return 'Card numbers masked in a message';
    case 'message_redacted': return 'Message content deleted';
    case 'survey_answered': return `Satisfaction survey answered: ${e.to}`;
    case 'rule_action': return RULE_ACTION_TEXT[String(d.action)] ?? `Action ${String(d.action ?? '')} ran`;
    case 'campaign_replied': return `Replied to campaign ${String(d.campaignName ?? e.to)}`;
    case 'campaign_opted_out': return `Opted out of campaign messages (${e.to})`;
    case 'campaign_started': return `Campaign ${String(d.campaignName ?? e.to)} started`;
    case 'payment': return describePaymentEvent(e.to, d);
    case 'appointment': return describeAppointmentEvent(e.to, d);
    // From the case's side: its customer card was joined with the other one (issue #10).
    // A file offered through Teams' file consent (engine/teams/file-consents.ts).
    case 'file_consent': return describeFileConsent(e.to, d);
    case 'contact_merged': return `Customer card merged with ${String((d.moved ? d.keptName : d.otherName) ?? (d.moved ? e.to : e.from))}`;
  }
}

function who(e: EventRow): string {
  const d = e.detail ?? {};
  // Routing's sentences name who acted themselves ("Transferred by Marta to skill Returns").
  if (typeof d.actorName === 'string') return '';
  if (e.actor?.startsWith('rule:')) {
    const name = typeof d.ruleName === 'string' ? d.ruleName : e.actor.slice(5);
    return ` by rule ${name}${d.version ? ` v${d.version}` : ''}${d.runId ? ` (run ${d.runId})` : ''}`;
  }
  if (!e.actor) return '';
  if (e.actor.startsWith('campaign:')) return ` by campaign ${typeof d.campaignName === 'string' ? d.campaignName : e.actor.slice(9)}`;
  if (e.actor === 'customer') return ' by the customer';
  if (e.actor === 'system') return ' by Parley';
  return ` by ${e.actor}`;
}

export const describeCaseEvent = (e: EventRow) => `${what(e)}${who(e)}`;
