// A customer on a text channel answers a time picker by typing what they read: the slot as written in
// their language (the fallback renders slot dates in the customer's locale), its English title, or its
// number. The answer parsers match titles in the locale the options were shown in, plus English.
import { describe, expect, it } from 'vitest';
import { getRendering } from '../../connectors/renderers';
import { optionForText, shownTitles } from '../../connectors/shared/answer/resolve-answer';
import { fallbackOptions, fallbackText } from '../../model/content/fallback';
import { parseContentMessage, type ContentMessage } from '../../model/content/model';
import { matchAnswer } from '../../engine/ingest/match-answer';

const parsed = parseContentMessage({
  content: {
    type: 'timePicker', title: 'Elige una hora', timezone: 'Europe/Madrid',
    slots: [
      { id: 's1', start: '2026-12-01T09:00:00Z', durationMinutes: 30 },
      { id: 's2', start: '2026-12-01T15:30:00Z', durationMinutes: 30 },
      { id: 's3', start: '2026-12-02T09:00:00Z', durationMinutes: 60 },
    ],
  },
});
if (!parsed.ok) throw new Error('the test picker does not parse');
const picker = parsed.value as ContentMessage;

const sms = (text: string, locales?: string[]) => getRendering('sms')!.parseAnswer({ Body: text }, picker, locales ? { locales } : undefined)?.optionId ?? null;
const xDm = (text: string, locales?: string[]) =>
  getRendering('x-dm')!.parseAnswer({ direct_message_events: [{ type: 'message_create', message_create: { message_data: { text } } }] }, picker, locales ? { locales } : undefined)?.optionId ?? null;

describe('time-picker answers typed in the customer\'s language', () => {
  it('the Spanish fallback shows the slots as Spanish dates (what the customer copies)', () => {
    expect(fallbackText(picker, { locale: 'es' })).toBe([
      'Elige una hora', 'Horas en Europe/Madrid:',
      '1. mar, 1 dic 2026, 10:00–10:30', '2. mar, 1 dic 2026, 16:30–17:00', '3. mié, 2 dic 2026, 10:00–11:00',
      '', 'Responde con el número o la opción.',
    ].join('\n'));
  });

  it('es: the Spanish title as shown, typed loosely (no accent, a hyphen) or copied with its number, resolves to the slot', () => {
    expect(sms('mar, 1 dic 2026, 16:30–17:00', ['es'])).toBe('s2');
    expect(sms('Mie 2 dic 2026 10:00-11:00', ['es'])).toBe('s3');
    expect(sms('3. mié, 2 dic 2026, 10:00–11:00', ['es'])).toBe('s3');
    expect(xDm('mar, 1 dic 2026, 10:00–10:30', ['es'])).toBe('s1');
  });

  it('es: the number and the English title still work', () => {
    expect(sms('2', ['es'])).toBe('s2');
    expect(sms(' 3 ', ['es'])).toBe('s3');
    expect(sms('Tue, Dec 1, 2026, 4:30 – 5:00 PM', ['es'])).toBe('s2');
  });

  it('en: the English title and the number resolve; a Spanish title does not (it was never shown)', () => {
    expect(sms('Wed, Dec 2, 2026, 10:00 – 11:00 AM', ['en'])).toBe('s3');
    expect(sms('1', ['en'])).toBe('s1');
    expect(sms('mar, 1 dic 2026, 16:30–17:00', ['en'])).toBeNull();
  });

  it('without the customer\'s locale only English titles match (what every parser did before)', () => {
    expect(sms('mar, 1 dic 2026, 16:30–17:00')).toBeNull();
    expect(sms('Tue, Dec 1, 2026, 4:30 – 5:00 PM')).toBe('s2');
  });

  it('something that is not one of the slots picks nothing', () => {
    expect(sms('mar, 1 dic 2026, 18:00–18:30', ['es'])).toBeNull();
    expect(sms('4', ['es'])).toBeNull();
  });

  it('shownTitles lists each option\'s English and Spanish titles under its number', () => {
    const titles = shownTitles(picker, ['es', 'es']);
    expect(titles.get(2)).toEqual(['Tue, Dec 1, 2026, 4:30 – 5:00 PM', 'mar, 1 dic 2026, 16:30–17:00']);
    expect(optionForText('mar, 1 dic 2026, 16:30–17:00', fallbackOptions(picker), titles)?.payload).toBe('2026-12-01T15:30:00Z');
  });

  it('ingest: matchAnswer with the customer\'s locale records the slot a Spanish text answer names', () => {
    const event = { kind: 'message' as const, eventId: 'e1', providerMessageId: 'p1', threadId: 't', sender: { externalId: '+34600000001' }, occurredAt: 0, text: 'mar, 1 dic 2026, 16:30–17:00', attachments: [], raw: {} };
    const question = { id: 'msg_q', content: picker };
    expect(matchAnswer('sms', event, question, 'es')).toEqual({ messageId: 'msg_q', optionId: 's2', payload: '2026-12-01T15:30:00Z' });
    expect(matchAnswer('sms', event, question, 'en')).toBeNull();
  });
});
