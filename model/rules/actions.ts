// The built-in action catalogue (CXone Workflow Automation "jobs"): each action's input schema
// (checked at save after templates are allowed in strings; checked again after variables are
// resolved at run time), its output (variables for downstream nodes) and its retry policy.
// Implementations are activities in workflows/rules/actions/.
import { z } from 'zod';
import { variable as v, type VariableSpec } from './variables-spec';
import { MAX_AMOUNT, STRIPE_CURRENCIES } from '../payments/money';
import { DEFAULT_EXPIRY_MINUTES, MAX_EXPIRY_MINUTES, ON_PAID_STATUSES } from '../payments/payment-request';

export interface RetrySpec {
  maximumAttempts: number;
  initialInterval: string;
  backoffCoefficient?: number;
  maximumInterval?: string;
}

export interface ActionSpec {
  type: string;
  title: string;
  description: string;
  group: 'Messaging' | 'Case' | 'Contact' | 'Privacy' | 'Flows' | 'Website' | 'Integrations' | 'Custom';
  input: z.ZodType<Record<string, unknown>>;
  /** Variables under `steps.<nodeId>.output`. */
  outputs: VariableSpec[];
  retry: RetrySpec;
  /** Whether it needs a case in the event (most do; call_url and notify_email do not). */
  needsCase: boolean;
}

const ONCE: RetrySpec = { maximumAttempts: 1, initialInterval: '1s' };
const DB: RetrySpec = { maximumAttempts: 5, initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '5s' };
const NETWORK: RetrySpec = { maximumAttempts: 4, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' };

const Text = z.string().min(1, { message: 'Must not be empty' }).max(10_000);
const FieldKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, { message: 'Field key: a letter, then letters, digits or _ (max 64)' });
const CASE_STATUSES = ['open', 'pending', 'escalated', 'resolved', 'closed'] as const;

const act = (type: string, title: string, group: ActionSpec['group'], description: string, input: z.ZodObject,
  opts: { outputs?: VariableSpec[]; retry?: RetrySpec; needsCase?: boolean } = {}): ActionSpec => ({
  type, title, group, description, input: input as unknown as z.ZodType<Record<string, unknown>>,
  outputs: opts.outputs ?? [], retry: opts.retry ?? DB, needsCase: opts.needsCase ?? true,
});

const option = z.object({ title: z.string().min(1).max(20).describe('What the customer sees (max 20 chars on most channels)') });

