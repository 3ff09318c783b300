// "Change password" from the sidebar: any signed-in user, whatever their role. The other sessions
// of the user end; this one stays signed in.
import { useState } from 'react';
import { api, ApiError } from '../api/client';
import { Dialog, useUi } from '../ui/dialog';
import { t } from '../i18n';

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const ui = useUi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [wrongCurrent, setWrongCurrent] = useState(false);
  const [busy, setBusy] = useState(false);
  const mismatch = again.length > 0 && again !== next;

  const submit = async () => {
    if (next.length < 10) return setError(t('shell.tooShort'));
    if (mismatch) return setError(t('shell.passwordsDiffer'));
    setBusy(true);
    setError(null);
    setWrongCurrent(false);
    try {
      const { endedSessions } = await api<{ endedSessions: number }>('/me/password', { json: { current, new: next } });
      ui.toast(endedSessions > 0 ? t('shell.changedEnded', { n: endedSessions }) : t('shell.changed'));
      onClose();
    } catch (err) {
      const apiError = err as ApiError;
      setWrongCurrent(apiError.code === 'wrong_password');
      setError(apiError.message);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('shell.changePassword')} description={t('shell.changeLead')} onClose={onClose} footer={<>
      <button className="btn" type="button" onClick={onClose}>{t('shell.cancel')}</button>
      <button className="btn btn-primary" type="submit" form="change-password" disabled={busy || !current || !next || !again}>{busy ? t('shell.saving') : t('shell.changePassword')}</button>
    </>}>
      <form id="change-password" onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
        {error && <div className="banner danger" role="alert" style={{ marginBottom: 12 }}>{error}</div>}
        <div className={`field${wrongCurrent ? ' invalid' : ''}`}>
          <label htmlFor="current-password">{t('shell.currentPassword')}</label>
          <input id="current-password" className="input" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="next-password">{t('shell.newPassword')}</label>
          <input id="next-password" className="input" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
          <span className="help">{t('shell.atLeast10')}</span>
        </div>
        <div className={`field${mismatch ? ' invalid' : ''}`}>
          <label htmlFor="next-password-again">{t('shell.newPasswordAgain')}</label>
          <input id="next-password-again" className="input" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
          {mismatch && <span className="field-error">{t('shell.notSame')}</span>}
        </div>
      </form>
    </Dialog>
  );
}
