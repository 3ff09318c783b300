// What a customer's message means to an appointment: a tapped slot (the message's content.answer,
// matched by ingest against the offer), a typed option number ("2") or time ("10:30", "3pm"), or a
// cancel / reschedule keyword (or a tap on the confirmation's quick replies). In the picking phase,
// anything else is "unclear" and gets a clear question back; once booked, it is ignored.
import { parseTypedNumber } from '../../connectors/shared/answer/typed-number';
import { foldForMatch } from '../../connectors/shared/answer/match-text';
import type { OfferedSlot, ReplyIntent, ReplyPhase } from '../../workflows/appointments/contract';
import { formatClock } from './format-time';

/** Option ids of the confirmation's and reminders' quick replies. */
export const CANCEL_OPTION = 'appt-cancel';
export const RESCHEDULE_OPTION = 'appt-reschedule';

const CANCEL_WORDS = ['cancel', 'cancel it', 'cancel appointment', 'cancelar', 'anular', 'annuler', 'stornieren', 'annullare', 'cancella'];
const RESCHEDULE_WORDS = ['reschedule', 'change time', 'change the time', 'change appointment', 'another time', 'other time', 'other times', 'reprogramar', 'cambiar hora', 'cambiar la cita', 'otra hora', 'verschieben'];

export interface InboundReply {
  text: string;
  /** content.answer as ingest recorded it. */
  answer?: { messageId: string; optionId: string; payload: string };
}

/** Minutes after midnight of a typed clock time: "10:30", "10.30", "10h30", "10 am", "3pm", "15h". */
export function typedClock(text: string): number | null {
  const m = /(?:^|[^\d])(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h)?(?![\d])/i.exec(text);
  if (!m) return null;
  const hasMinutes = m[2] !== undefined;
  const suffix = m[3]?.toLowerCase().replace(/\./g, '');
  if (!hasMinutes && !suffix) return null; // a bare number is an option number, not a time
  let hour = Number(m[1]);
  const minute = hasMinutes ? Number(m[2]) : 0;
  if (minute > 59) return null;
  if (suffix === 'am' || suffix === 'pm') {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  }
  return hour < 24 ? hour * 60 + minute : null;
}

const isWord = (folded: string, words: string[]) => words.some((w) => folded === w || folded.startsWith(`${w} `) || folded.startsWith(`${w},`) || folded.startsWith(`${w}.`));

export function interpretReply(reply: InboundReply, offered: OfferedSlot[], phase: ReplyPhase, timeZone: string): ReplyIntent {
  const option = reply.answer?.optionId;
  if (option === CANCEL_OPTION) return { kind: 'cancel' };
  if (option === RESCHEDULE_OPTION) return { kind: 'reschedule' };
  if (phase === 'picking' && option && offered.some((s) => s.id === option)) return { kind: 'pick', slotId: option };

  const firstLine = reply.text.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const folded = foldForMatch(firstLine).replace(/[!?¡¿]+$/u, '').trim();
  if (isWord(folded, CANCEL_WORDS)) return { kind: 'cancel' };
  if (isWord(folded, RESCHEDULE_WORDS)) return { kind: 'reschedule' };
  if (phase === 'booked') return { kind: 'ignore' };

  const n = parseTypedNumber(firstLine);
  if (n !== null) return n <= offered.length ? { kind: 'pick', slotId: offered[n - 1].id } : { kind: 'unclear', reason: 'no_match' };
  const clock = typedClock(firstLine);
  if (clock !== null) {
    const hhmm = `${String(Math.floor(clock / 60)).padStart(2, '0')}:${String(clock % 60).padStart(2, '0')}`;
    const matches = offered.filter((s) => formatClock(s.start, timeZone) === hhmm);
    if (matches.length === 1) return { kind: 'pick', slotId: matches[0].id };
    return { kind: 'unclear', reason: matches.length > 1 ? 'ambiguous' : 'no_match' };
  }
  return { kind: 'unclear', reason: 'no_match' };
}
