// A satisfaction survey (the rules' send_survey action) is a quick-replies question whose stored
// content carries `survey: true`. The customer's answer to it — tapped or typed, as matched by
// ingest — is stored on the case as custom field `satisfaction` and in its audit trail.
import type { Db } from '../db/open-database';
import { statement } from '../rules/events/sql-handle';
import type { MatchedAnswer } from './match-answer';

/** The marker send_survey puts on the survey message's content. */
export const SURVEY_MARKER = 'survey';

export function isSurveyQuestion(content: unknown): boolean {
  return typeof content === 'object' && content !== null && (content as Record<string, unknown>)[SURVEY_MARKER] === true;
}

const SET_SATISFACTION = `update cases set custom_fields = json_set(custom_fields, '$.satisfaction', ?) where id = ?`;
const AUDIT = `insert into case_events (account_id, case_id, type, from_value, to_value, actor, detail, at) values (?, ?, 'survey_answered', null, ?, 'customer', ?, ?)`;

export function storeSurveyAnswer(db: Db, a: { accountId: string; caseId: string; messageId: string; answer: MatchedAnswer; now: number }) {
  const rating = Number(a.answer.payload);
  const value = Number.isFinite(rating) && a.answer.payload.trim() !== '' ? rating : a.answer.payload;
  statement(db, SET_SATISFACTION).run(value, a.caseId);
  statement(db, AUDIT).run(a.accountId, a.caseId, String(value), JSON.stringify({ messageId: a.messageId, surveyMessageId: a.answer.messageId }), a.now);
}
