// Parses human durations used in settings: "500ms", "30s", "15m", "24h", "7d" (or plain ms).
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(value: string | number, name = 'duration'): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (!match) throw new Error(`${name}: "${value}" is not a duration (use e.g. 500ms, 30s, 15m, 24h, 7d).`);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 'ms']);
}
