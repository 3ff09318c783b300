// Accepting an invitation (the mailed link's page): shows whom it is for, takes a name and a
// password, creates the user and signs them in (the answer sets the session cookie).
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Role } from '../api/types';
import { Link } from './router';
import { useSession } from './session';
import { FormError, SignInCard, tokenFromLink } from './SignInCard';
import { t } from '../i18n';

interface Invite { email: string; name: string; role: Role; expiresAt: string }

export function AcceptInvite() {
  const { refresh } = useSession();
  const [token] = useState(tokenFromLink);
  const [invite, setInvite] = useState<Invite | null>(null);
  const [dead, setDead] = useState(!token);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) return;
    api<Invite>(`/auth/invite/${encodeURIComponent(token)}`, { anonymous: true })
      .then((i) => { setInvite(i); setName(i.name); }, () => setDead(true));
  }, [token]);

  const submit = async () => {
    if (password.length < 10) return setError(t('shell.tooShort'));
    setBusy(true);
    setError(null);
    try {
      await api('/auth/invite/accept', { json: { token, password, name: name.trim() || undefined, session: 'cookie' }, anonymous: true });
      await refresh();
    } catch (err) {
      setError((err as ApiError).code === 'invalid_token' ? t('shell.inviteDeadLead') : (err as Error).message);
      setBusy(false);
    }
  };

  if (dead) {
    return (
      <SignInCard title={t('shell.inviteDeadTitle')} lead={t('shell.inviteDeadLead')}>
        <Link to="/" className="btn" style={{ textDecoration: 'none' }}>{t('shell.goToSignIn')}</Link>
      </SignInCard>
    );
  }
  if (!invite) return null;
  return (
    <SignInCard title={t('shell.joinTitle')} lead={t('shell.joinLead', { email: invite.email, role: t(`shell.role.${invite.role}`) })} onSubmit={() => void submit()}>
      <FormError message={error} />
      <div className="field">
        <label htmlFor="invite-name">{t('shell.yourName')}</label>
        <input id="invite-name" className="input" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="invite-password">{t('shell.password')}</label>
        <input id="invite-password" className="input" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required autoFocus />
        <span className="help">{t('shell.atLeast10')}</span>
      </div>
      <button className="btn btn-primary" type="submit" disabled={busy || !password || !name.trim()}>{busy ? t('shell.joining') : t('shell.join')}</button>
    </SignInCard>
  );
}
