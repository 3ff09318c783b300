// A rule run holds copies of what it read (the event, resolved step inputs and outputs, the path's
// details). When a privacy action changes that text (its own, or another rule's while this run
// waited in a delay), the run applies the same change to its copies, so nothing it records or
// sends afterwards quotes the original. Pure: used by the rule-run workflow.
import { REDACTED_TEXT, scrub, type PrivacyChange } from '../privacy/scrub';
import type { MessageSnapshot, ContactSnapshot, RunContext } from './event';
import type { PathEntry, RunStepRecord } from './run';

/** The change a privacy action reports through its output, or null (nothing changed, another action). */
export function privacyChangeOfAction(name: string, input: Record<string, unknown>, output: unknown, ctx: RunContext): PrivacyChange | null {
  const out = (output ?? {}) as { masked?: number; redacted?: boolean };
  if (name === 'mask_card_numbers') return (out.masked ?? 0) > 0 ? { kind: 'masked' } : null;
  if (name === 'redact_message' && out.redacted) {
    const authorName = input.authorName === true && ctx.trigger.message?.direction === 'in' ? ctx.contact?.name ?? ctx.trigger.contact?.name ?? null : null;
    return { kind: 'redacted', text: ctx.trigger.message?.text ?? '', authorName };
  }
  return null;
}

/** The changes another run made while this one waited, read from the message and contact as they are now. */
export function privacyChangesSince(ctx: RunContext, fresh: { message?: MessageSnapshot | null; contact: ContactSnapshot | null }): PrivacyChange[] {
  const changes: PrivacyChange[] = [];
  const before = ctx.trigger.message;
  if (before && fresh.message && fresh.message.text !== before.text) {
    changes.push(fresh.message.text === REDACTED_TEXT ? { kind: 'redacted', text: before.text } : { kind: 'masked' });
  }
  const oldName = ctx.contact?.name ?? ctx.trigger.contact?.name ?? null;
  if (oldName && fresh.contact && fresh.contact.id === (ctx.contact?.id ?? ctx.trigger.contact?.id) && fresh.contact.name === null) {
    changes.push({ kind: 'redacted', text: '', authorName: oldName });
  }
  return changes;
}

export interface RunCopies {
  ctx: RunContext;
  steps: RunStepRecord[];
  path: PathEntry[];
}

/** The run's copies with the change applied (the account settings and the clock are left as they are). */
export function applyPrivacyChange(copies: RunCopies, change: PrivacyChange): RunCopies {
  const { ctx } = copies;
  const trigger = scrub(ctx.trigger, change);
  let contact = scrub(ctx.contact, change);
  if (change.kind === 'redacted') {
    if (trigger.message && change.text) trigger.message = { ...trigger.message, text: REDACTED_TEXT, answer: null };
    if (change.authorName) {
      if (trigger.contact) trigger.contact = { ...trigger.contact, name: null };
      if (contact) contact = { ...contact, name: null };
    }
  }
  return {
    ctx: { ...ctx, trigger, contact, case: scrub(ctx.case, change), steps: scrub(ctx.steps, change) },
    steps: scrub(copies.steps, change),
    path: scrub(copies.path, change),
  };
}
