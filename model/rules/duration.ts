// Durations as people write them in rules (`90s`, `15m`, `2h`, `3d`, `500ms`) and as the editor
// shows them back. Delays, `case.statusAge` conditions and retry intervals all use this form.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

const DURATION = /^(\d{1,9})\s*(ms|s|m|h|d)$/;

/** `15m` → 900000; null when the text is not a number followed by ms, s, m, h or d. */
export function tryParseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * UNIT_MS[m[2] as Unit];
}

/** `15m` → 900000. Throws with a message a person can act on when the text is not a duration. */
export function parseDuration(text: string): number {
  const ms = tryParseDuration(text);
  if (ms === null) throw new Error(`"${text}" is not a duration: write a number and a unit, e.g. 500ms, 90s, 15m, 2h, 3d`);
  return ms;
}

/**
 * A duration given either as text (`2h`) or as milliseconds (a number, or digits in a string, e.g.
 * after a `{{variable}}` was filled in); null when it is neither.
 */
export function durationToMs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return tryParseDuration(trimmed);
}

/** 5400000 → `1h 30m`; 90000 → `1m 30s`; 500 → `500ms`: the largest unit and the next one (rounded down). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  const abs = Math.round(Math.abs(ms));
  if (abs < 1_000) return `${sign}${abs}ms`;
  const units = ['d', 'h', 'm', 's'] as const;
  const first = units.findIndex((u) => abs >= UNIT_MS[u]);
  const major = Math.floor(abs / UNIT_MS[units[first]]);
  const next = units[first + 1];
  const minor = next ? Math.floor((abs - major * UNIT_MS[units[first]]) / UNIT_MS[next]) : 0;
  return `${sign}${major}${units[first]}${minor > 0 ? ` ${minor}${next}` : ''}`;
}
