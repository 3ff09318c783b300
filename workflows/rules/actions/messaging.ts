// `send_message` and `send_survey`: a message in the case, sent like an agent's reply (stored,
// queued, delivered by the case workflow) but authored by the system on the rule's behalf. The
// channel's rules apply as to an automated sender: reply window without the human-agent
// extension, no message the customer did not start where the channel forbids it, not into a
// closed case. A refusal is not an error: the output says { refused: true, reason } and the run
// records it. The message id derives from the run and node, so a retried action sends nothing twice.
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { queueReply, type ReplyInput } from '../../../engine/cases/case-commands';
import { toReply } from '../../../engine/cases/reply-content';
import { caseEvents, messages } from '../../../engine/db/schema';
import { ParleyError } from '../../../engine/errors';
import { SURVEY_MARKER } from '../../../engine/ingest/survey-answer';
import { EMAIL_SUBJECT_KEY } from '../../../engine/email/message-subject';
import { caseCustomerLocale } from '../../../engine/contacts/customer-locale';
import { customerWords } from '../../../model/i18n/customer-words';
import type { ActionRunInfo } from '../contract';
import type { ActionHandlers } from './action-handler';
import { actionScheduledAt, caseIdOf, commandDeps, refusal, ruleActor, ruleCause, ruleDetail, type RuleActionDeps } from './rule-action-deps';

/** Refusals the channel's or the case's rules give; anything else is a real failure. */
const REFUSAL_CODES = new Set(['reply_window_closed', 'proactive_outbound_not_allowed', 'case_closed', 'channel_disabled']);

export interface SendOutput {
  messageId: string | null;
  refused: boolean;
  reason?: string;
}

/**
 * `msg_<time><seq><hash>` like engine/ids (so the thread, ordered by id, shows it where it was
 * sent), from the action's first scheduling time and a hash of run + node: the same on every retry.
 */
export function ruleMessageId(run: Pick<ActionRunInfo, 'runId' | 'nodeId'>, at: number): string {
  const hash = createHash('sha256').update(`${run.runId}\n${run.nodeId}`).digest('hex').slice(0, 12);
  return `msg_${at.toString(36).padStart(9, '0')}zzz${hash}`;
}

/** Text plus quick replies (ids q1…qn, payload = title), or the rich content given, with its fallback text. */
export function ruleMessage(input: Record<string, unknown>): ReplyInput {
  const text = String(input.text ?? '');
  if (input.content && typeof input.content === 'object') {
    const content = input.content as Record<string, unknown>;
    // Either a whole message ({ content: block | blocks }) or one block.
    return toReply({ content: 'content' in content ? content.content : content });
  }
  const quickReplies = Array.isArray(input.quickReplies) ? (input.quickReplies as { title: string }[]) : [];
  if (quickReplies.length === 0) return toReply({ text });
  return toReply({
    content: {
      type: 'quickReplies', text,
      replies: quickReplies.map((q, i) => ({ id: `q${i + 1}`, title: q.title, payload: q.title })),
    },
  });
}

/**
 * Ratings 1–5 as quick replies; text-only channels get the numbered fallback, and "4" maps back to the
 * option. The default question (left as the catalogue's English) is asked in the customer's language.
 */
export function surveyMessage(question: string, locale?: string): ReplyInput {
  const asked = !question.trim() || question === customerWords('en').survey.question ? customerWords(locale).survey.question : question;
  return toReply({
    content: {
      type: 'quickReplies', text: asked,
      replies: [1, 2, 3, 4, 5].map((n) => ({ id: `rating-${n}`, title: String(n), payload: String(n) })),
    },
  });
}

/** The content extra carrying send_message's `subject` (used only when the message starts a mail thread). */
export function emailSubjectExtra(input: Record<string, unknown>): Record<string, unknown> | undefined {
  const subject = typeof input.subject === 'string' ? input.subject.replace(/\s+/g, ' ').trim() : '';
  return subject ? { [EMAIL_SUBJECT_KEY]: subject } : undefined;
}

export function createMessagingActions(deps: RuleActionDeps): ActionHandlers {
  async function send(run: ActionRunInfo, action: string, build: () => ReplyInput, contentExtras?: Record<string, unknown>): Promise<SendOutput> {
    const caseId = caseIdOf(run, action);
    const messageId = ruleMessageId(run, actionScheduledAt(deps));
    const sent = deps.db.select({ id: messages.id }).from(messages).where(and(eq(messages.id, messageId), eq(messages.caseId, caseId))).get();
    if (sent) return { messageId, refused: false };
    let reply: ReplyInput;
    try {
      reply = build();
    } catch (err) {
      if (err instanceof ParleyError) throw refusal(`${err.message} ${err.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') ?? ''}`.trim(), 'InvalidContent');
      throw err;
    }
    const cause = ruleCause(run, action);
    try {
      queueReply(commandDeps(deps), run.accountId, caseId, reply, undefined, {
        authorType: 'system', authorId: run.ruleId, byHuman: false, messageId, contentExtras,
        audit: { actorId: cause.actorId, detail: cause.detail }, origin: cause.origin,
      });
      return { messageId, refused: false };
    } catch (err) {
      if (!(err instanceof ParleyError) || !REFUSAL_CODES.has(err.code)) throw err;
      // The timeline says what the rule tried and why the channel said no.
      deps.db.insert(caseEvents).values({
        accountId: run.accountId, caseId, type: 'rule_action', from: null, to: null, actor: ruleActor(run),
        detail: { ...ruleDetail(run, action), refused: err.message }, at: Date.now(),
      }).run();
      return { messageId: null, refused: true, reason: err.message };
    }
  }

  return {
    // An email subject rides on the stored content and becomes context.email.newSubject when sent.
    send_message: (input, run) => send(run, 'send_message', () => ruleMessage(input), emailSubjectExtra(input)),
    send_survey: (input, run) => send(run, 'send_survey', () => surveyMessage(String(input.question ?? ''), caseCustomerLocale(deps.db, caseIdOf(run, 'send_survey'))), { [SURVEY_MARKER]: true }),
  };
}
