// Who is signed in: the session token lives in localStorage; GET /me says who it is and what role
// they have. Any 401 from the API forgets it and shows the sign-in page again.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, session, setUnauthorizedHandler } from '../api/client';
import type { Me, Role } from '../api/types';

interface SessionState {
  me: Me | null;
  /** True until the stored token has been checked. */
  loading: boolean;
  /** Why the person is on the sign-in page, when it was not their choice. */
  notice: string | null;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(Boolean(session.token()));
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setMe(null);
      setNotice('Your session has ended. Sign in again to continue.');
    });
    if (!session.token()) return;
    api<Me>('/me').then(setMe, () => setMe(null)).finally(() => setLoading(false));
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const res = await api<{ token: string }>('/auth/login', { json: { email, password }, anonymous: true });
    session.set(res.token);
    setNotice(null);
    setMe(await api<Me>('/me'));
  }, []);

  const signOut = useCallback(async () => {
    try { await api('/auth/logout', { method: 'POST' }); } catch { /* the token may already be gone */ }
    session.clear();
    setMe(null);
    setNotice(null);
  }, []);

  return <SessionContext.Provider value={{ me, loading, notice, signIn, signOut }}>{children}</SessionContext.Provider>;
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
