// Forgot password (asks for a link by email) and reset password (the mailed link's page).
import { useState } from 'react';
import { api, ApiError } from '../api/client';
import { Link, navigate } from './router';
import { useSession } from './session';
import { FormError, SignInCard, tokenFromLink } from './SignInCard';
import { t } from '../i18n';

export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('/auth/password-reset', { json: { email: email.trim() }, anonymous: true });
      setSent(true);
    } catch (err) {
      setError((err as ApiError).status === 400 ? t('shell.enterEmail') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <SignInCard title={t('shell.checkTitle')} lead={t('shell.checkLead', { email: email.trim() })}>
        <Link to="/" className="btn" style={{ textDecoration: 'none' }}>{t('shell.backToSignIn')}</Link>
      </SignInCard>
    );
  }
  return (
    <SignInCard title={t('shell.forgotTitle')} lead={t('shell.forgotLead')} onSubmit={() => void submit()}>
      <FormError message={error} />
      <div className="field">
        <label htmlFor="reset-email">{t('shell.email')}</label>
        <input id="reset-email" className="input" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
      </div>
      <button className="btn btn-primary" type="submit" disabled={busy || !email.trim()}>{busy ? t('shell.sending') : t('shell.sendLink')}</button>
      <p className="signin-foot"><Link to="/">{t('shell.backToSignIn')}</Link></p>
    </SignInCard>
  );
}

export function ResetPassword() {
  const { setNotice } = useSession();
  const [token] = useState(tokenFromLink);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = again.length > 0 && again !== password;

  const submit = async () => {
    if (password.length < 10) return setError(t('shell.tooShort'));
    if (mismatch) return setError(t('shell.passwordsDiffer'));
    setBusy(true);
    setError(null);
    try {
      await api('/auth/password-reset/confirm', { json: { token, password }, anonymous: true });
      setNotice(t('shell.resetDone'));
      navigate('/', { replace: true });
    } catch (err) {
      setError((err as ApiError).code === 'invalid_token'
        ? t('shell.resetDead')
        : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SignInCard title={t('shell.resetTitle')} lead={t('shell.resetLead')} onSubmit={() => void submit()}>
      {!token && <FormError message={t('shell.resetNoToken')} />}
      <FormError message={error} />
      <div className="field">
        <label htmlFor="new-password">{t('shell.newPassword')}</label>
        <input id="new-password" className="input" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required autoFocus />
        <span className="help">{t('shell.atLeast10')}</span>
      </div>
      <div className={`field${mismatch ? ' invalid' : ''}`}>
        <label htmlFor="new-password-again">{t('shell.newPasswordAgain')}</label>
        <input id="new-password-again" className="input" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
        {mismatch && <span className="field-error">{t('shell.notSame')}</span>}
      </div>
      <button className="btn btn-primary" type="submit" disabled={busy || !token || !password || !again}>{busy ? t('shell.saving') : t('shell.setPassword')}</button>
      <p className="signin-foot"><Link to="/forgot-password">{t('shell.askNewLink')}</Link> · <Link to="/">{t('shell.backToSignIn')}</Link></p>
    </SignInCard>
  );
}
