// The sign-in page, and the public pages next to it: forgot password, reset password (from the
// mailed link) and accept an invitation. Signing in sets the session cookie (httpOnly).
import { useState } from 'react';
import { ApiError } from '../api/client';
import { AcceptInvite } from './AcceptInvite';
import { ForgotPassword, ResetPassword } from './PasswordReset';
import { Link, usePath } from './router';
import { useSession } from './session';
import { FormError, SignInCard } from './SignInCard';
import { t } from '../i18n';

export function SignIn() {
  const path = usePath();
  if (path === '/forgot-password') return <ForgotPassword />;
  if (path === '/reset-password') return <ResetPassword />;
  if (path === '/accept-invite') return <AcceptInvite />;
  return <SignInForm />;
}

function SignInForm() {
  const { signIn, notice } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setError(null);
    setBusy(true);
    try {
      await signIn(email.trim(), password);
    } catch (err) {
      const apiError = err as ApiError;
      setError(apiError.status === 401 || apiError.status === 400
        ? t('shell.wrongCredentials')
        : apiError.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SignInCard title={t('shell.signIn')} lead={t('shell.signInLead')} onSubmit={() => void submit()}>
      {notice && !error && <div className="banner info" role="status" style={{ marginBottom: 16 }}>{notice}</div>}
      <FormError message={error} />
      <div className="field">
        <label htmlFor="email">{t('shell.email')}</label>
        <input id="email" className="input" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">{t('shell.password')}</label>
        <input id="password" className="input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        <Link to="/forgot-password" style={{ alignSelf: 'flex-end', fontSize: 12 }}>{t('shell.forgot')}</Link>
      </div>
      <button className="btn btn-primary" type="submit" disabled={busy || !email || !password}>{busy ? t('shell.signingIn') : t('shell.signIn')}</button>
      <p className="signin-foot">{t('shell.firstStart')}</p>
    </SignInCard>
  );
}
