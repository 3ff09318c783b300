// Websites: the sites the Parley snippet runs on. The list shows each site's origins and the
// script tag to paste; a site opens in its editor (SiteEditor). Admins add and remove sites.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { Link, navigate, usePath } from '../shell/router';
import { can, useSession } from '../shell/session';
import { useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';
import { SiteEditor } from './SiteEditor';
import type { Site } from './types';

export function WebsitesPage() {
  const path = usePath();
  const match = /^\/websites\/([^/]+)$/.exec(path);
  if (match) return <SiteEditor siteId={decodeURIComponent(match[1])} key={match[1]} />;
  return <SiteList />;
}

function SiteList() {
  const { me } = useSession();
  const ui = useUi();
  const editable = can.editSettings(me?.role);
  const [sites, setSites] = useState<Site[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => api<{ items: Site[] }>('/sites').then((r) => setSites(r.items), (e) => setError((e as Error).message)), []);
  useEffect(() => { void load(); }, [load]);

  const copy = async (site: Site) => {
    try { await navigator.clipboard.writeText(site.snippet); ui.toast('Snippet copied'); } catch { ui.toast('Select the snippet and copy it', 'danger'); }
  };

  return (
    <div className="page">
      <div className="page-header">
        <div className="grow">
          <h1>Websites</h1>
          <p>Paste one script tag on a site to show its Guide: entry points to your channels and proactive offers chosen by rules.</p>
        </div>
        {editable && <button className="btn btn-primary" onClick={() => navigate('/websites/new')}><Icon name="plus" />Add website</button>}
      </div>
      {error && <div className="banner danger" role="alert">{error}</div>}
      {sites && sites.length === 0 && (
        <div className="empty">
          <h3>No websites yet</h3>
          <p>Add your site's address, choose the channels visitors can reach you on, and paste the snippet before <code>&lt;/body&gt;</code>.</p>
          {editable && <button className="btn btn-primary" onClick={() => navigate('/websites/new')}>Add website</button>}
        </div>
      )}
      {sites && sites.length > 0 && (
        <table className="table" data-testid="sites">
          <thead><tr><th>Website</th><th>Allowed origins</th><th>Guide rules</th><th>Snippet</th></tr></thead>
          <tbody>
            {sites.map((s) => (
              <tr key={s.id}>
                <td><Link to={`/websites/${s.id}`} className="rule-name">{s.name}</Link><div className="muted small">{s.entryPoints.map((e) => e.type).join(' · ') || 'No entry points'}</div></td>
                <td className="small">{s.allowedOrigins.join(', ')}</td>
                <td>{s.guideRules.length}</td>
                <td><code className="small" style={{ wordBreak: 'break-all' }}>{s.snippet}</code> <button className="btn btn-sm" onClick={() => void copy(s)}><Icon name="copy" size={13} />Copy</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
