// The words Parley adds to a Teams choice card (the input's label, the message shown when OK is
// pressed with nothing chosen, the OK button) follow the customer's language like every other word
// Parley writes to a customer.
import { describe, expect, it } from 'vitest';
import { renderTeams } from '../../connectors/teams/render';
import { RICH_CONTENT_SAMPLES, SAMPLE_RENDER_CONTEXT } from '../../scripts/docs/rich-content-samples';

const picker = RICH_CONTENT_SAMPLES.listPicker;

function choiceCard(locale: string) {
  const [activity] = renderTeams(picker, { ...SAMPLE_RENDER_CONTEXT, threadId: 'a:personal-thread-1', locale }).payloads;
  const card = activity.attachments![0].content as { body: { type: string; label?: string; errorMessage?: string }[]; actions: { title: string }[] };
  const input = card.body.find((e) => e.type === 'Input.ChoiceSet')!;
  return { label: input.label, errorMessage: input.errorMessage, ok: card.actions[0].title };
}

describe('Teams choice cards speak the customer\'s language', () => {
  it('Spanish', () => {
    expect(choiceCard('es-ES')).toEqual({ label: 'Elige una opción', errorMessage: 'Elige una opción, por favor.', ok: 'Aceptar' });
  });
  it('English, and a language Parley has no words for', () => {
    const english = { label: 'Choose one', errorMessage: 'Please choose an option.', ok: 'OK' };
    expect(choiceCard('en-GB')).toEqual(english);
    expect(choiceCard('fi')).toEqual(english);
  });
});
