// Records every compromise a renderer makes while fitting a block into a provider's limits, so the
// report says exactly what was cut, dropped or split — and the outcome follows from it.
import { exceeds, truncate } from '../text/truncate';
import type { BlockOutput } from './block-loop';

export class FitLog {
  private readonly notes: string[] = [];

  /** Records a compromise (deduplicated, in order). */
  note(what: string): void {
    if (!this.notes.includes(what)) this.notes.push(what);
  }

  /** `text` cut to `max` with an ellipsis; notes "<what> cut to <max> characters" when it had to. */
  cut(text: string, max: number, what: string, measure?: (s: string) => number, unit = 'characters'): string {
    if (!exceeds(text, max, measure)) return text;
    this.note(`${what} cut to ${max} ${unit}`);
    return truncate(text, max, measure);
  }

  get compromised(): boolean {
    return this.notes.length > 0;
  }

  /** Native when nothing was compromised, else degraded with the compromises listed after `detail`. */
  output<P>(payloads: P[], detail: string, forceDegraded = false): BlockOutput<P> {
    const outcome = this.compromised || forceDegraded ? 'degraded' : 'native';
    const suffix = this.notes.length > 0 ? `; ${this.notes.join('; ')}` : '';
    return { payloads, outcome, detail: `${detail}${suffix}` };
  }
}
