// Durations, {{variables}}, text normalisation and the regex safety check.
import { describe, expect, it } from 'vitest';
import { durationToMs, formatDuration, parseDuration, tryParseDuration } from '../../model/rules/duration';
import { checkRegex, compileSafeRegex } from '../../model/rules/safe-regex';
import { findTemplateRefs, isPureTemplate, lookupPath, resolveTemplate, resolveTemplates, templateRefs } from '../../model/rules/templates';
import { normalizeText, textContains, textStartsWith } from '../../model/rules/text-match';
import { ctxFor, messageEvent } from './rules-model-fixtures';

describe('durations', () => {
  it('parses a number and a unit', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('3d')).toBe(259_200_000);
    expect(parseDuration(' 2h ')).toBe(7_200_000);
  });

  it('refuses anything else with a message that shows the form', () => {
    for (const bad of ['', '2', 'h', '1.5h', '2 hours', '-1m', '2w']) expect(tryParseDuration(bad)).toBeNull();
    expect(() => parseDuration('2 hours')).toThrow('"2 hours" is not a duration: write a number and a unit, e.g. 500ms, 90s, 15m, 2h, 3d');
  });

  it('accepts ms as a number or digits where a value may be either', () => {
    expect(durationToMs(60_000)).toBe(60_000);
    expect(durationToMs('60000')).toBe(60_000);
    expect(durationToMs('1m')).toBe(60_000);
    expect(durationToMs(-5)).toBeNull();
    expect(durationToMs('soon')).toBeNull();
  });

  it('formats for display with the two largest units', () => {
    expect(formatDuration(500)).toBe('500ms');
    expect(formatDuration(90_000)).toBe('1m 30s');
    expect(formatDuration(5_400_000)).toBe('1h 30m');
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(formatDuration(86_400_000 + 5_000)).toBe('1d');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
  });
});

describe('templates', () => {
  const ctx = { ...ctxFor(), steps: { call: { output: { status: 201, body: { id: 'T-9', lines: [{ sku: 'a' }] } } } } };

  it('finds references in strings and deep inside objects and arrays', () => {
    expect(findTemplateRefs('Hi {{ contact.name }}, case {{case.id}}')).toEqual(['contact.name', 'case.id']);
    expect(templateRefs({ text: 'Hi {{contact.name}}', quickReplies: [{ title: '{{case.id}}' }, { title: '{{contact.name}}' }], n: 3 }))
      .toEqual(['contact.name', 'case.id']);
    expect(templateRefs('no variables')).toEqual([]);
    expect(isPureTemplate('{{ case.priority }}')).toBe(true);
    expect(isPureTemplate('p{{case.priority}}')).toBe(false);
  });

  it('fills in trigger, case, contact, channel, step outputs and now', () => {
    expect(resolveTemplate('{{trigger.message.text}} / {{case.id}} / {{contact.email}} / {{channel.type}} / {{now}}', ctx))
      .toBe(`Hola, quiero un Reembolsó de mi pedido / case_1 / jose@example.com / whatsapp / ${ctx.now}`);
    expect(resolveTemplate('Ticket {{steps.call.output.body.id}} ({{steps.call.output.status}})', ctx)).toBe('Ticket T-9 (201)');
  });

  it('renders missing values as empty, lists joined with ", " and objects as JSON', () => {
    expect(resolveTemplate('[{{case.customFields.nope}}][{{steps.ghost.output.x}}][{{contact.name.first}}]', ctx)).toBe('[][][]');
    expect(resolveTemplate('{{case.tags}}', ctxFor(messageEvent({ case: { ...ctx.case!, tags: ['vip', 'refund'] } })))).toBe('vip, refund');
    expect(resolveTemplate('{{steps.call.output.body}}', ctx)).toBe('{"id":"T-9","lines":[{"sku":"a"}]}');
    expect(resolveTemplate('{{steps.call.output.body.lines}}', ctx)).toBe('{"sku":"a"}');
    expect(resolveTemplate('{{case.assigneeId}}', ctx)).toBe('');
  });

  it('does not reach into prototypes or unknown roots', () => {
    expect(lookupPath(ctx, 'case.constructor')).toBeUndefined();
    expect(lookupPath(ctx, 'case.__proto__')).toBeUndefined();
    expect(lookupPath(ctx, 'account.businessHours')).toBeUndefined();
    expect(resolveTemplate('{{process.env.HOME}}', ctx)).toBe('');
  });

  it('resolves strings deep inside an input and leaves other values alone', () => {
    const input = { text: 'Hi {{contact.name}}', quickReplies: [{ title: '{{case.status}}' }], timeoutMs: 500, flag: true, body: { ref: '{{case.id}}' } };
    expect(resolveTemplates(input, ctx)).toEqual({ text: 'Hi José Núñez', quickReplies: [{ title: 'open' }], timeoutMs: 500, flag: true, body: { ref: 'case_1' } });
    expect(input.text).toBe('Hi {{contact.name}}');
  });
});

