// Engagement Mapper on a site's page: the elements mapped so far (picture, name, pages, locator) and whether
// visitors' snippets still find each one; "Map elements" opens a page of the site in mapping mode
// (a 10-minute mapper token in the address) where the admin clicks and names elements.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { useUi } from '../ui/dialog';
import { Icon } from '../ui/icons';
import { ElementCrop } from './ElementCrop';
import type { MappedElement } from './types';

function statusChip(el: MappedElement) {
  if (el.status === 'matches') return <span className="chip ok">Matches</span>;
  if (el.status === 'no_longer_matches') {
    return <span className="chip danger" title={el.lastMissAt ?? ''}>No longer matches{el.lastMissUrl ? ` on ${new URL(el.lastMissUrl).pathname}` : ''}</span>;
  }
  return <span className="chip">Not checked yet</span>;
}

const locatorText = (l: MappedElement['locator']) => (l.id ? `#${l.id}` : l.data ? `[${l.data.name}="${l.data.value}"]` : l.css) + (l.text ? ` · “${l.text}”` : '');

export function MappedElementsSection({ siteId, origins, editable }: { siteId: string; origins: string[]; editable: boolean }) {
  const ui = useUi();
  const [items, setItems] = useState<MappedElement[] | null>(null);
  const [pageUrl, setPageUrl] = useState(origins[0] ? `${origins[0]}/` : '');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => api<{ items: MappedElement[] }>(`/sites/${siteId}/elements`).then((r) => setItems(r.items), (e) => setError((e as Error).message)), [siteId]);
  useEffect(() => {
    void load();
    // Back from mapping on the site: show what was mapped.
    const onFocus = () => void load();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [load]);

  const openMapper = async () => {
    setError(null);
    let url: URL;
    try { url = new URL(pageUrl); } catch { setError('Type the address of a page of the site, e.g. https://shop.example/products/1'); return; }
    if (!origins.includes(url.origin)) { setError(`${url.origin} is not one of the site's allowed origins: the snippet does not run there.`); return; }
    // Opened before the token arrives, so the browser does not treat it as an unrequested pop-up.
    const win = window.open('about:blank', '_blank');
    try {
      const { token } = await api<{ token: string }>(`/sites/${siteId}/mapper-token`, { method: 'POST' });
      url.hash = `parley-map=${token}`;
      if (win) { win.opener = null; win.location.href = url.toString(); } else window.location.assign(url.toString());
    } catch (err) {
      win?.close();
      setError((err as Error).message);
    }
  };

  const rename = async (el: MappedElement) => {
    const name = window.prompt('Name of the element', el.name)?.trim();
    if (!name || name === el.name) return;
    await api(`/sites/${siteId}/elements/${el.id}`, { method: 'PATCH', json: { name } });
    void load();
  };
  const remove = async (el: MappedElement) => {
    const ok = await ui.confirm({ title: `Forget “${el.name}”?`, body: <p>Visitors' interactions with it stop being reported, and rules naming it stop matching.</p>, confirm: 'Forget element', danger: true });
    if (!ok) return;
    await api(`/sites/${siteId}/elements/${el.id}`, { method: 'DELETE' });
    ui.toast('Element forgotten');
    void load();
  };

  return (
    <section className="card" data-testid="mapped-elements">
      <div className="card-head">
        <div className="grow">
          <h2>Mapped elements</h2>
          <p className="help">Name buttons, forms and sections of your site; rules (trigger <em>Mapped element interacted</em>) react when visitors click, hover, see or abandon them.</p>
        </div>
        <button className="btn btn-sm" onClick={() => void load()}><Icon name="replay" size={13} />Refresh</button>
      </div>
      <div className="card-body">
        {editable && (
          <div className="row" style={{ gap: 8, marginBottom: 14 }}>
            <input className="input" style={{ maxWidth: 460 }} aria-label="Page to map" placeholder="https://shop.example/products/1" value={pageUrl} onChange={(e) => setPageUrl(e.target.value)} />
            <button className="btn btn-primary" onClick={() => void openMapper()}><Icon name="eye" />Map elements</button>
          </div>
        )}
        {error && <div className="banner danger" role="alert" style={{ marginBottom: 12 }}>{error}</div>}
        {items && items.length === 0 && <p className="muted">No elements mapped yet.{editable ? ' Open a page of your site in mapping mode and click the elements that matter.' : ''}</p>}
        {items && items.length > 0 && (
          <table className="table">
            <thead><tr><th>Element</th><th>Pages</th><th>Found by</th><th>Status</th>{editable && <th />}</tr></thead>
            <tbody>
              {items.map((el) => (
                <tr key={el.id} data-element={el.id}>
                  <td>
                    <div className="row" style={{ gap: 12, alignItems: 'center' }}>
                      <ElementCrop element={el} width={104} height={52} />
                      <div style={{ minWidth: 0 }}><strong>{el.name}</strong><div className="muted small"><code style={{ overflowWrap: 'anywhere' }}>{el.id}</code></div></div>
                    </div>
                  </td>
                  <td className="small">{el.pageUrlPattern || 'Every page'}</td>
                  <td className="small" style={{ minWidth: 170 }}><code style={{ overflowWrap: 'anywhere' }}>{locatorText(el.locator)}</code></td>
                  <td>{statusChip(el)}</td>
                  {editable && (
                    <td style={{ whiteSpace: 'nowrap' }}>
                      <button className="btn btn-sm" onClick={() => void rename(el)}>Rename</button>{' '}
                      <button className="btn btn-ghost btn-sm btn-icon" aria-label={`Forget ${el.name}`} onClick={() => void remove(el)}><Icon name="trash" /></button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
