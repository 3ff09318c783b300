// Waiting times and clock times as a supervisor reads them: "45 s", "4 min", "1 h 12 min"; "14:02".
import { formatClock } from '../ui/time-format';

export function waitText(ms: number | null): string {
  if (ms === null || ms < 0) return '—';
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** A countdown: "0:42", "12:05". */
export function countdownText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** The time of day a status changed ("14:02"); the date too when it was not today (ui/time-format). */
export const sinceText = (iso: string, now = new Date()): string => formatClock(iso, now);
