// A rule run forgets what a privacy action removed: its event, its steps' inputs and outputs and
// its path are scrubbed the same way the store was (masked card numbers; deleted text and name).
import { describe, expect, it } from 'vitest';
import { forgetStrings, REDACTED_TEXT } from '../../model/privacy/scrub';
import { applyPrivacyChange, privacyChangeOfAction, privacyChangesSince } from '../../model/rules/run-privacy';
import { buildRunContext } from '../../model/rules/context';
import type { RuleEvent } from '../../model/rules/event';
import type { RunStepRecord } from '../../model/rules/run';

const event: RuleEvent = {
  id: 'evt_1', type: 'message.created', accountId: 'acc', occurredAt: 1,
  contact: { id: 'ct_1', name: 'Griselda', email: null, phone: null, customFields: {} },
  message: { id: 'msg_1', direction: 'in', authorType: 'customer', text: 'pay with 4539 1488 0343 6467 please', tags: [] },
};
const ctx = buildRunContext(event, { businessHours: null } as never);
const steps: RunStepRecord[] = [
  { nodeId: 'n1', kind: 'action', name: 'call_url', input: { body: 'Griselda wrote: pay with 4539 1488 0343 6467 please' }, output: { echo: '4539148803436467' }, startedAt: 1, finishedAt: 2 },
];

describe('a run forgets what privacy actions removed', () => {
  it('reads the change from the privacy action\'s output', () => {
    expect(privacyChangeOfAction('mask_card_numbers', {}, { masked: 1 }, ctx)).toEqual({ kind: 'masked' });
    expect(privacyChangeOfAction('mask_card_numbers', {}, { masked: 0 }, ctx)).toBeNull();
    expect(privacyChangeOfAction('redact_message', { authorName: true }, { redacted: true }, ctx))
      .toEqual({ kind: 'redacted', text: 'pay with 4539 1488 0343 6467 please', authorName: 'Griselda' });
    expect(privacyChangeOfAction('redact_message', {}, { redacted: false }, ctx)).toBeNull();
    expect(privacyChangeOfAction('add_tag', {}, {}, ctx)).toBeNull();
  });

  it('masks card numbers in the event, the steps and the path', () => {
    const out = applyPrivacyChange({ ctx, steps, path: [{ nodeId: 'n0', outcome: 'failed', detail: 'was "4539148803436467"' }] }, { kind: 'masked' });
    expect(out.ctx.trigger.message?.text).toBe('pay with •••• •••• •••• 6467 please');
    expect(out.steps[0].input).toEqual({ body: 'Griselda wrote: pay with •••• •••• •••• 6467 please' });
    expect(out.steps[0].output).toEqual({ echo: '•••• •••• •••• 6467' });
    expect(out.path[0].detail).toBe('was "•••• •••• •••• 6467"');
    // The original context is left as it was (the workflow replaces its copy).
    expect(ctx.trigger.message?.text).toContain('4539');
  });

  it('deletes the text and the author\'s name wherever the run quoted them', () => {
    const out = applyPrivacyChange({ ctx, steps, path: [] }, { kind: 'redacted', text: event.message!.text, authorName: 'Griselda' });
    expect(out.ctx.trigger.message).toMatchObject({ text: REDACTED_TEXT, answer: null });
    expect(out.ctx.trigger.contact?.name).toBeNull();
    expect(out.ctx.contact?.name).toBeNull();
    expect(out.steps[0].input).toEqual({ body: `${REDACTED_TEXT} wrote: ${REDACTED_TEXT}` });
  });

  it('learns after a delay what another rule changed meanwhile', () => {
    const masked = { ...event.message!, text: 'pay with •••• •••• •••• 6467 please' };
    expect(privacyChangesSince(ctx, { message: masked, contact: ctx.contact })).toEqual([{ kind: 'masked' }]);
    expect(privacyChangesSince(ctx, { message: { ...masked, text: REDACTED_TEXT }, contact: { ...ctx.contact!, name: null } }))
      .toEqual([{ kind: 'redacted', text: event.message!.text }, { kind: 'redacted', text: '', authorName: 'Griselda' }]);
    expect(privacyChangesSince(ctx, { message: event.message, contact: ctx.contact })).toEqual([]);
  });

  it('replaces the longest quoted strings first and leaves the deleted marker alone', () => {
    expect(forgetStrings({ a: ['Ana Ana María'] }, ['Ana', 'Ana María'])).toEqual({ a: [`${REDACTED_TEXT} ${REDACTED_TEXT}`] });
    expect(forgetStrings('x', ['', REDACTED_TEXT])).toBe('x');
  });
});
