import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { Icon } from '../ui/icons';
import { useSession } from './session';

export function SignIn() {
  const { signIn, notice } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await signIn(email.trim(), password);
    } catch (err) {
      const apiError = err as ApiError;
      setError(apiError.status === 401 || apiError.status === 400
        ? 'That email and password do not match an account. Check them and try again.'
        : apiError.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <form className="signin-card" onSubmit={submit} noValidate>
        <div className="brand"><span className="brand-mark"><Icon name="message" size={14} /></span>Parley</div>
        <h1>Sign in</h1>
        <p className="lead">Use the email and password of your Parley account.</p>
        {notice && !error && <div className="banner info" style={{ marginBottom: 16 }}>{notice}</div>}
        {error && <div className="banner danger" role="alert" style={{ marginBottom: 16 }}><Icon name="alert" />{error}</div>}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" className="input" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" className="input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
        <button className="btn btn-primary" type="submit" disabled={busy || !email || !password}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <p className="signin-foot">First start? Parley printed the admin’s email and password in its console.</p>
      </form>
    </div>
  );
}
