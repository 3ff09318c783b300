// The subject a message asks for when it starts a mail thread (a rule's send_message with a
// `subject`): kept on the stored message's content under EMAIL_SUBJECT_KEY and handed to the email
// connector as `context.email.newSubject` (connectors/email/send.ts subjectOf). A reply in a thread
// that already has mail keeps "Re: <the thread's subject>", as mail clients expect.
export const EMAIL_SUBJECT_KEY = 'emailSubject';

/** `{ newSubject }` when the content carries a non-empty subject, else nothing. */
export function newSubjectOf(content: unknown): { newSubject?: string } {
  const subject = content && typeof content === 'object' ? (content as Record<string, unknown>)[EMAIL_SUBJECT_KEY] : undefined;
  return typeof subject === 'string' && subject.trim() ? { newSubject: subject.replace(/\s+/g, ' ').trim() } : {};
}
