// Settings → Users: who can sign in, with their role; admins invite people by email (a one-time
// link to choose a password). When the mail could not go out, the link is shown to share by hand.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Role } from '../api/types';
import { t, tParts } from '../i18n';
import { Dialog, useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';

interface User { id: string; email: string; name: string; role: Role; createdAt: string }
interface Invite { email: string; acceptUrl: string; mail: { sent: boolean; reason: string | null } }

export function UsersSettingsSection({ editable }: { editable: boolean }) {
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [inviting, setInviting] = useState(false);
  const [unsent, setUnsent] = useState<Invite | null>(null);
  const ui = useUi();

  useEffect(() => { api<{ items: User[] }>('/users').then((r) => setUsers(r.items), (e) => setError((e as Error).message)); }, []);

  const invited = (invite: Invite) => {
    setInviting(false);
    if (invite.mail.sent) ui.toast(t('users.inviteSent', { email: invite.email }));
    else setUnsent(invite);
  };

  return (
    <section className="card" data-testid="users-settings">
      <div className="card-head">
        <div className="grow">
          <h2>{t('users.title')}</h2>
          <p className="help">{t('users.help')}</p>
        </div>
        {editable && <button className="btn btn-primary btn-sm" onClick={() => setInviting(true)}><Icon name="plus" />{t('users.invite')}</button>}
      </div>
      <div className="card-body">
        {error && <div className="banner danger">{error}</div>}
        {unsent && (
          <div className="banner warn" role="status" style={{ marginBottom: 12, display: 'block' }}>
            <p style={{ marginBottom: 8 }}>{tParts('users.unsent', { email: <b>{unsent.email}</b>, reason: unsent.mail.reason ?? '' })}</p>
            <div className="secret">
              <code style={{ wordBreak: 'break-all' }}>{unsent.acceptUrl}</code>
              <button className="btn btn-sm" onClick={() => { void navigator.clipboard?.writeText(unsent.acceptUrl); ui.toast(t('users.linkCopied')); }}><Icon name="copy" />{t('common.copy')}</button>
            </div>
          </div>
        )}
        {users && (
          <table className="table">
            <thead><tr><th>{t('common.name')}</th><th>{t('users.email')}</th><th>{t('users.role')}</th></tr></thead>
            <tbody>
              {users.map((u) => <tr key={u.id}><td>{u.name}</td><td>{u.email}</td><td style={{ textTransform: 'capitalize' }}>{t(`shell.role.${u.role}`)}</td></tr>)}
            </tbody>
          </table>
        )}
      </div>
      {inviting && <InviteDialog onClose={() => setInviting(false)} onInvited={invited} />}
    </section>
  );
}

function InviteDialog({ onClose, onInvited }: { onClose: () => void; onInvited: (i: Invite) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorAt = (path: string) => errors.find((e) => e.path === path)?.message;

  const submit = async () => {
    setBusy(true);
    setError(null);
    setErrors([]);
    try {
      onInvited(await api<Invite>('/users/invite', { json: { email: email.trim(), name: name.trim(), role } }));
    } catch (err) {
      const apiError = err as ApiError;
      setErrors(apiError.errors ?? []);
      setError(apiError.message);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('users.inviteTitle')} description={t('users.inviteHelp')} onClose={onClose} footer={<>
      <button className="btn" type="button" onClick={onClose}>{t('common.cancel')}</button>
      <button className="btn btn-primary" type="submit" form="invite-user" disabled={busy || !email.trim() || !name.trim()}>{busy ? t('users.sending') : t('users.sendInvitation')}</button>
    </>}>
      <form id="invite-user" onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
        {error && <div className="banner danger" role="alert" style={{ marginBottom: 12 }}>{error}</div>}
        <div className={`field${errorAt('email') ? ' invalid' : ''}`}>
          <label htmlFor="invite-email">{t('users.email')}</label>
          <input id="invite-email" className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          {errorAt('email') && <span className="field-error">{errorAt('email')}</span>}
        </div>
        <div className="field">
          <label htmlFor="invite-name">{t('common.name')}</label>
          <input id="invite-name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="invite-role">{t('users.role')}</label>
          <select id="invite-role" className="select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="agent">{t('users.roleAgent')}</option>
            <option value="supervisor">{t('users.roleSupervisor')}</option>
            <option value="admin">{t('users.roleAdmin')}</option>
          </select>
        </div>
      </form>
    </Dialog>
  );
}