export const ACTIONS: ActionSpec[] = [
  act('send_message', 'Send message', 'Messaging',
    'Replies in the case on its channel. Quick replies or buttons degrade to numbered text where the channel lacks them. The channel\'s rules apply: reply window, no proactive outbound, limits.',
    z.object({
      text: Text.describe('Message text; {{variables}} allowed'),
      quickReplies: z.array(option).max(13).optional().describe('Quick replies offered under the text'),
      /** Advanced: a full rich-content message (model/content model) instead of text + quick replies. */
      content: z.record(z.string(), z.unknown()).optional().describe('Rich content (JSON), instead of text and quick replies'),
      /** Email only: the subject of a mail that starts a thread; a reply in a thread keeps "Re: <its subject>". */
      subject: z.string().max(200).optional().describe('Email subject, when the message starts a new mail thread; {{variables}} allowed'),
    }),
    { outputs: [v('messageId', 'string', 'The message sent'), v('refused', 'boolean', 'True when the channel\'s rules refused it'), v('reason', 'string', 'Why it was refused')], retry: ONCE }),
  act('change_status', 'Change status', 'Case', 'Moves the case to another status (illegal moves are recorded as errors).',
    z.object({ status: z.enum(CASE_STATUSES).describe('New status') }), { outputs: [v('status', 'string', 'The status after')] }),
  act('add_tag', 'Add tag', 'Case', 'Adds a tag to the case, or to the triggering message.',
    z.object({ tag: z.string().min(1).max(64).describe('Tag'), target: z.enum(['case', 'message']).default('case').describe('Case or message') })),
  act('remove_tag', 'Remove tag', 'Case', 'Removes a tag from the case, or from the triggering message.',
    z.object({ tag: z.string().min(1).max(64).describe('Tag'), target: z.enum(['case', 'message']).default('case').describe('Case or message') })),
  act('set_case_field', 'Set case field', 'Case', 'Sets a custom field on the case.',
    z.object({ key: FieldKey.describe('Field key'), value: z.string().max(2000).describe('Value; {{variables}} allowed') })),
  act('set_contact_field', 'Set contact field', 'Contact', 'Sets a custom field (attribute) on the contact.',
    z.object({ key: FieldKey.describe('Field key'), value: z.string().max(2000).describe('Value; {{variables}} allowed') })),
  act('change_priority', 'Change priority', 'Case', 'Sets the case priority.',
    z.object({ priority: z.number().int().min(0).max(100).describe('Priority (0–100, higher is more urgent)') })),
  act('assign_skill', 'Assign skill', 'Case', 'Routes the case to a skill.',
    z.object({ skillId: z.string().min(1).max(100).describe('Skill id') })),
  act('assign_agent', 'Assign agent', 'Case', 'Assigns the case to an agent (a user of the account).',
    z.object({ userId: z.string().min(1).max(100).describe('The agent: a user of this account') })),
  act('unassign', 'Unassign', 'Case', 'Removes the case\'s agent.', z.object({})),
  act('route_to_queue', 'Route to queue', 'Case', 'Routes the case through a routing queue (its skill, strategy and timers), whatever the queue\'s filters say.',
    z.object({ queueId: z.string().min(1).max(100).describe('Routing queue id') })),
  act('mask_card_numbers', 'Mask card numbers', 'Privacy',
    'Replaces payment card numbers (Luhn-checked) in the triggering message with •••• and the last four digits. The original is not kept anywhere: stored text, search index and thread change.',
    z.object({}), { outputs: [v('masked', 'number', 'How many numbers were masked')] }),
  act('redact_message', 'Delete message content', 'Privacy', 'Deletes the triggering message\'s content (and optionally its author\'s name) for privacy.',
    z.object({ authorName: z.boolean().default(false).describe('Also delete the author\'s name') })),
  act('call_url', 'Call a URL', 'Integrations',
    'POSTs JSON to a URL, signed with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). Its JSON response is usable downstream as steps.<id>.output.body.',
    z.object({
      url: z.string().min(1).max(2000).describe('https:// URL; {{variables}} allowed'),
      body: z.record(z.string(), z.unknown()).optional().describe('JSON body (default: the event)'),
      timeoutMs: z.number().int().min(100).max(30_000).default(10_000).describe('Timeout (ms)'),
    }),
    { outputs: [v('status', 'number', 'HTTP status'), v('body', 'object', 'The JSON response (steps.<id>.output.body.<field>)')], retry: NETWORK, needsCase: false }),
  act('notify_email', 'Send notification email', 'Integrations', 'Emails people in your team through the account\'s SMTP settings.',
    z.object({
      to: z.string().min(3).max(500).describe('Recipients, comma separated'),
      subject: z.string().min(1).max(300).describe('Subject; {{variables}} allowed'),
      body: Text.describe('Body (plain text); {{variables}} allowed'),
    }),
    { outputs: [v('messageId', 'string', 'SMTP message id')], retry: NETWORK, needsCase: false }),
  act('send_survey', 'Send satisfaction survey', 'Messaging',
    'Asks the customer to rate the conversation (quick replies 1–5, numbered text where the channel lacks them); the answer is stored on the case.',
    z.object({ question: Text.default('How would you rate our help? (1 = poor, 5 = great)').describe('Question') }),
    { outputs: [v('messageId', 'string', 'The survey message'), v('refused', 'boolean', 'True when the channel\'s rules refused it')], retry: ONCE }),
  // Payments (issue #7): a Stripe Checkout link sent into the case; the outcome triggers payment.* rules.
  act('request_payment', 'Request payment', 'Flows',
    'Sends the customer a secure Stripe payment link in the case (a button where the channel has one). The outcome (paid, failed, expired) is posted to the case and triggers the payment rules.',
    z.object({
      amount: z.number().int({ message: 'An integer in the smallest currency unit (1250 = €12.50)' }).positive().max(MAX_AMOUNT).describe('Amount in the smallest currency unit (1250 = €12.50; 500 = ¥500)'),
      currency: z.enum(STRIPE_CURRENCIES).default('eur').describe('Currency'),
      description: z.string().min(1).max(500).describe('What it is for; {{variables}} allowed'),
      expiresInMinutes: z.number().min(1).max(MAX_EXPIRY_MINUTES).default(DEFAULT_EXPIRY_MINUTES).describe('Link valid for (minutes, 30–1440)'),
      onPaidTag: z.string().max(64).optional().describe('Tag the case once paid'),
      onPaidStatus: z.enum(ON_PAID_STATUSES).optional().describe('Move the case once paid'),
    }),
    { outputs: [v('paymentId', 'string', 'The payment request'), v('status', 'string', 'Its status when the action ended'), v('amountFormatted', 'string', 'The amount as shown, e.g. €12.50')] }),
  // Appointments (issue #7): free slots offered in the case; the pick is booked, confirmed and reminded.
  act('offer_appointment', 'Offer appointment', 'Flows',
    'Offers the customer free times for a service (a time picker, or a numbered list where the channel has none), books the one picked without double booking, confirms it and sends reminders.',
    z.object({ serviceId: z.string().min(1).max(100).describe('The appointment service (Appointments page)') }),
    { outputs: [v('appointmentId', 'string', 'The appointment flow started')] }),
  // Outreach (issue #7): start a campaign that was created as a draft (Campaigns page or API).
  act('start_campaign', 'Start campaign', 'Flows',
    'Starts a draft campaign (Campaigns page): it waits for its start time and sending window, then sends to its list. Starting one that already runs changes nothing. Shown on the case timeline when the event has a case.',
    z.object({ campaignId: z.string().min(1).max(100).describe('The campaign (Campaigns page; {{variables}} allowed)') }),
    { outputs: [v('campaignId', 'string', 'The campaign'), v('status', 'string', 'Its status after the action'), v('started', 'boolean', 'False when it had already been started')], retry: NETWORK, needsCase: false }),
  // Website (issue #8): act on the visitor of a visitor.* event, in their page (queued for the snippet, 10 minutes).
  act('website_show_offer', 'Show offer on the website', 'Website',
    'Shows the visitor a proactive offer in the page they are on (the Guide\'s pop-up): a title, a text and up to 3 buttons that open the chat with a prefilled message, open a URL or dismiss it. Shown, clicked and dismissed are recorded under this rule like Guide offers. Needs a visitor trigger.',
    z.object({
      title: z.string().min(1).max(80).describe('What the pop-up says first, e.g. Need a hand with your order?'),
      text: z.string().max(500).default('').describe('Text under the title; {{variables}} allowed'),
      buttons: z.array(z.object({
        label: z.string().min(1).max(40).describe('Button label'),
        action: z.enum(['chat', 'url', 'dismiss']).default('chat').describe('chat: open the chat; url: open a page; dismiss: close the offer'),
        message: z.string().max(1_000).optional().describe('chat: the visitor\'s message, prefilled'),
        url: z.string().max(2_000).optional().describe('url: the page to open (https://…)'),
      })).min(1).max(3).describe('Buttons (the first is the main one)'),
      offerId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'Lowercase letters, digits, - and _' }).optional().describe('Offer id for the conversion view (default: this node\'s id)'),
    }),
    { outputs: [v('commandId', 'string', 'The command queued for the visitor\'s page'), v('offerId', 'string', 'The offer id')], needsCase: false }),
  act('website_open_chat', 'Open chat on the website', 'Website',
    'Opens the web chat in the visitor\'s page with a message from you. With a web chat case the message is a real reply in it; without one it greets the visitor at the top of the chat, and a case starts when they answer. Needs a visitor trigger.',
    z.object({ text: Text.describe('Your message; {{variables}} allowed') }),
    { outputs: [v('commandId', 'string', 'The command queued for the visitor\'s page'), v('delivery', 'string', 'case (a reply in their web chat case) or greeting'), v('messageId', 'string', 'The reply, when sent in the case')], retry: ONCE, needsCase: false }),
  act('website_set_visitor_tag', 'Set visitor tag', 'Website',
    'Adds or removes a tag on the website visitor (kept in their browser): Guide rules and visitor-tag conditions read it. Needs a visitor trigger.',
    z.object({
      tag: z.string().min(1).max(64).describe('Visitor tag'),
      op: z.enum(['add', 'remove']).default('add').describe('Add or remove'),
    }),
    { outputs: [v('commandId', 'string', 'The command queued for the visitor\'s page')], needsCase: false }),
];

export const ACTIONS_BY_TYPE: ReadonlyMap<string, ActionSpec> = new Map(ACTIONS.map((a) => [a.type, a]));
