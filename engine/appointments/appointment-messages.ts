// What the appointment flow says to the customer, as channel-neutral content: the offer is a time
// picker (the channel's renderer shows it natively, or as a numbered list the customer answers by
// number, with the renderer's own "Reply with the number" line), the confirmation and reminders carry Reschedule / Cancel quick replies, and on an email
// channel the confirmation carries an .ics invite. Every text is in the customer's language
// (model/i18n; `locale` from engine/contacts/customer-locale.ts), English when none is known.
import { getManifest } from '../../connectors/manifests';
import { buildIcs } from '../../model/appointments/ics';
import type { OfferedSlot, OfferReason } from '../../workflows/appointments/contract';
import { toReply } from '../cases/reply-content';
import type { ReplyInput } from '../cases/case-commands';
import { customerWords } from '../../model/i18n/customer-words';
import { formatRange } from './format-time';
import { CANCEL_OPTION, RESCHEDULE_OPTION } from './reply-intent';
import type { ServiceRow } from './service-store';

function offerNote(reason: OfferReason, locale: string | undefined): string | null {
  const words = customerWords(locale).appointment;
  return reason === 'taken' ? words.slotTaken : reason === 'reschedule' ? words.slotReleased : null;
}

/** Whether the channel shows a time picker natively (else the customer reads a numbered list). */
export function hasNativeTimePicker(channelType: string): boolean {
  return getManifest(channelType)?.capabilities.richContent.find((r) => r.type === 'timePicker')?.level === 'native';
}

export function offerMessage(service: ServiceRow, slots: OfferedSlot[], reason: OfferReason, nativePicker = false, locale?: string): ReplyInput {
  const words = customerWords(locale).appointment;
  const note = offerNote(reason, locale);
  const picker = {
    type: 'timePicker', title: words.pickTime(service.name), timezone: service.timeZone,
    ...(service.location ? { location: { title: service.location } } : {}),
    slots: slots.map((s) => ({ id: s.id, start: new Date(s.start).toISOString(), durationMinutes: Math.round((s.end - s.start) / 60_000) })),
  };
  const footer = { type: 'text', format: 'plain', text: nativePicker ? words.tapOrCancel : words.replyCancel };
  return toReply({ content: note ? [{ type: 'text', format: 'plain', text: note }, picker, footer] : [picker, footer] });
}

export function askAgainMessage(slots: OfferedSlot[], reason: 'no_match' | 'ambiguous', locale?: string): ReplyInput {
  const words = customerWords(locale).appointment;
  return toReply({ text: words.askAgain(reason === 'ambiguous' ? words.ambiguous : words.noMatch, slots.length) });
}

/** The confirmation's and reminders' quick replies (the payloads stay English: reply-intent reads them). */
const bookedReplies = (locale: string | undefined) => [
  { id: RESCHEDULE_OPTION, title: customerWords(locale).appointment.reschedule, payload: 'reschedule' },
  { id: CANCEL_OPTION, title: customerWords(locale).appointment.cancel, payload: 'cancel' },
];

/** "Consultation, Mon 30 Mar 2026, 10:00–10:30 (Europe/Madrid) with Ana, Calle Mayor 1". */
function bookedWhat(f: BookedFacts, locale: string | undefined, withLocation: boolean): string {
  const words = customerWords(locale).appointment;
  const when = formatRange(f.start, f.end, f.service.timeZone, locale);
  return `${f.service.name}, ${when}${f.agentName ? words.withAgent(f.agentName) : ''}${withLocation && f.service.location ? `, ${f.service.location}` : ''}`;
}

export interface BookedFacts {
  appointmentId: string;
  service: ServiceRow;
  start: number;
  end: number;
  agentName: string | null;
  /** The .ics SEQUENCE: grows with every change of the appointment. */
  sequence: number;
}

export function confirmationMessage(f: BookedFacts, channelType: string, now: number, locale?: string): ReplyInput {
  const text = customerWords(locale).appointment.booked(bookedWhat(f, locale, true));
  const reply = toReply({ content: { type: 'quickReplies', text, replies: bookedReplies(locale) } });
  if (channelType !== 'email') return reply;
  const ics = buildIcs({
    uid: `${f.appointmentId}@parley`, sequence: f.sequence, start: f.start, end: f.end, stamp: now,
    summary: f.service.name, description: text, ...(f.service.location ? { location: f.service.location } : {}),
  });
  // A data: URL carries the invite inside the message (mail senders such as nodemailer attach it as is).
  const url = `data:text/calendar;method=PUBLISH;charset=utf-8;base64,${Buffer.from(ics, 'utf8').toString('base64')}`;
  return { ...reply, attachments: [{ url, mime: 'text/calendar', name: 'invite.ics', size: Buffer.byteLength(ics) }] };
}

export function reminderMessage(f: BookedFacts, locale?: string): ReplyInput {
  return toReply({ content: { type: 'quickReplies', text: customerWords(locale).appointment.reminder(bookedWhat(f, locale, false)), replies: bookedReplies(locale) } });
}

export function cancelledMessage(service: ServiceRow, start: number | null, end: number | null, reason: string, locale?: string): ReplyInput {
  const words = customerWords(locale).appointment;
  if (reason === 'no_slots') return toReply({ text: words.noFreeTimes(service.name, service.horizonDays) });
  if (reason === 'expired') return toReply({ text: words.offerExpired(service.name) });
  const what = start !== null && end !== null ? words.on(service.name, formatRange(start, end, service.timeZone, locale)) : service.name;
  return toReply({ text: words.cancelled(what) });
}
