// Appointment and payment texts Parley sends on its own follow the customer's language; without one
// they stay English (test/unit/appointments-api.test.ts and the payments tests hold the English side).
import { describe, expect, it } from 'vitest';
import { askAgainMessage, cancelledMessage, confirmationMessage, offerMessage, reminderMessage } from '../../engine/appointments/appointment-messages';
import type { ServiceRow } from '../../engine/appointments/service-store';
import { paymentLinkMessage, paymentOutcomeText } from '../../engine/payments/payment-messages';
import { interpretReply } from '../../engine/appointments/reply-intent';
import { renderSms } from '../../connectors/sms/render';
import type { ContentMessage } from '../../model/content/model';
import { surveyMessage } from '../../workflows/rules/actions/messaging';

const service = { id: 'svc_1', name: 'Consulta', timeZone: 'Europe/Madrid', location: 'Calle Mayor 1', horizonDays: 14 } as ServiceRow;
const facts = { appointmentId: 'appt_1', service, start: Date.parse('2026-03-30T08:00:00Z'), end: Date.parse('2026-03-30T08:30:00Z'), agentName: 'Ana', sequence: 1 };
const slots = [
  { id: 'o1-1', start: Date.parse('2026-03-30T08:00:00Z'), end: Date.parse('2026-03-30T08:30:00Z'), agentId: 'a' },
  { id: 'o1-2', start: Date.parse('2026-03-30T08:30:00Z'), end: Date.parse('2026-03-30T09:00:00Z'), agentId: 'a' },
];

describe('appointment messages in Spanish', () => {
  it('the confirmation: Spanish words, Spanish date, Spanish quick replies', () => {
    const reply = confirmationMessage(facts, 'sms', Date.now(), 'es');
    const content = reply.content.content as { text: string; replies: { title: string }[] };
    expect(content.text).toBe('Reservado: Consulta, lun, 30 mar 2026, 10:00–10:30 (Europe/Madrid) con Ana, Calle Mayor 1. '
      + 'Responde "reprogramar" para elegir otra hora o "cancelar" para anularla.');
    expect(content.replies.map((r) => r.title)).toEqual(['Reprogramar', 'Cancelar']);
    // The words the text asks for are ones the flow understands.
    expect(interpretReply({ text: 'reprogramar' }, [], 'booked', 'Europe/Madrid')).toEqual({ kind: 'reschedule' });
    expect(interpretReply({ text: 'Cancelar' }, [], 'booked', 'Europe/Madrid')).toEqual({ kind: 'cancel' });
  });

  it('the offer, as an SMS customer reads it: title, labels, dates, footer and hint in Spanish', () => {
    const offer = offerMessage(service, slots, 'taken', false, 'es');
    const body = renderSms(offer.content as ContentMessage, { recipientId: '+34600111222', threadId: 't', locale: 'es' }).payloads[0].Body;
    expect(body).toMatch(/^Lo sentimos, alguien acaba de reservar esa hora/);
    expect(body).toContain('Elige una hora para Consulta\nLugar: Calle Mayor 1\nHoras en Europe/Madrid:\n1. lun, 30 mar 2026, 10:00');
    expect(body).toContain('Responde "cancelar" si ya no necesitas la cita.');
    expect(body.endsWith('Responde con el número o la opción.')).toBe(true);
  });

  it('reminders, questions and cancellations', () => {
    expect((reminderMessage(facts, 'es').content.content as { text: string }).text).toBe('Recordatorio: Consulta, lun, 30 mar 2026, 10:00–10:30 (Europe/Madrid) con Ana.');
    expect(askAgainMessage(slots, 'no_match', 'es').text).toBe('Lo sentimos, eso no coincide con ninguna de las horas ofrecidas. ¿Qué hora prefieres? Responde con un número del 1 al 2 de la lista anterior, o "cancelar".');
    expect(cancelledMessage(service, facts.start, facts.end, 'customer', 'es').text).toBe('Tu cita de Consulta el lun, 30 mar 2026, 10:00–10:30 (Europe/Madrid) está cancelada.');
    expect(cancelledMessage(service, null, null, 'no_slots', 'es').text).toMatch(/^Lo sentimos, no hay horas libres para Consulta en los próximos 14 días/);
  });

  it('English stays as it was when no language is known', () => {
    expect(confirmationMessage(facts, 'sms', Date.now()).text).toContain('Booked: Consulta, Mon, 30 Mar 2026, 10:00–10:30 (Europe/Madrid) with Ana, Calle Mayor 1.');
    expect(askAgainMessage(slots, 'ambiguous').text).toBe('That time matches more than one of the offered slots. Which time would you like? Reply with a number from 1 to 2 from the list above, or "cancel".');
  });
});

describe('payment messages in Spanish', () => {
  const link = { amount: 1250, currency: 'eur', description: 'Pedido 42', url: 'https://checkout.stripe.test/c/1', expiresAt: Date.parse('2026-03-30T10:00:00Z') };

  it('the link and its button, with the amount written the Spanish way', () => {
    const reply = paymentLinkMessage(link, [{ type: 'buttons', level: 'native' }] as never, 'es');
    expect(reply.text).toBe('Solicitud de pago: Pedido 42 — 12,50 €. Paga de forma segura con Stripe (el enlace funciona hasta el 2026-03-30 10:00 UTC).\nhttps://checkout.stripe.test/c/1');
    expect(JSON.stringify(reply.content)).toContain('"title":"Pagar 12,50 €"');
  });

  it('the outcome notices', () => {
    expect(paymentOutcomeText('paid', link, 'es')).toBe('Pago recibido: 12,50 € por Pedido 42. ¡Gracias!');
    expect(paymentOutcomeText('refund', { ...link, refundAmount: 500 }, 'es')).toBe('Te estamos devolviendo 5,00 € por Pedido 42.');
    expect(paymentOutcomeText('paid', link)).toBe('Payment received: €12.50 for Pedido 42. Thank you!');
  });
});

describe('the satisfaction survey', () => {
  it('asks its default question in the customer\'s language, and an author\'s own question as written', () => {
    const asked = surveyMessage('How would you rate our help? (1 = poor, 5 = great)', 'es');
    const body = renderSms(asked.content as ContentMessage, { recipientId: '+34600111222', threadId: 't', locale: 'es' }).payloads[0].Body;
    expect(body).toBe('¿Cómo valorarías nuestra ayuda? (1 = mala, 5 = excelente)\n\n1. 1\n2. 2\n3. 3\n4. 4\n5. 5\n\nResponde con el número o la opción.');
    expect((surveyMessage('¿Qué tal te atendimos?', 'en').content.content as { text: string }).text).toBe('¿Qué tal te atendimos?');
    expect((surveyMessage('How would you rate our help? (1 = poor, 5 = great)').content.content as { text: string }).text).toBe('How would you rate our help? (1 = poor, 5 = great)');
  });
});
