// What the appointment flow says to the customer, as channel-neutral content: the offer is a time
// picker (the channel's renderer shows it natively, or as a numbered list the customer answers by
// number, with the renderer's own "Reply with the number" line), the confirmation and reminders carry Reschedule / Cancel quick replies, and on an email
// channel the confirmation carries an .ics invite.
import { getManifest } from '../../connectors/manifests';
import { buildIcs } from '../../model/appointments/ics';
import type { OfferedSlot, OfferReason } from '../../workflows/appointments/contract';
import { toReply } from '../cases/reply-content';
import type { ReplyInput } from '../cases/case-commands';
import { formatRange } from './format-time';
import { CANCEL_OPTION, RESCHEDULE_OPTION } from './reply-intent';
import type { ServiceRow } from './service-store';

const OFFER_NOTES: Record<OfferReason, string | null> = {
  first: null,
  taken: 'Sorry, that time was just booked by someone else (the slot is no longer free). Here are other free times:',
  reschedule: 'Your previous time has been released. Here are the free times:',
};

/** Whether the channel shows a time picker natively (else the customer reads a numbered list). */
export function hasNativeTimePicker(channelType: string): boolean {
  return getManifest(channelType)?.capabilities.richContent.find((r) => r.type === 'timePicker')?.level === 'native';
}

export function offerMessage(service: ServiceRow, slots: OfferedSlot[], reason: OfferReason, nativePicker = false): ReplyInput {
  const note = OFFER_NOTES[reason];
  const picker = {
    type: 'timePicker', title: `Pick a time for ${service.name}`, timezone: service.timeZone,
    ...(service.location ? { location: { title: service.location } } : {}),
    slots: slots.map((s) => ({ id: s.id, start: new Date(s.start).toISOString(), durationMinutes: Math.round((s.end - s.start) / 60_000) })),
  };
  const footer = { type: 'text', format: 'plain', text: nativePicker ? 'Tap a time, or reply "cancel".' : 'Reply "cancel" if you no longer need an appointment.' };
  return toReply({ content: note ? [{ type: 'text', format: 'plain', text: note }, picker, footer] : [picker, footer] });
}

export function askAgainMessage(slots: OfferedSlot[], reason: 'no_match' | 'ambiguous'): ReplyInput {
  const range = slots.length === 1 ? '1' : `a number from 1 to ${slots.length}`;
  const why = reason === 'ambiguous' ? 'That time matches more than one of the offered slots.' : 'Sorry, that does not match any of the offered times.';
  return toReply({ text: `${why} Which time would you like? Reply with ${range} from the list above, or "cancel".` });
}

const bookedReplies = [
  { id: RESCHEDULE_OPTION, title: 'Reschedule', payload: 'reschedule' },
  { id: CANCEL_OPTION, title: 'Cancel', payload: 'cancel' },
];

export interface BookedFacts {
  appointmentId: string;
  service: ServiceRow;
  start: number;
  end: number;
  agentName: string | null;
  /** The .ics SEQUENCE: grows with every change of the appointment. */
  sequence: number;
}

export function confirmationMessage(f: BookedFacts, channelType: string, now: number): ReplyInput {
  const when = formatRange(f.start, f.end, f.service.timeZone);
  const text = `Booked: ${f.service.name}, ${when}${f.agentName ? ` with ${f.agentName}` : ''}${f.service.location ? `, ${f.service.location}` : ''}. `
    + 'Reply "reschedule" to pick another time or "cancel" to cancel.';
  const reply = toReply({ content: { type: 'quickReplies', text, replies: bookedReplies } });
  if (channelType !== 'email') return reply;
  const ics = buildIcs({
    uid: `${f.appointmentId}@parley`, sequence: f.sequence, start: f.start, end: f.end, stamp: now,
    summary: f.service.name, description: text, ...(f.service.location ? { location: f.service.location } : {}),
  });
  // A data: URL carries the invite inside the message (mail senders such as nodemailer attach it as is).
  const url = `data:text/calendar;method=PUBLISH;charset=utf-8;base64,${Buffer.from(ics, 'utf8').toString('base64')}`;
  return { ...reply, attachments: [{ url, mime: 'text/calendar', name: 'invite.ics', size: Buffer.byteLength(ics) }] };
}

export function reminderMessage(f: BookedFacts): ReplyInput {
  const when = formatRange(f.start, f.end, f.service.timeZone);
  return toReply({ content: { type: 'quickReplies', text: `Reminder: ${f.service.name}, ${when}${f.agentName ? ` with ${f.agentName}` : ''}.`, replies: bookedReplies } });
}

export function cancelledMessage(service: ServiceRow, start: number | null, end: number | null, reason: string): ReplyInput {
  if (reason === 'no_slots') {
    return toReply({ text: `Sorry, there are no free times for ${service.name} in the next ${service.horizonDays} days. An agent will get back to you.` });
  }
  if (reason === 'expired') return toReply({ text: `The times offered for ${service.name} are no longer held. Write to us when you would like to book.` });
  const what = start !== null && end !== null ? `${service.name} on ${formatRange(start, end, service.timeZone)}` : service.name;
  return toReply({ text: `Your appointment for ${what} is cancelled.` });
}
