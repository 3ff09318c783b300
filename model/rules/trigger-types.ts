// The events a rule can react to (CXone Workflow Automation "events"). Later issues add theirs here
// (website visitor events, flow outcomes); the catalogue in triggers.ts describes each one.
export const TRIGGER_TYPES = [
  'case.created',
  'message.created',
  'case.status_changed',
  'case.before_close',
  'case.assignee_changed',
  'case.skill_changed',
  'message.answer_received',
  'message.delivery_failed',
  'api.event',
  'schedule',
  // Payments (issue #7): the outcome of a payment request in a case.
  'payment.succeeded',
  'payment.failed',
  'payment.expired',
  // The website snippet (issue #8): what a visitor does on the business's site.
  'visitor.page_view',
  'visitor.element',
  'visitor.offer',
  'visitor.chat_opened',
  'visitor.custom',
] as const;

export type TriggerType = (typeof TRIGGER_TYPES)[number];
