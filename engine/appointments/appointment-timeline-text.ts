// The case timeline's sentence for one appointment step (case_events type `appointment`, to = step).
import { formatStart } from './format-time';

export const APPOINTMENT_STEPS = [
  'offered', 'pick_unclear', 'slot_taken', 'confirmed', 'reminder_sent', 'rescheduling', 'cancelled', 'completed', 'expired', 'no_slots',
] as const;
export type AppointmentStep = (typeof APPOINTMENT_STEPS)[number];

export function describeAppointmentEvent(step: string | null, d: Record<string, unknown>): string {
  const service = typeof d.serviceName === 'string' ? d.serviceName : 'appointment';
  const zone = typeof d.timeZone === 'string' ? d.timeZone : 'UTC';
  const when = typeof d.start === 'number' ? ` for ${formatStart(d.start, zone)} (${zone})` : '';
  const agent = typeof d.agentName === 'string' ? ` with ${d.agentName}` : '';
  switch (step) {
    case 'offered': return `Appointment times offered for ${service} (${String(d.slotCount ?? '?')} slots)`;
    case 'pick_unclear': return `Reply picked no offered ${service} time; asked again`;
    case 'slot_taken': return `The chosen ${service} time was taken meanwhile; other times offered`;
    case 'confirmed': return `Appointment ${service} booked${when}${agent}`;
    case 'reminder_sent': return `Appointment reminder sent for ${service}${when}`;
    case 'rescheduling': return `Appointment ${service} being rescheduled`;
    case 'cancelled': return `Appointment ${service} cancelled${typeof d.reason === 'string' ? ` (${d.reason})` : ''}`;
    case 'completed': return `Appointment ${service} took place${when}`;
    case 'expired': return `Appointment offer for ${service} expired without a pick`;
    case 'no_slots': return `No free ${service} times to offer`;
    default: return `Appointment ${service}: ${step ?? 'updated'}`;
  }
}
