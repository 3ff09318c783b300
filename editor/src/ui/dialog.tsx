// Modal dialogs and a promise-based confirm, plus toasts for short confirmations ("Draft saved").
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

export function Dialog({ title, description, children, footer, onClose, wide, labelledBy }: {
  title: ReactNode; description?: ReactNode; children?: ReactNode; footer?: ReactNode; onClose: () => void; wide?: boolean; labelledBy?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Callers pass a fresh onClose on every render: kept in a ref, so the first field is focused once,
  // when the dialog opens, and not again on each keystroke (which moved typing into the first field).
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') { e.stopPropagation(); close.current(); } };
    window.addEventListener('keydown', onKey);
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button.btn-primary');
    first?.focus();
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const id = labelledBy ?? 'dialog-title';
  return (
    <div className="overlay" onMouseDown={(e) => { if (e.target === e.currentTarget) close.current(); }}>
      <div className={`dialog${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={id} ref={ref}>
        <div className="dialog-head">
          <h2 id={id}>{title}</h2>
          {description && <p>{description}</p>}
        </div>
        {children && <div className="dialog-body">{children}</div>}
        {footer && <div className="dialog-foot">{footer}</div>}
      </div>
    </div>
  );
}

interface ConfirmRequest {
  title: string;
  body?: ReactNode;
  confirm: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}

interface Toast { id: number; text: string; tone?: 'danger' }

interface UiApi {
  confirm(opts: Omit<ConfirmRequest, 'resolve'>): Promise<boolean>;
  toast(text: string, tone?: 'danger'): void;
}

const UiContext = createContext<UiApi | null>(null);

export function UiProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const confirm = useCallback((opts: Omit<ConfirmRequest, 'resolve'>) => new Promise<boolean>((resolve) => setRequest({ ...opts, resolve })), []);
  const toast = useCallback((text: string, tone?: 'danger') => {
    const id = Date.now() + Math.random();
    // The same message again replaces the old one; at most two at a time, so they never pile up over the work.
    setToasts((t) => [...t.filter((x) => x.text !== text), { id, text, tone }].slice(-2));
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), tone ? 6000 : 3000);
  }, []);
  const close = (ok: boolean) => { request?.resolve(ok); setRequest(null); };
  return (
    <UiContext.Provider value={{ confirm, toast }}>
      {children}
      {request && (
        <Dialog title={request.title} onClose={() => close(false)} footer={<>
          <button className="btn" onClick={() => close(false)}>Cancel</button>
          <button className={`btn ${request.danger ? 'btn-danger-solid' : 'btn-primary'}`} onClick={() => close(true)}>{request.confirm}</button>
        </>}>
          {request.body}
        </Dialog>
      )}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast${t.tone ? ` ${t.tone}` : ''}`} onClick={() => setToasts((all) => all.filter((x) => x.id !== t.id))} title="Click to dismiss">{t.text}</div>
        ))}
      </div>
    </UiContext.Provider>
  );
}

export function useUi(): UiApi {
  const ui = useContext(UiContext);
  if (!ui) throw new Error('useUi outside UiProvider');
  return ui;
}
