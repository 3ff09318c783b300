// Settings → Users: who can sign in, with their role; admins invite people by email (a one-time
// link to choose a password). When the mail could not go out, the link is shown to share by hand.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Role } from '../api/types';
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
    if (invite.mail.sent) ui.toast(`Invitation sent to ${invite.email}`);
    else setUnsent(invite);
  };

  return (
    <section className="card" data-testid="users-settings">
      <div className="card-head">
        <div className="grow">
          <h2>Users</h2>
          <p className="help">People who sign in to this console. Invited people get an email with a link to choose their password (it works once, for seven days).</p>
        </div>
        {editable && <button className="btn btn-primary btn-sm" onClick={() => setInviting(true)}><Icon name="plus" />Invite</button>}
      </div>
      <div className="card-body">
        {error && <div className="banner danger">{error}</div>}
        {unsent && (
          <div className="banner warn" role="status" style={{ marginBottom: 12, display: 'block' }}>
            <p style={{ marginBottom: 8 }}>The invitation for <b>{unsent.email}</b> was made, but the email did not go out: {unsent.mail.reason} Send them this link another way:</p>
            <div className="secret">
              <code style={{ wordBreak: 'break-all' }}>{unsent.acceptUrl}</code>
              <button className="btn btn-sm" onClick={() => { void navigator.clipboard?.writeText(unsent.acceptUrl); ui.toast('Link copied'); }}><Icon name="copy" />Copy</button>
            </div>
          </div>
        )}
        {users && (
          <table className="table">
            <thead><tr><th>Name</th><th>Email</th><th>Role</th></tr></thead>
            <tbody>
              {users.map((u) => <tr key={u.id}><td>{u.name}</td><td>{u.email}</td><td style={{ textTransform: 'capitalize' }}>{u.role}</td></tr>)}
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
    <Dialog title="Invite a user" description="They get an email with a link to choose their password and sign in." onClose={onClose} footer={<>
      <button className="btn" type="button" onClick={onClose}>Cancel</button>
      <button className="btn btn-primary" type="submit" form="invite-user" disabled={busy || !email.trim() || !name.trim()}>{busy ? 'Sending…' : 'Send invitation'}</button>
    </>}>
      <form id="invite-user" onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
        {error && <div className="banner danger" role="alert" style={{ marginBottom: 12 }}>{error}</div>}
        <div className={`field${errorAt('email') ? ' invalid' : ''}`}>
          <label htmlFor="invite-email">Email</label>
          <input id="invite-email" className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          {errorAt('email') && <span className="field-error">{errorAt('email')}</span>}
        </div>
        <div className="field">
          <label htmlFor="invite-name">Name</label>
          <input id="invite-name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" className="select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="agent">Agent: works cases</option>
            <option value="supervisor">Supervisor: also sees rules, settings and flows</option>
            <option value="admin">Admin: can change everything</option>
          </select>
        </div>
      </form>
    </Dialog>
  );
}
