// Contact lists: upload a CSV (with a progress bar while it travels and while rows are checked),
// then the validation report — every rejected or duplicate row with its number, field and reason.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import { Dialog } from '../ui/dialog';
import { when } from '../ui/format';
import { Icon } from '../ui/icons';
import { ProgressBar } from './ProgressBar';
import type { ContactList } from './types';
import { uploadCsv } from './upload-csv';

const LIST_STATUS = { importing: 'accent', ready: 'ok', failed: 'danger' } as const;

export function ListsPanel({ editable, onChanged }: { editable: boolean; onChanged: () => void }) {
  const [lists, setLists] = useState<ContactList[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [open, setOpen] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setLists((await api<{ items: ContactList[] }>('/contact-lists?limit=100')).items);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);
  useEffect(() => { void load(); }, [load]);
  // An import started elsewhere (another tab, the API) moves on its own: follow it.
  const importing = lists?.some((l) => l.status === 'importing');
  useEffect(() => {
    if (!importing) return;
    const timer = setInterval(() => void load(), 1000);
    return () => clearInterval(timer);
  }, [importing, load]);

  return (
    <>
      <div className="row" style={{ marginBottom: 12 }}>
        <p className="muted grow">A list is a CSV with a header row: an id, a name, one column per channel identity (phone, email, or a channel type such as byoc), and any other columns as variables for the message.</p>
        {editable && <button className="btn btn-primary" onClick={() => setUploading(true)}><Icon name="upload" />Upload CSV</button>}
      </div>
      {error && <div className="banner danger" style={{ marginBottom: 16 }}>{error}</div>}
      {lists && lists.length === 0 && (
        <div className="card"><div className="empty" data-testid="no-lists">
          <h3>No contact lists yet</h3>
          <p>Upload a CSV such as <code>id,name,phone,plan</code>. Semicolons and tabs work too; each bad row is reported with its row number and reason.</p>
          {editable && <button className="btn btn-primary" style={{ marginTop: 18 }} onClick={() => setUploading(true)}><Icon name="upload" />Upload CSV</button>}
        </div></div>
      )}
      {lists && lists.length > 0 && (
        <div className="card">
          <table className="table">
            <thead><tr><th>List</th><th>Status</th><th>Contacts</th><th>Rejected</th><th>Duplicates</th><th>Uploaded</th></tr></thead>
            <tbody>
              {lists.map((l) => (
                <tr key={l.id} className="clickable" onClick={() => setOpen(l.id)}>
                  <td><span className="rule-name">{l.name}</span></td>
                  <td>
                    {l.status === 'importing'
                      ? <div className="stack" style={{ gap: 4 }}><span className="chip accent">Importing · {l.counts.rowsRead.toLocaleString()} rows</span><ProgressBar value={l.progress} label={`Importing ${l.name}`} /></div>
                      : <span className={`chip ${LIST_STATUS[l.status]}`}>{l.status === 'ready' ? 'Ready' : 'Failed'}</span>}
                  </td>
                  <td>{l.counts.valid.toLocaleString()}</td>
                  <td>{l.counts.invalid ? <span className="chip danger">{l.counts.invalid.toLocaleString()}</span> : <span className="muted">0</span>}</td>
                  <td>{l.counts.duplicates ? <span className="chip warn">{l.counts.duplicates.toLocaleString()}</span> : <span className="muted">0</span>}</td>
                  <td className="muted nowrap">{when(l.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {uploading && <UploadDialog onClose={() => { setUploading(false); void load(); onChanged(); }} />}
      {open && <ListReportDialog id={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function UploadDialog({ onClose }: { onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [mapping, setMapping] = useState('');
  const [sent, setSent] = useState<number | null>(null);
  const [result, setResult] = useState<ContactList | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setSent(0);
    try {
      setResult(await uploadCsv(file, { name: name.trim() || file.name.replace(/\.csv$/i, ''), mapping }, setSent));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setSent(null);
    }
  };

  if (result) {
    return (
      <Dialog title={`${result.name}: ${result.counts.valid.toLocaleString()} contacts imported`} wide onClose={onClose}
        footer={<button className="btn btn-primary" onClick={onClose}>Done</button>}>
        <ListSummary list={result} />
      </Dialog>
    );
  }
  const busy = sent !== null;
  return (
    <Dialog title="Upload a contact list" description="UTF-8 CSV (with or without BOM), separated by commas, semicolons or tabs." wide onClose={busy ? () => {} : onClose}
      footer={<>
        <button className="btn" onClick={onClose} disabled={busy}>Cancel</button>
        <button className="btn btn-primary" form="upload-form" disabled={!file || busy}>{busy ? 'Uploading…' : 'Upload'}</button>
      </>}>
      <form id="upload-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="csv-file">CSV file</label>
          <input id="csv-file" className="input" type="file" accept=".csv,.tsv,.txt,text/csv" onChange={(e) => { const f = e.target.files?.[0] ?? null; setFile(f); if (f && !name) setName(f.name.replace(/\.(csv|tsv|txt)$/i, '')); }} />
        </div>
        <div className="field">
          <label htmlFor="list-name">List name</label>
          <input id="list-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="Spring customers" />
        </div>
        <div className="field">
          <label htmlFor="list-mapping">Column mapping <span className="optional">optional</span></label>
          <textarea id="list-mapping" className="textarea" rows={3} value={mapping} onChange={(e) => setMapping(e.target.value)}
            placeholder='{"externalId":"customer_id","name":"full_name","identities":{"phone":"mobile","byoc":"app_user"}}' />
          <span className="help">Without it, columns are matched by name: id, name, phone, email, or a channel type such as byoc. Every other column becomes a variable ({'{{plan}}'}).</span>
        </div>
        {busy && (
          <div className="stack" style={{ gap: 4 }}>
            <ProgressBar value={sent! < 1 ? sent : null} label="Upload progress" />
            <span className="muted small">{sent! < 1 ? `Uploading… ${Math.round(sent! * 100)}%` : 'Checking rows…'}</span>
          </div>
        )}
        {error && (
          <div className="banner danger">
            <div>
              {error.message}
              {error.errors.length > 0 && <ul style={{ margin: '6px 0 0 16px' }}>{error.errors.map((i, n) => <li key={n}><code>{i.path}</code>: {i.message}</li>)}</ul>}
            </div>
          </div>
        )}
      </form>
    </Dialog>
  );
}

function ListSummary({ list }: { list: ContactList }) {
  const issues = list.report?.issues ?? [];
  return (
    <div className="stack" style={{ gap: 12 }}>
      <div className="row wrap" style={{ gap: 10 }}>
        <div className="stat"><div className="n">{list.counts.rowsRead.toLocaleString()}</div><div className="l">rows read</div></div>
        <div className="stat"><div className="n">{list.counts.valid.toLocaleString()}</div><div className="l">contacts</div></div>
        <div className="stat"><div className="n">{list.counts.invalid.toLocaleString()}</div><div className="l">rejected</div></div>
        <div className="stat"><div className="n">{list.counts.duplicates.toLocaleString()}</div><div className="l">duplicates</div></div>
      </div>
      {list.error && <div className="banner danger">{list.error}</div>}
      {list.mapping && (
        <dl className="kv">
          <dt>External id</dt><dd>{list.mapping.externalId ?? '—'}</dd>
          <dt>Name</dt><dd>{list.mapping.name ?? '—'}</dd>
          <dt>Identities</dt><dd>{Object.entries(list.mapping.identities).map(([k, c]) => `${k} ← ${c}`).join(', ')}</dd>
          <dt>Variables</dt><dd>{list.mapping.variables.length ? list.mapping.variables.map((v) => `{{${v}}}`).join(' ') : '—'}</dd>
        </dl>
      )}
      {issues.length === 0
        ? <div className="banner ok">Every row was imported.</div>
        : (
          <div>
            <div className="section-title">Validation report{list.report!.issueCount > issues.length ? ` (first ${issues.length} of ${list.report!.issueCount.toLocaleString()})` : ''}</div>
            <table className="table" data-testid="list-report">
              <thead><tr><th style={{ width: 70 }}>Row</th><th style={{ width: 140 }}>Field</th><th>Reason</th></tr></thead>
              <tbody>{issues.map((i, n) => <tr key={n}><td>{i.rowNumber}</td><td><code>{i.field}</code></td><td>{i.reason}</td></tr>)}</tbody>
            </table>
          </div>
        )}
    </div>
  );
}

function ListReportDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const [list, setList] = useState<ContactList | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { api<ContactList>(`/contact-lists/${id}`).then(setList, (err) => setError((err as Error).message)); }, [id]);
  return (
    <Dialog title={list?.name ?? 'Contact list'} wide onClose={onClose} footer={<button className="btn" onClick={onClose}>Close</button>}>
      {error && <div className="banner danger">{error}</div>}
      {list ? <ListSummary list={list} /> : !error && <p className="muted">Loading…</p>}
    </Dialog>
  );
}
