// New nodes from the palette: each kind with a sensible starting configuration (defaults from the
// trigger's or action's JSON Schema), placed where it was dropped.
import type { Catalogue } from '../api/types';
import type { RuleNode, TriggerType } from '../model';
import { defaultsOf } from '../forms/json-schema';

export type PaletteItem =
  | { kind: 'trigger'; trigger: TriggerType }
  | { kind: 'condition' }
  | { kind: 'branch' }
  | { kind: 'switch' }
  | { kind: 'delay' }
  | { kind: 'action'; action: string }
  | { kind: 'step'; step: string };

/** The drag-and-drop payload's type (HTML5 dataTransfer). */
export const DND_TYPE = 'application/reactflow';

export function parsePaletteItem(raw: string): PaletteItem | null {
  try {
    const item = JSON.parse(raw) as PaletteItem;
    return item && typeof item.kind === 'string' ? item : null;
  } catch {
    return null;
  }
}

export function createNode(item: PaletteItem, id: string, position: { x: number; y: number }, catalogue: Catalogue | null): RuleNode {
  const base = { id, position: { x: Math.round(position.x), y: Math.round(position.y) } };
  switch (item.kind) {
    case 'trigger': {
      const schema = catalogue?.triggers.find((t) => t.type === item.trigger)?.configSchema;
      return { ...base, kind: 'trigger', trigger: item.trigger, config: defaultsOf(schema) };
    }
    case 'condition': return { ...base, kind: 'condition', all: [] };
    case 'branch': return { ...base, kind: 'branch', all: [] };
    case 'switch': return { ...base, kind: 'switch', value: '', cases: [{ id: 'case_1', equals: '' }], ignoreCase: true };
    case 'delay': return { ...base, kind: 'delay', duration: '15m', recheck: [] };
    case 'action': {
      const schema = catalogue?.actions.find((a) => a.id === item.action)?.inputSchema;
      return { ...base, kind: 'action', action: item.action, input: defaultsOf(schema) };
    }
    case 'step': {
      const schema = catalogue?.steps.find((s) => s.id === item.step)?.inputSchema;
      return { ...base, kind: 'step', step: item.step, input: defaultsOf(schema) };
    }
  }
}
