// The console: sign-in, then the sections the person's role allows. The rule editor (React Flow
// and its panels) is loaded on demand so the sign-in page and the rules list stay light.
import { lazy, Suspense, useEffect } from 'react';
import { AppointmentsPage } from './appointments/AppointmentsPage';
import { InboxPage } from './inbox/InboxPage';
import { CampaignsPage } from './campaigns/CampaignsPage';
import { PaymentsPage } from './payments/PaymentsPage';
import { RulesPage } from './rules/RulesPage';
import { WebsitesPage } from './websites/WebsitesPage';
import { SettingsPage } from './settings/SettingsPage';
import { canSupervise } from './supervisor/access';
import { SupervisorPage } from './supervisor/SupervisorPage';
import { Layout, NothingForRole } from './shell/Layout';
import { navigate, usePath } from './shell/router';
import { can, SessionProvider, useSession } from './shell/session';
import { SignIn } from './shell/SignIn';
import { UiProvider } from './ui/dialog';

const RuleEditorPage = lazy(() => import('./editor/RuleEditorPage'));

export function App() {
  return (
    <UiProvider>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </UiProvider>
  );
}

function Routes() {
  const { me, loading } = useSession();
  const path = usePath();
  const role = me?.role;
  const home = can.seeRules(role) ? '/rules' : '/inbox';

  const flows = ['/campaigns', '/payments', '/appointments', '/websites'].some((p) => path.startsWith(p));
  const known = (path.startsWith('/rules') && can.seeRules(role)) || (path.startsWith('/settings') && can.seeSettings(role))
    || (flows && can.seeFlows(role)) || path === '/home' || path.startsWith('/inbox')
    || (path.startsWith('/supervisor') && canSupervise(role));
  useEffect(() => {
    if (me && !known) navigate(home, { replace: true });
  }, [me, known, home]);

  if (loading) return null;
  if (!me) return <SignIn />;

  const ruleMatch = /^\/rules\/([^/]+)$/.exec(path);
  if (ruleMatch && can.seeRules(role)) {
    return (
      <Suspense fallback={<div className="empty">Opening the editor…</div>}>
        <RuleEditorPage ruleId={decodeURIComponent(ruleMatch[1])} />
      </Suspense>
    );
  }
  let page;
  if (path.startsWith('/inbox')) page = <InboxPage />;
  else if (path.startsWith('/supervisor') && canSupervise(role)) page = <SupervisorPage />;
  else if (path.startsWith('/rules') && can.seeRules(role)) page = <RulesPage />;
  else if (path.startsWith('/settings') && can.seeSettings(role)) page = <SettingsPage />;
  else if (path.startsWith('/campaigns') && can.seeFlows(role)) page = <CampaignsPage />;
  else if (path.startsWith('/payments') && can.seeFlows(role)) page = <PaymentsPage />;
  else if (path.startsWith('/appointments') && can.seeFlows(role)) page = <AppointmentsPage />;
  else if (path.startsWith('/websites') && can.seeFlows(role)) page = <WebsitesPage />;
  else page = <NothingForRole />;
  return <Layout path={path}>{page}</Layout>;
}