describe('text matching', () => {
  it('normalises case, accents and spaces by default', () => {
    expect(normalizeText('  Ñandú   ÉCLAIR ')).toBe('nandu eclair');
    expect(normalizeText('Ñandú', { ignoreAccents: false })).toBe('ñandú');
    expect(normalizeText('Ñandú', { ignoreCase: false })).toBe('Nandu');
    // Composed and decomposed forms of é compare equal even when accents count.
    expect(normalizeText('e\u0301', { ignoreAccents: false })).toBe(normalizeText('\u00e9', { ignoreAccents: false }));
  });

  it('contains whole words or phrases, or substrings on request', () => {
    expect(textContains('Please discard the card', 'card')).toBe(true);
    expect(textContains('Please discard this', 'card')).toBe(false);
    expect(textContains('Please discard this', 'card', { match: 'substring' })).toBe(true);
    expect(textContains('my credit card, please', 'credit card')).toBe(true);
    expect(textContains('my credit-card', 'credit card')).toBe(false);
    expect(textContains('order #123 shipped', '#123')).toBe(true);
    expect(textContains('refund!', ['money back', 'refund'])).toBe(true);
    expect(textContains('anything', '')).toBe(false);
    expect(textStartsWith('Hola amigo', 'HOLA')).toBe(true);
  });
});

describe('safe regex', () => {
  it('accepts ordinary patterns', () => {
    for (const ok of ['^order-\\d+$', 'reembolso|devoluci[oó]n', '\\b(refund|money back)\\b', '(\\d{3}-)+\\d{4}', '[A-Z]{2}\\d{6}', '\\p{L}+', '(?<year>\\d{4})-(?<m>\\d{2})', '(cat|dog)+', 'a{2,5}b', '^\\s*$']) {
      expect(checkRegex(ok), ok).toEqual({ ok: true });
    }
  });

  it('refuses nested repeats and repeated overlapping choices, naming the fragment', () => {
    for (const bad of ['(a+)+', '(a*)*', '(.*)*', '^(\\w+\\s?)+$', '(a|a)*', '(a|ab)+', '((ab)*c)+', '(x+x+)+y', '(\\d|\\w)+', '(?:a+){2,}']) {
      const r = checkRegex(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/exponential time/);
    }
    expect(checkRegex('^(\\w+\\s?)+$')).toEqual({
      ok: false,
      message: '"(\\w+\\s?)+" repeats a group that itself contains a repeat: on some texts this takes exponential time. Keep only one of the two repeats (e.g. write a+ instead of (a+)+).',
    });
    expect((checkRegex('(a|ab)*') as { message: string }).message).toContain('"(a|ab)*" repeats a choice whose options can start with the same character');
  });

  it('refuses patterns that do not compile or are too long', () => {
    expect(checkRegex('(unclosed')).toEqual({ ok: false, message: 'The pattern does not compile: Unterminated group' });
    expect(checkRegex('a'.repeat(201))).toEqual({ ok: false, message: 'The pattern is 201 characters long; at most 200 are allowed' });
    expect(checkRegex('')).toEqual({ ok: false, message: 'Enter a pattern' });
  });

  it('compiles with i when case is ignored and strips accents from the pattern when accents are ignored', () => {
    expect(compileSafeRegex('Réembolso')!.flags).toContain('i');
    expect(compileSafeRegex('Réembolso')!.source).toBe('Reembolso');
    expect(compileSafeRegex('Réembolso', { ignoreCase: false, ignoreAccents: false })!.flags).not.toContain('i');
    expect(compileSafeRegex('(a+)+')).toBeNull();
  });
});
