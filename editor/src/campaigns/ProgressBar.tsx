// A thin bar for import and sending progress (0–1, or indeterminate when unknown).
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value === null ? undefined : Math.round(value * 100)}
      style={{ height: 6, borderRadius: 3, background: 'var(--border)', overflow: 'hidden', minWidth: 80 }}>
      <div style={{
        height: '100%', background: 'var(--accent)', borderRadius: 3, transition: 'width 0.3s',
        width: value === null ? '30%' : `${Math.max(0, Math.min(100, value * 100))}%`, opacity: value === null ? 0.5 : 1,
      }} />
    </div>
  );
}
