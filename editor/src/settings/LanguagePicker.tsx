// A select of the languages Parley has words for, an optional "automatic" choice (null: the next
// default applies), and "Other language…" to type any BCP 47 tag. Used for a contact, a channel's
// default and the account's default (issue #9).
import { useState } from 'react';
import { hasWords, languageOptions, typedLanguage } from './language-options';
import { t } from '../i18n';

const OTHER = '__other__';

export function LanguagePicker({ value, onChange, automaticLabel, label, disabled, testId }: {
  value: string | null;
  onChange: (tag: string | null) => void;
  /** When given, the first choice: no language of its own (null). */
  automaticLabel?: string;
  label: string;
  disabled?: boolean;
  testId?: string;
}) {
  const [typing, setTyping] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const options = languageOptions(value);
  const apply = () => {
    const tag = typedLanguage(text);
    if (!tag) { setProblem(t('language.invalid')); return; }
    setTyping(false); setText(''); setProblem(null);
    onChange(tag);
  };
  return (
    <div className="lang-picker" data-testid={testId}>
      <select className="select select-sm" aria-label={label} disabled={disabled} value={typing ? OTHER : (value ?? '')}
        onChange={(e) => {
          const v = e.target.value;
          if (v === OTHER) { setTyping(true); return; }
          setTyping(false); setProblem(null);
          onChange(v === '' ? null : v);
        }}>
        {automaticLabel !== undefined && <option value="">{automaticLabel}</option>}
        {options.map((o) => <option key={o.tag} value={o.tag}>{o.label}</option>)}
        <option value={OTHER}>{t('language.other')}</option>
      </select>
      {typing && (
        <div className="row lang-other">
          <input className="input input-sm" aria-label={t('language.otherLabel')} placeholder={t('language.otherPlaceholder')} value={text} autoFocus
            aria-invalid={problem ? true : undefined} onChange={(e) => { setText(e.target.value); setProblem(null); }}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); apply(); } if (e.key === 'Escape') setTyping(false); }} />
          <button type="button" className="btn btn-sm" onClick={apply} disabled={!text.trim()}>{t('language.set')}</button>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => { setTyping(false); setProblem(null); }}>{t('language.cancel')}</button>
        </div>
      )}
      {problem && <p className="field-error small" role="alert">{problem}</p>}
      {!typing && value && !hasWords(value) && <p className="help small">{t('language.noWords')}</p>}
    </div>
  );
}
