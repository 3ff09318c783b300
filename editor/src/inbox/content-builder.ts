// The composer's small builder: quick replies, buttons, a list picker or a time picker, written as
// a title and a list of options, turned into one block of the channel-neutral content model
// (model/content/model.ts). Option ids come from the titles so an answer reads well in the thread.
export type BuilderKind = 'quickReplies' | 'buttons' | 'listPicker' | 'timePicker';

export interface BuilderOption {
  title: string;
  /** Time picker: a local date-time "2026-11-28T10:30" in the picker's time zone. */
  start?: string;
}

export interface BuilderState {
  kind: BuilderKind;
  /** The question (quick replies, buttons) or the picker's title. */
  text: string;
  options: BuilderOption[];
  /** Time picker only. */
  timezone: string;
  durationMinutes: number;
}

export const emptyBuilder = (kind: BuilderKind = 'quickReplies', timezone = 'UTC'): BuilderState => ({
  kind, text: '', options: [{ title: '' }, { title: '' }], timezone, durationMinutes: 30,
});

/** A stable option id from its title: "Order 1001" → "order-1001"; made unique within the message. */
export function optionIds(titles: string[]): string[] {
  const used = new Set<string>();
  return titles.map((title, i) => {
    const base = title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || `option-${i + 1}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

/** The UTC instant of a wall-clock time in an IANA zone, as ISO 8601 with Z. */
export function zonedToIso(local: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) throw new Error(`Not a local date-time: ${local}`);
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  // The zone's offset at that moment (twice, for instants near a DST change).
  const offset = (at: number) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    }).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute) - at;
  };
  let at = asUtc - offset(asUtc);
  at = asUtc - offset(at);
  return new Date(at).toISOString().replace('.000Z', 'Z');
}

/** What is still missing before the builder can send, in the agent's words (empty: ready). */
export function builderProblems(state: BuilderState): string[] {
  const problems: string[] = [];
  if (!state.text.trim()) problems.push(state.kind === 'quickReplies' || state.kind === 'buttons' ? 'question' : 'title');
  const filled = state.options.filter((o) => o.title.trim() || o.start);
  if (filled.length === 0) problems.push('options');
  if (state.kind === 'timePicker' && filled.some((o) => !o.start)) problems.push('times');
  return problems;
}

/** The content block the builder describes (options left blank are ignored). */
export function buildContent(state: BuilderState): Record<string, unknown> {
  const text = state.text.trim();
  if (state.kind === 'timePicker') {
    const slots = state.options.filter((o) => o.start);
    const ids = optionIds(slots.map((o) => `slot ${o.start}`));
    return {
      type: 'timePicker', title: text, timezone: state.timezone,
      slots: slots.map((o, i) => ({ id: ids[i], start: zonedToIso(o.start!, state.timezone), durationMinutes: state.durationMinutes })),
    };
  }
  const options = state.options.map((o) => o.title.trim()).filter(Boolean);
  const ids = optionIds(options);
  switch (state.kind) {
    case 'quickReplies':
      return { type: 'quickReplies', text, replies: options.map((title, i) => ({ id: ids[i], title, payload: title })) };
    case 'buttons':
      return { type: 'buttons', text, buttons: options.map((title, i) => ({ id: ids[i], title, action: { type: 'postback', payload: title } })) };
    case 'listPicker':
      return { type: 'listPicker', title: text, sections: [{ items: options.map((title, i) => ({ id: ids[i], title, payload: title })) }] };
  }
}
