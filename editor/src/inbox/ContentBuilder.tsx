// The composer's builder: pick a type, write the question and the options; the composer sends
// buildContent(state) as one block of the content model.
import type { BuilderKind, BuilderState } from './content-builder';
import { t, type StringKey } from '../i18n';

const KINDS: BuilderKind[] = ['quickReplies', 'buttons', 'listPicker', 'timePicker'];

export function ContentBuilder({ state, onChange, onRemove }: { state: BuilderState; onChange(s: BuilderState): void; onRemove(): void }) {
  const set = (patch: Partial<BuilderState>) => onChange({ ...state, ...patch });
  const setOption = (i: number, patch: Partial<BuilderState['options'][number]>) =>
    set({ options: state.options.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
  const isTime = state.kind === 'timePicker';
  return (
    <fieldset className="builder" aria-label={t('inbox.builder')}>
      <div className="builder-head">
        <div className="seg" role="radiogroup" aria-label={t('inbox.builderKind')}>
          {KINDS.map((k) => (
            <button key={k} type="button" role="radio" aria-checked={state.kind === k} className={state.kind === k ? 'on' : ''}
              onClick={() => set({ kind: k })}>{t(`inbox.kind.${k}` as StringKey)}</button>
          ))}
        </div>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onRemove} aria-label={t('inbox.removeBuilder')}>✕</button>
      </div>
      <label className="builder-field">
        <span>{state.kind === 'quickReplies' || state.kind === 'buttons' ? t('inbox.builderQuestion') : t('inbox.builderTitle')}</span>
        <input className="input" data-testid="builder-text" value={state.text} onChange={(e) => set({ text: e.target.value })} />
      </label>
      {isTime && (
        <div className="builder-row">
          <label className="builder-field grow"><span>{t('inbox.timeZone')}</span>
            <input className="input" value={state.timezone} onChange={(e) => set({ timezone: e.target.value })} /></label>
          <label className="builder-field" style={{ width: 110 }}><span>{t('inbox.duration')}</span>
            <input className="input" type="number" min={5} max={480} value={state.durationMinutes}
              onChange={(e) => set({ durationMinutes: Math.max(5, Number(e.target.value) || 30) })} /></label>
        </div>
      )}
      <div className="builder-options">
        {state.options.map((o, i) => (
          <div className="builder-option" key={i}>
            {isTime
              ? <input className="input" type="datetime-local" aria-label={t('inbox.option', { n: i + 1 })} value={o.start ?? ''} onChange={(e) => setOption(i, { start: e.target.value })} />
              : <input className="input" data-testid={`builder-option-${i}`} aria-label={t('inbox.option', { n: i + 1 })} placeholder={t('inbox.option', { n: i + 1 })}
                value={o.title} onChange={(e) => setOption(i, { title: e.target.value })} />}
            <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={t('inbox.removeOption', { n: i + 1 })}
              disabled={state.options.length <= 1} onClick={() => set({ options: state.options.filter((_, j) => j !== i) })}>✕</button>
          </div>
        ))}
        <button type="button" className="btn btn-link" onClick={() => set({ options: [...state.options, { title: '' }] })}>+ {t('inbox.addOption')}</button>
      </div>
    </fieldset>
  );
}
