// A text input (or textarea) that offers the variables available at the node as soon as `{{` is
// typed: ↑/↓ to choose, Enter or Tab to insert `{{path}}`, Esc to close.
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { completeTemplate, matchVariables, openTemplateAt, type NodeVariable } from '../graph/variables';

export interface TemplateInputProps {
  id?: string;
  value: string;
  onChange: (value: string) => void;
  variables: NodeVariable[];
  multiline?: boolean;
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
  ariaLabel?: string;
  className?: string;
}

export function TemplateInput({ id, value, onChange, variables, multiline, placeholder, disabled, invalid, ariaLabel, className }: TemplateInputProps) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  // After inserting a variable, the caret goes right after it once React has rendered the new text.
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current === null || !ref.current) return;
    ref.current.focus();
    ref.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const open = caret === null ? null : openTemplateAt(value, caret);
  const matches = useMemo(() => (open ? matchVariables(variables, open.query) : []), [open?.query, open?.start, variables]); // eslint-disable-line react-hooks/exhaustive-deps
  const showing = Boolean(open) && !dismissed && !disabled && matches.length > 0;

  const track = () => {
    const el = ref.current;
    if (el) setCaret(el.selectionStart ?? el.value.length);
  };

  const pick = (v: NodeVariable) => {
    const next = completeTemplate(value, caret ?? value.length, v.path);
    pendingCaret.current = next.caret;
    onChange(next.text);
    setCaret(next.caret);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!showing) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => (a + 1) % matches.length); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => (a - 1 + matches.length) % matches.length); }
    else if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); pick(matches[Math.min(active, matches.length - 1)]); }
    else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); setDismissed(true); }
  };

  const common = {
    id, ref, value, placeholder, disabled, 'aria-label': ariaLabel, 'aria-invalid': invalid || undefined,
    'aria-autocomplete': 'list' as const, 'aria-expanded': showing,
    className: `${multiline ? 'textarea' : 'input'}${invalid ? ' invalid' : ''}${className ? ` ${className}` : ''}`,
    onChange: (e: { target: { value: string; selectionStart: number | null } }) => {
      onChange(e.target.value);
      setCaret(e.target.selectionStart);
      setDismissed(false);
      setActive(0);
    },
    onKeyDown,
    onKeyUp: (e: KeyboardEvent) => { if (e.key.startsWith('Arrow') && !showing) track(); },
    onClick: track,
    onBlur: () => setTimeout(() => setCaret(null), 150),
  };

  return (
    <div className="tpl">
      {multiline ? <textarea {...common} rows={3} /> : <input {...common} />}
      {showing && (
        <div className="suggest" role="listbox" aria-label="Variables">
          <div className="suggest-head">Variables available here</div>
          {matches.map((v, i) => (
            <button key={v.path} type="button" role="option" aria-selected={i === active} className={i === active ? 'on' : ''}
              onMouseDown={(e) => { e.preventDefault(); pick(v); }} onMouseEnter={() => setActive(i)}>
              <div className="path">{`{{${v.path}}}`}</div>
              <div className="desc">{v.description} · {v.source}</div>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
