// The words Parley adds to rich content read as text (reply hint, labels, dates) follow the
// customer's locale; without one they stay exactly as before (the goldens check the English side).
import { describe, expect, it } from 'vitest';
import { fallbackOptions, fallbackText } from '../../model/content/fallback';
import { parseContentMessage, type ContentMessage } from '../../model/content/model';
import { renderSms } from '../../connectors/sms/render';
import { renderTelegram } from '../../connectors/telegram/render';
import { renderWhatsApp } from '../../connectors/whatsapp/render';

const msg = (value: unknown): ContentMessage => {
  const parsed = parseContentMessage(value);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
};

const question = msg({ content: { type: 'quickReplies', text: '¿Te ha llegado el pedido?', replies: [{ id: 'y', title: 'Sí', payload: 'yes' }, { id: 'n', title: 'No', payload: 'no' }] } });
const picker = msg({ content: {
  type: 'timePicker', title: 'Cita', timezone: 'Europe/Madrid', location: { title: 'Tienda Sol' },
  slots: [{ id: 's1', start: '2025-03-04T08:30:00Z', durationMinutes: 30 }],
} });
const form = msg({ content: { type: 'form', title: 'Datos', fields: [{ id: 'e', label: 'Correo', kind: 'email', required: true }] } });

describe('fallback text in the customer\'s language', () => {
  it('ends numbered options with the Spanish hint for es, the English one otherwise', () => {
    expect(fallbackText(question, { locale: 'es' })).toBe('¿Te ha llegado el pedido?\n\n1. Sí\n2. No\n\nResponde con el número o la opción.');
    expect(fallbackText(question, { locale: 'es-MX' })).toMatch(/Responde con el número o la opción\.$/);
    expect(fallbackText(question)).toMatch(/\n\nReply with the number or the option\.$/);
    expect(fallbackText(question, { locale: 'fr' })).toMatch(/Reply with the number or the option\.$/);
  });

  it('writes time slots with Spanish labels and Spanish dates', () => {
    const text = fallbackText(picker, { locale: 'es' });
    expect(text).toContain('Lugar: Tienda Sol');
    expect(text).toContain('Horas en Europe/Madrid:');
    expect(text).toMatch(/1\. mar, 4 mar 2025, 9:30\s*–\s*10:00/);
    // The options a typed answer is matched against read the same as the text.
    expect(fallbackOptions(picker, { locale: 'es' })[0].title).toMatch(/^mar, 4 mar 2025/);
  });

  it('asks for form fields in Spanish', () => {
    expect(fallbackText(form, { locale: 'es' })).toBe('Datos\nResponde, por favor, con:\n- Correo (correo electrónico) *\n* obligatorio');
  });

  it('keeps the author\'s own fallback text whatever the language', () => {
    expect(fallbackText({ ...question, fallbackText: 'Escribe sí o no' }, { locale: 'es' })).toBe('Escribe sí o no');
  });
});

describe('renderers read RenderContext.locale', () => {
  it('SMS: the Body carries the Spanish hint', () => {
    const { payloads } = renderSms(question, { recipientId: '+34600111222', threadId: 't', locale: 'es' });
    expect(payloads[0].Body.endsWith('Responde con el número o la opción.')).toBe(true);
    const english = renderSms(question, { recipientId: '+34600111222', threadId: 't' });
    expect(english.payloads[0].Body.endsWith('Reply with the number or the option.')).toBe(true);
  });

  it('a block that falls back inside a rich renderer gets the Spanish hint and words (shared block loop)', () => {
    const card = msg({ content: { type: 'adaptiveCard', card: {
      type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '¿Confirmas la cita?' }],
      actions: [{ type: 'Action.Submit', title: 'Sí', data: { ok: true } }, { type: 'Action.Submit', title: 'No', data: { ok: false } }],
    } } });
    const sent = JSON.stringify(renderTelegram(card, { recipientId: '42', threadId: '42', locale: 'es' }).payloads);
    expect(sent).toContain('1. Sí\\n2. No\\n\\nResponde con el número o la opción.');
    expect(JSON.stringify(renderTelegram(card, { recipientId: '42', threadId: '42' }).payloads)).toContain('Reply with the number or the option.');
    expect(JSON.stringify(renderTelegram(form, { recipientId: '42', threadId: '42', locale: 'es' }).payloads)).toContain('Responde, por favor, con:');
  });

  it('native slot labels are in the customer\'s language (Telegram buttons, WhatsApp list rows)', () => {
    const telegram = JSON.stringify(renderTelegram(picker, { recipientId: '42', threadId: '42', locale: 'es' }).payloads);
    expect(telegram).toContain('mar, 4 mar, 09:30');
    const whatsapp = JSON.stringify(renderWhatsApp(picker, { recipientId: '34600111222', threadId: 't', locale: 'es' }).payloads);
    expect(whatsapp).toContain('mar, 4 mar, 09:30');
    // No locale: the renderers' own English labels, as before.
    expect(JSON.stringify(renderTelegram(picker, { recipientId: '42', threadId: '42' }).payloads)).toContain('Tue 4 Mar, 09:30');
  });
});
