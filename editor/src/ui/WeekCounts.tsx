// A rule's runs of the last seven days: how many, with the failures (the ones that need a look)
// called out in red; the rest of the breakdown is in the tooltip.
import type { RunStatus } from '../api/types';
import { RUN_STATUS } from './format';

const ORDER: RunStatus[] = ['completed', 'failed', 'no_match', 'stopped', 'running'];

export function WeekCounts({ counts }: { counts: Record<string, number> | undefined }) {
  const all = counts ?? {};
  const total = Object.values(all).reduce((a, b) => a + b, 0);
  if (!total) return <span className="muted">None</span>;
  const failed = all.failed ?? 0;
  const breakdown = ORDER.filter((k) => all[k]).map((k) => `${all[k]} ${RUN_STATUS[k].label.toLowerCase()}`).join(', ');
  return (
    <span className="nowrap" title={breakdown}>
      {total} run{total === 1 ? '' : 's'}{failed > 0 && <> · <span className="fail-count">{failed} failed</span></>}
    </span>
  );
}
