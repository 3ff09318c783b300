// The "Mapped element interacted" trigger's element, picked instead of typed: the website, then one
// of its mapped elements (its picture, name and the pages it was mapped on), or any element.
import { useState } from 'react';
import { ElementCrop } from '../../websites/ElementCrop';
import { elementLabel, INTERACTION_CHOICES, initialSite, pagesText, type MappedElements } from './element-picker-model';

export function ElementPicker({ all, value, readOnly, onChange }: { all: MappedElements | null; value: string | undefined; readOnly: boolean; onChange: (id: string | undefined) => void }) {
  const [siteId, setSiteId] = useState<string | null>(null);
  if (!all) return <p className="muted small">Loading the websites' mapped elements…</p>;
  if (all.sites.length === 0) return <p className="help">No websites yet: add one on the Websites page, then map its elements.</p>;
  const shown = siteId ?? initialSite(all, value);
  const elements = shown ? all.bySite[shown] ?? [] : [];
  const gone = value && !elements.some((e) => e.id === value) && !Object.values(all.bySite).some((list) => list.some((e) => e.id === value));
  return (
    <div className="stack element-picker" style={{ gap: 8 }} data-testid="element-picker">
      {all.sites.length > 1 && (
        <select className="select" aria-label="Website" disabled={readOnly} value={shown ?? ''} onChange={(e) => setSiteId(e.target.value)}>
          {all.sites.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      )}
      <div role="radiogroup" aria-label="Mapped element" className="stack" style={{ gap: 6 }}>
        <label className={`element-choice${!value ? ' chosen' : ''}`} style={choiceStyle(!value)}>
          <input type="radio" name="mapped-element" disabled={readOnly} checked={!value} onChange={() => onChange(undefined)} />
          <span><strong>Any mapped element</strong><span className="muted small" style={{ display: 'block' }}>of any website</span></span>
        </label>
        {elements.map((el) => (
          <label key={el.id} className={`element-choice${value === el.id ? ' chosen' : ''}`} style={choiceStyle(value === el.id)} data-element={el.id}>
            <input type="radio" name="mapped-element" disabled={readOnly} checked={value === el.id} onChange={() => onChange(el.id)} />
            <ElementCrop element={el} width={72} height={44} />
            <span style={{ minWidth: 0 }}>
              <strong>{el.name}</strong>
              <span className="muted small" style={{ display: 'block' }}>{pagesText(el.pageUrlPattern)}{el.status === 'no_longer_matches' ? ' · no longer matches' : ''}</span>
            </span>
          </label>
        ))}
        {elements.length === 0 && <p className="help">No elements mapped on this website yet: open it from Websites → Mapped elements → Map elements.</p>}
        {gone && <p className="field-error">{elementLabel(all, value)}: pick another one.</p>}
      </div>
    </div>
  );
}

const choiceStyle = (chosen: boolean) => ({
  display: 'flex', alignItems: 'center', gap: 10, padding: '6px 8px', borderRadius: 8, cursor: 'pointer', fontSize: 13,
  border: `1px solid ${chosen ? 'var(--accent)' : 'var(--border)'}`, background: chosen ? 'var(--accent-soft)' : 'var(--surface)',
});

export function InteractionPicker({ value, readOnly, onChange }: { value: unknown; readOnly: boolean; onChange: (v: string) => void }) {
  return (
    <select className="select" aria-label="Interaction" disabled={readOnly} value={typeof value === 'string' ? value : 'any'} onChange={(e) => onChange(e.target.value)}>
      {INTERACTION_CHOICES.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
    </select>
  );
}
