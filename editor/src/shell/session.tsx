// Who is signed in: the session lives in an httpOnly cookie the console cannot read; GET /me says
// who it is and what role they have. Any 401 from the API shows the sign-in page again.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, session, setUnauthorizedHandler } from '../api/client';
import type { Me, Role } from '../api/types';
import { t } from '../i18n';

interface SessionState {
  me: Me | null;
  /** True until the session cookie has been checked. */
  loading: boolean;
  /** Why the person is on the sign-in page, when it was not their choice. */
  notice: string | null;
  signIn(email: string, password: string): Promise<void>;
  /** After accepting an invitation (which set the cookie): load who is signed in. */
  refresh(): Promise<void>;
  /** Show a message on the sign-in page (e.g. after a password reset). */
  setNotice(notice: string | null): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(session.probablySignedIn());
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setMe(null);
      setNotice(t('shell.sessionEnded'));
    });
    session.forgetLegacyToken();
    if (!session.probablySignedIn()) return;
    api<Me>('/me').then(setMe, () => setMe(null)).finally(() => setLoading(false));
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    await api('/auth/login', { json: { email, password, session: 'cookie' }, anonymous: true });
    setNotice(null);
    setMe(await api<Me>('/me'));
  }, []);

  const signOut = useCallback(async () => {
    try { await api('/auth/logout', { method: 'POST' }); } catch { /* the session may already be gone */ }
    setMe(null);
    setNotice(null);
  }, []);

  const refresh = useCallback(async () => { setNotice(null); setMe(await api<Me>('/me')); }, []);

  return <SessionContext.Provider value={{ me, loading, notice, signIn, signOut, refresh, setNotice }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** What a role may do in the console (the API enforces the same). */
export const can = {
  seeRules: (role: Role | undefined) => role === 'admin' || role === 'supervisor',
  editRules: (role: Role | undefined) => role === 'admin',
  seeSettings: (role: Role | undefined) => role === 'admin' || role === 'supervisor',
  editSettings: (role: Role | undefined) => role === 'admin',
  /** Campaigns, payments and appointments: admins and supervisors manage them (agents work them from a case). */
  seeFlows: (role: Role | undefined) => role === 'admin' || role === 'supervisor',
};
