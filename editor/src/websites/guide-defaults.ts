// Starting values for a new Guide rule, condition or action in the console's form.
import type { EntryPoint, GuideAction, GuideCondition, GuideRule } from './types';

export const CONDITION_TYPES: { type: GuideCondition['type']; label: string }[] = [
  { type: 'page', label: 'Current page' }, { type: 'time_on_page', label: 'Time on page' }, { type: 'scroll_depth', label: 'Scrolled' },
  { type: 'page_views', label: 'Pages viewed' }, { type: 'visitor_tag', label: 'Visitor tag' }, { type: 'returning_visitor', label: 'Returning visitor' },
  { type: 'device', label: 'Device' }, { type: 'language', label: 'Language' }, { type: 'chat_online', label: 'Chat is online' }, { type: 'custom', label: 'Custom (ask a URL)' },
];

export const ACTION_TYPES: { type: GuideAction['type']; label: string }[] = [
  { type: 'show_offer', label: 'Show a proactive offer' }, { type: 'set_template', label: 'Show only these entry points' },
  { type: 'set_branding', label: 'Set branding' }, { type: 'add_visitor_tag', label: 'Add visitor tag' }, { type: 'remove_visitor_tag', label: 'Remove visitor tag' },
];

export const ENTRY_POINT_LABELS: Record<EntryPoint, string> = {
  webchat: 'Web chat', whatsapp: 'WhatsApp', messenger: 'Messenger', apple_messages: 'Apple Messages', sms: 'SMS', email: 'Email', phone: 'Phone',
};

export function newCondition(type: GuideCondition['type']): GuideCondition {
  switch (type) {
    case 'page': return { type, op: 'contains', value: '/' };
    case 'time_on_page': return { type, atLeastSeconds: 10 };
    case 'scroll_depth': return { type, atLeastPercent: 50 };
    case 'page_views': return { type, op: 'at_least', value: 2 };
    case 'visitor_tag': return { type, op: 'has', tag: '' };
    case 'returning_visitor': return { type, value: true };
    case 'device': return { type, value: 'mobile' };
    case 'language': return { type, value: 'es' };
    case 'chat_online': return { type, value: true };
    case 'custom': return { type, url: 'https://', timeoutMs: 2000 };
  }
}

export function newAction(type: GuideAction['type']): GuideAction {
  switch (type) {
    case 'show_offer': return { type, offerId: `offer-${Date.now().toString(36)}`, title: '¿Te ayudamos?', text: '', buttons: [{ label: 'Chatear', action: 'chat' }] };
    case 'set_template': return { type, entryPoints: ['webchat'] };
    case 'set_branding': return { type, colour: '#2563eb' };
    case 'add_visitor_tag': return { type, tag: '' };
    case 'remove_visitor_tag': return { type, tag: '' };
  }
}

export function newRule(existing: readonly GuideRule[]): GuideRule {
  let n = existing.length + 1;
  while (existing.some((r) => r.id === `rule-${n}`)) n++;
  return {
    id: `rule-${n}`, name: 'Offer help on pricing', enabled: true,
    conditionSets: [[{ type: 'page', op: 'contains', value: '/pricing' }, { type: 'time_on_page', atLeastSeconds: 5 }]],
    actions: [newAction('show_offer')],
  };
}
