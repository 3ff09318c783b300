// How each node kind looks in the palette, on cards and in panels.
import type { RuleNodeKind } from '../model';
import type { IconName } from '../ui/icons';

export const KIND_STYLE: Record<RuleNodeKind, { icon: IconName; colour: string }> = {
  trigger: { icon: 'bolt', colour: 'var(--k-trigger)' },
  condition: { icon: 'filter', colour: 'var(--k-logic)' },
  branch: { icon: 'split', colour: 'var(--k-logic)' },
  switch: { icon: 'switch', colour: 'var(--k-logic)' },
  delay: { icon: 'clock', colour: 'var(--k-delay)' },
  action: { icon: 'play', colour: 'var(--k-action)' },
  step: { icon: 'puzzle', colour: 'var(--k-step)' },
};

/** The same colours as hex, for the minimap (which draws SVG fills, not CSS variables). */
export const KIND_HEX: Record<RuleNodeKind, string> = {
  trigger: '#7c3aed', condition: '#0e7490', branch: '#0e7490', switch: '#0e7490', delay: '#64748b', action: '#2563eb', step: '#c11574',
};
