// The palette: everything a rule can be made of, dragged onto the canvas (HTML5 drag and drop with
// the item in dataTransfer 'application/reactflow') or clicked to add it below the selection.
import { useState, type DragEvent } from 'react';
import type { Catalogue } from '../api/types';
import { DND_TYPE, type PaletteItem } from '../graph/node-factory';
import { Icon, type IconName } from '../ui/icons';
import { KIND_STYLE, nodeIcon } from './kinds';

interface Entry { item: PaletteItem; title: string; description: string; icon: IconName; colour: string; disabled?: string }

const LOGIC: Entry[] = [
  { item: { kind: 'condition' }, title: 'Condition', description: 'Go on only when all tests hold', ...style('condition') },
  { item: { kind: 'branch' }, title: 'If / else', description: 'Yes or no, two ways out', ...style('branch') },
  { item: { kind: 'switch' }, title: 'Switch', description: 'One way out per value', ...style('switch') },
  { item: { kind: 'delay' }, title: 'Delay', description: 'Wait, then re-check', ...style('delay') },
];

function style(kind: keyof typeof KIND_STYLE) {
  return { icon: KIND_STYLE[kind].icon, colour: KIND_STYLE[kind].colour };
}

export const ONE_TRIGGER = 'A rule has one trigger — change it in the trigger’s panel.';

export function Palette({ catalogue, hasTrigger, onAdd, onShowTrigger }: {
  catalogue: Catalogue; hasTrigger: boolean; onAdd: (item: PaletteItem) => void; onShowTrigger?: () => void;
}) {
  // Once the rule has its trigger the list would only be greyed out: it folds away behind a note.
  const [showTriggers, setShowTriggers] = useState(false);
  const triggers: Entry[] = catalogue.triggers.map((t) => ({
    item: { kind: 'trigger', trigger: t.type }, title: t.title, description: t.description, ...style('trigger'),
    disabled: hasTrigger ? ONE_TRIGGER : undefined,
  }));
  const groups = new Map<string, Entry[]>();
  for (const a of catalogue.actions) {
    groups.set(a.group, [...(groups.get(a.group) ?? []), { item: { kind: 'action', action: a.id }, title: a.title, description: a.description, ...style('action'), icon: nodeIcon({ kind: 'action', action: a.id }) }]);
  }
  const steps: Entry[] = catalogue.steps.map((s) => ({ item: { kind: 'step', step: s.id }, title: s.title, description: s.description, ...style('step') }));

  return (
    <aside className="palette" aria-label="Palette">
      <p className="palette-hint">Drag onto the canvas, or click to add.</p>
      <h4>Triggers</h4>
      {hasTrigger && (
        <div className="palette-note" data-testid="one-trigger">
          <p>{ONE_TRIGGER}</p>
          <div className="row" style={{ gap: 12 }}>
            {onShowTrigger && <button type="button" className="btn-link" onClick={onShowTrigger}>Open the trigger</button>}
            <button type="button" className="btn-link muted-link" onClick={() => setShowTriggers((s) => !s)} aria-expanded={showTriggers}>
              {showTriggers ? 'Hide the list' : `See all ${triggers.length}`}
            </button>
          </div>
        </div>
      )}
      {(!hasTrigger || showTriggers) && triggers.map((e) => <Item key={e.title} entry={e} onAdd={onAdd} />)}
      <h4>Logic</h4>
      {LOGIC.map((e) => <Item key={e.title} entry={e} onAdd={onAdd} />)}
      {[...groups.entries()].map(([group, list]) => (
        <div key={group}>
          <h4>{group}</h4>
          {list.map((e) => <Item key={e.title} entry={e} onAdd={onAdd} />)}
        </div>
      ))}
      {steps.length > 0 && (
        <>
          <h4>Custom steps</h4>
          {steps.map((e) => <Item key={e.title} entry={e} onAdd={onAdd} />)}
        </>
      )}
    </aside>
  );
}

function Item({ entry, onAdd }: { entry: Entry; onAdd: (item: PaletteItem) => void }) {
  const onDragStart = (e: DragEvent) => {
    if (entry.disabled) { e.preventDefault(); return; }
    e.dataTransfer.setData(DND_TYPE, JSON.stringify(entry.item));
    e.dataTransfer.effectAllowed = 'move';
  };
  return (
    <button type="button" className="palette-item" draggable={!entry.disabled} onDragStart={onDragStart} aria-disabled={entry.disabled ? 'true' : undefined}
      title={entry.disabled ?? entry.description} data-palette={paletteKey(entry.item)} onClick={() => { if (!entry.disabled) onAdd(entry.item); }}>
      <span className="pi-icon" style={{ background: entry.colour }}><Icon name={entry.icon} size={13} /></span>
      <span className="grow">{entry.title}</span>
    </button>
  );
}

/** A stable handle for tests and for people reading the DOM: `trigger:message.created`, `action:add_tag`. */
export function paletteKey(item: PaletteItem): string {
  switch (item.kind) {
    case 'trigger': return `trigger:${item.trigger}`;
    case 'action': return `action:${item.action}`;
    case 'step': return `step:${item.step}`;
    default: return item.kind;
  }
}
