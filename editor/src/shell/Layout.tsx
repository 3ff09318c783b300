// The frame around every page: navigation on the left (only the sections this role may use), who
// is signed in, changing one's password and sign-out at the bottom.
import { useState, type ReactNode } from 'react';
import { canSupervise } from '../supervisor/access';
import { AgentStatusControl } from '../supervisor/AgentStatusControl';
import { Icon, type IconName } from '../ui/icons';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { Link } from './router';
import { can, useSession } from './session';
import { t, tParts } from '../i18n';

interface NavEntry { to: string; label: string; icon: IconName; show: boolean; section: 'Workspace' | 'Automation' | 'Flows' | 'Channels' }

export function Layout({ path, children }: { path: string; children: ReactNode }) {
  const { me, signOut } = useSession();
  const [changingPassword, setChangingPassword] = useState(false);
  const role = me?.role;
  const entries: NavEntry[] = [
    { to: '/inbox', label: t('shell.nav.inbox'), icon: 'message', show: Boolean(role), section: 'Workspace' },
    { to: '/supervisor', label: t('shell.nav.supervisor'), icon: 'users', show: canSupervise(role), section: 'Workspace' },
    { to: '/rules', label: t('shell.nav.rules'), icon: 'rules', show: can.seeRules(role), section: 'Automation' },
    { to: '/settings', label: t('shell.nav.settings'), icon: 'settings', show: can.seeSettings(role), section: 'Automation' },
    { to: '/campaigns', label: t('shell.nav.campaigns'), icon: 'send', show: can.seeFlows(role), section: 'Flows' },
    { to: '/payments', label: t('shell.nav.payments'), icon: 'card', show: can.seeFlows(role), section: 'Flows' },
    { to: '/appointments', label: t('shell.nav.appointments'), icon: 'calendar', show: can.seeFlows(role), section: 'Flows' },
    { to: '/websites', label: t('shell.nav.websites'), icon: 'globe', show: can.seeFlows(role), section: 'Channels' },
  ];
  const sections = (['Workspace', 'Automation', 'Flows', 'Channels'] as const).map((section) => ({ section, entries: entries.filter((e) => e.show && e.section === section) }))
    .filter((s) => s.entries.length > 0);
  const name = me?.user?.name ?? t('shell.apiKey');
  const initials = name.split(/\s+/).map((w) => w[0]).join('').slice(0, 2).toUpperCase();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('shell.nav.main')}>
        <div className="brand"><span className="brand-mark"><Icon name="message" size={14} /></span>Parley</div>
        {sections.map(({ section, entries: shown }) => (
          <div key={section}>
            <div className="nav-section">{t(`shell.nav.${section}`)}</div>
            {shown.map((e) => (
              <Link key={e.to} to={e.to} className={`nav-item${path.startsWith(e.to) ? ' active' : ''}`} aria-current={path.startsWith(e.to) ? 'page' : undefined}>
                <Icon name={e.icon} />{e.label}
              </Link>
            ))}
          </div>
        ))}
        <div className="sidebar-footer">
          <div className="who">
            <span className="avatar">{initials}</span>
            <div className="grow">
              <div className="who-name">{name}</div>
              <div className="who-role">{role && t(`shell.role.${role}`)}</div>
            </div>
          </div>
          {me?.user?.id && <AgentStatusControl userId={me.user.id} />}
          {me?.kind === 'user' && <button className="nav-item" onClick={() => setChangingPassword(true)}><Icon name="lock" />{t('shell.changePassword')}</button>}
          <button className="nav-item" onClick={() => void signOut()}><Icon name="logout" />{t('shell.signOut')}</button>
        </div>
      </nav>
      <main className="main">{children}</main>
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
    </div>
  );
}

export function NothingForRole() {
  const { me } = useSession();
  return (
    <div className="page">
      <div className="empty" style={{ paddingTop: 100 }}>
        <h3>{t('shell.nothingTitle')}</h3>
        <p>{tParts('shell.nothingLead', { name: me?.user?.name ?? t('shell.apiKey'), role: me?.role ? t(`shell.role.${me.role}`) : '', inbox: <a href="/inbox">{t('shell.nav.inbox')}</a> })}</p>
      </div>
    </div>
  );
}
