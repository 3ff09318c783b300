// Dates, durations and statuses as people read them.
import type { RunStatus } from '../api/types';
import { formatMoment, formatTime } from './time-format';

const toDate = (v: string | number | null | undefined) => (v === null || v === undefined ? null : new Date(v));

export function when(v: string | number | null | undefined): string {
  const d = toDate(v);
  if (!d || Number.isNaN(d.getTime())) return '—';
  const diff = Date.now() - d.getTime();
  if (diff >= 0 && diff < 60_000) return 'just now';
  if (diff >= 0 && diff < 3_600_000) return `${Math.round(diff / 60_000)} min ago`;
  const sameDay = new Date().toDateString() === d.toDateString();
  const time = formatTime(d);
  if (sameDay) return `today ${time}`;
  return `${formatMoment(d, 'day')} ${time}`;
}

export function exactTime(v: string | number | null | undefined): string {
  const d = toDate(v);
  return d ? formatMoment(d, 'exact') : '—';
}

export function ms(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1000) return `${Math.round(n)} ms`;
  if (n < 60_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)} s`;
  if (n < 3_600_000) return `${Math.round(n / 60_000)} min`;
  return `${(n / 3_600_000).toFixed(1)} h`;
}

export const RUN_STATUS: Record<RunStatus, { label: string; tone: '' | 'ok' | 'warn' | 'danger' | 'accent' }> = {
  running: { label: 'Running', tone: 'accent' },
  completed: { label: 'Completed', tone: 'ok' },
  failed: { label: 'Failed', tone: 'danger' },
  stopped: { label: 'Stopped', tone: 'warn' },
  no_match: { label: 'No match', tone: '' },
};

export const OUTCOME_LABEL: Record<string, { label: string; tone: '' | 'ok' | 'warn' | 'danger' | 'accent' }> = {
  matched: { label: 'Matched', tone: 'accent' },
  not_matched: { label: 'Not matched', tone: 'warn' },
  passed: { label: 'Passed', tone: 'ok' },
  failed: { label: 'Did not pass', tone: 'warn' },
  true: { label: 'Took “yes”', tone: 'accent' },
  false: { label: 'Took “no”', tone: 'accent' },
  default: { label: 'Took default', tone: 'accent' },
  waited: { label: 'Waited', tone: 'accent' },
  recheck_failed: { label: 'Re-check failed', tone: 'danger' },
  executed: { label: 'Executed', tone: 'ok' },
  error: { label: 'Failed', tone: 'danger' },
  skipped: { label: 'Would run', tone: 'accent' },
  would_run: { label: 'Would run', tone: 'accent' },
};

export function outcomeLabel(outcome: string) {
  return OUTCOME_LABEL[outcome] ?? { label: outcome.startsWith('case_') ? `Took case ${outcome}` : outcome.replace(/_/g, ' '), tone: 'accent' as const };
}

export const pretty = (v: unknown) => JSON.stringify(v, null, 2);
