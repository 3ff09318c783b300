// How each node kind looks in the palette, on cards and in panels.
import type { RuleNodeKind } from '../model';
import type { IconName } from '../ui/icon-paths';

export const KIND_STYLE: Record<RuleNodeKind, { icon: IconName; colour: string }> = {
  trigger: { icon: 'bolt', colour: 'var(--k-trigger)' },
  condition: { icon: 'filter', colour: 'var(--k-logic)' },
  branch: { icon: 'split', colour: 'var(--k-logic)' },
  switch: { icon: 'switch', colour: 'var(--k-logic)' },
  delay: { icon: 'clock', colour: 'var(--k-delay)' },
  action: { icon: 'play', colour: 'var(--k-action)' },
  step: { icon: 'puzzle', colour: 'var(--k-step)' },
};

/** Each built-in action's own icon (palette, card, panel); custom steps and unknown actions use their kind's. */
const ACTION_ICON: Record<string, IconName> = {
  send_message: 'send', change_status: 'switch', add_tag: 'tag', remove_tag: 'tag', set_case_field: 'rules',
  set_contact_field: 'users', change_priority: 'alert', assign_skill: 'users', assign_agent: 'users', unassign: 'x',
  mask_card_numbers: 'lock', redact_message: 'trash', call_url: 'bolt', notify_email: 'message', send_survey: 'check',
  start_campaign: 'send', request_payment: 'card', offer_appointment: 'calendar',
  website_show_offer: 'globe', website_open_chat: 'message', website_set_visitor_tag: 'tag',
};

/** The icon of a node (an action's own, otherwise its kind's). */
export function nodeIcon(rule: { kind: RuleNodeKind; action?: string }): IconName {
  return (rule.kind === 'action' && rule.action && ACTION_ICON[rule.action]) || KIND_STYLE[rule.kind].icon;
}

/** The same colours as hex, for the minimap (which draws SVG fills, not CSS variables). */
export const KIND_HEX: Record<RuleNodeKind, string> = {
  trigger: '#7c3aed', condition: '#0e7490', branch: '#0e7490', switch: '#0e7490', delay: '#64748b', action: '#2563eb', step: '#c11574',
};
