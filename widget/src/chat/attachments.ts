// Files in the chat. The composer's attach button (a real button, so keyboard users reach it; it
// opens the file picker limited to the types Parley takes) uploads each file at once with its
// progress, and keeps the uploaded ids for the next message; a refused file says why. In the
// conversation, images show inline and other files as a named link. The visitor's own uploads are
// fetched with the page's origin (Parley checks it) and shown from a local object URL.
import { fill, type FormStrings } from './form-strings';

/** A message's file as Parley lists it in the visitor's thread. */
export interface ThreadAttachment { fileId?: string; url?: string; mime: string; name: string | null; size: number | null }

/** What the file picker offers (Parley checks the content again: this only spares the visitor a refusal). */
export const ACCEPT = 'image/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.txt,.csv,audio/*,video/*';

export const ATTACH_CSS = `
.attach{background:transparent;border:1px solid #cbd5e1;border-radius:8px;width:40px;flex:none;cursor:pointer;color:#475569;display:flex;align-items:center;justify-content:center;padding:0}
.attach:hover{border-color:var(--c);color:var(--c)}
.tray{display:flex;flex-wrap:wrap;gap:6px;padding:0 10px 8px;background:#fff}
.tray:empty{display:none}
.chip{display:flex;align-items:center;gap:6px;border:1px solid #e2e8f0;border-radius:8px;padding:4px 6px 4px 10px;font-size:12.5px;max-width:100%}
.chip.err{border-color:#fecaca;background:#fef2f2;color:#b91c1c}
.chip span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:190px}
.chip small{color:#64748b}.chip.err small{color:inherit}
.chip button{border:0;background:transparent;cursor:pointer;font-size:15px;color:inherit;padding:0 4px}
.files{display:flex;flex-direction:column;gap:6px;margin-top:4px}
.files:first-child{margin-top:0}
.files img{display:block;max-width:220px;max-height:220px;border-radius:8px;background:#e2e8f0;min-width:48px;min-height:32px}
.file-link{display:inline-flex;align-items:center;gap:6px;color:inherit;text-decoration:underline;font-size:13.5px}
`;

export interface AttachOptions {
  /** Parley's snippet endpoints for the site. */
  base: string;
  visitorId: string;
  identity(): string | null;
  strings: FormStrings;
  /** Something changed (an upload finished or failed, a file was removed): the send button may change. */
  onChange(): void;
}

interface Pending { file: File; id?: string; error?: string; percent: number; chip: HTMLElement; xhr?: XMLHttpRequest; localUrl: string }

const el = (tag: string, cls?: string, text?: string) => {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
};

const icon = (paths: string) => `<svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${paths}</svg>`;
const PAPERCLIP = icon('<path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48"/>');
const FILE = icon('<path d="M13 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9z"/><path d="M13 2v7h7"/>');

const sizeText = (bytes: number | null) => (bytes === null ? '' : bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** The attach button, the tray of files waiting to be sent, and the upload of each. */
export function attachControl(opts: AttachOptions) {
  const t = opts.strings;
  const pending: Pending[] = [];
  const picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = ACCEPT;
  picker.multiple = true;
  picker.hidden = true;
  picker.tabIndex = -1;
  const button = el('button', 'attach') as HTMLButtonElement;
  button.innerHTML = PAPERCLIP; // a constant icon, nothing from outside
  button.type = 'button';
  button.setAttribute('aria-label', t.attach);
  button.title = t.attach;
  button.addEventListener('click', () => picker.click());
  const tray = el('div', 'tray');
  tray.setAttribute('aria-live', 'polite');
  picker.addEventListener('change', () => {
    for (const file of Array.from(picker.files ?? [])) upload(file);
    picker.value = '';
  });

  function drawChip(p: Pending) {
    p.chip.className = `chip${p.error ? ' err' : ''}`;
    p.chip.textContent = '';
    const name = el('span', undefined, p.file.name);
    const detail = el('small', undefined, p.error ?? (p.id ? sizeText(p.file.size) : fill(t.uploading, { percent: p.percent })));
    const remove = el('button', undefined, '×') as HTMLButtonElement;
    remove.type = 'button';
    remove.setAttribute('aria-label', fill(t.removeFile, { name: p.file.name }));
    remove.addEventListener('click', () => { p.xhr?.abort(); drop(p); button.focus(); });
    p.chip.append(name, detail, remove);
  }

  function drop(p: Pending) {
    const i = pending.indexOf(p);
    if (i >= 0) pending.splice(i, 1);
    p.chip.remove();
    opts.onChange();
  }

  function upload(file: File) {
    const p: Pending = { file, percent: 0, chip: el('div'), localUrl: URL.createObjectURL(file) };
    pending.push(p);
    tray.append(p.chip);
    drawChip(p);
    const form = new FormData();
    form.set('visitorId', opts.visitorId);
    const identity = opts.identity();
    if (identity) form.set('identity', identity);
    form.set('file', file);
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    p.xhr = xhr;
    xhr.open('POST', `${opts.base}/attachments`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) { p.percent = Math.round((e.loaded / e.total) * 100); drawChip(p); } };
    xhr.onload = () => {
      let body: { id?: string; code?: string } = {};
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status === 201 && body.id) p.id = body.id;
      else p.error = xhr.status === 413 ? t.fileTooLarge : xhr.status === 415 ? t.fileType : t.fileFailed;
      p.xhr = undefined;
      drawChip(p);
      opts.onChange();
    };
    xhr.onerror = () => { p.error = t.fileFailed; p.xhr = undefined; drawChip(p); opts.onChange(); };
    xhr.send(form);
    opts.onChange();
  }

  return {
    button, picker, tray,
    /** A file pasted or dropped into the chat: uploaded like a picked one. */
    upload,
    /** Files still uploading: the message waits for them. */
    get busy() { return pending.some((p) => !p.id && !p.error); },
    /** The uploaded files, to send with the next message (their local copies show in the pending bubble). */
    take(): { ids: string[]; shown: ThreadAttachment[] } {
      const done = pending.filter((p) => p.id);
      for (const p of done) drop(p);
      return { ids: done.map((p) => p.id!), shown: done.map((p) => ({ url: p.localUrl, mime: p.file.type, name: p.file.name, size: p.file.size })) };
    },
  };
}

/** Object URLs of the visitor's stored files, fetched once per file (redraws reuse them). */
const fetched = new Map<string, Promise<string>>();

/** A message's files: images inline, anything else as a link with its name and size. */
export function renderAttachments(files: ThreadAttachment[], fileUrl: (fileId: string) => string, t: FormStrings): HTMLElement {
  const box = el('div', 'files');
  for (const f of files) {
    const name = f.name ?? 'file';
    // Files by URL (an agent's, or the visitor's local copy while sending): web or blob addresses only, never `javascript:`.
    const external = f.url && /^(https?:\/\/|blob:)/i.test(f.url) ? f.url : '';
    const source = (): Promise<string> => {
      if (!f.fileId) return external ? Promise.resolve(external) : Promise.reject(new Error('no address'));
      let p = fetched.get(f.fileId);
      if (!p) {
        p = fetch(fileUrl(f.fileId), { mode: 'cors', credentials: 'omit' })
          .then((res) => (res.ok ? res.blob() : Promise.reject(new Error(String(res.status)))))
          .then((blob) => URL.createObjectURL(blob));
        p.catch(() => fetched.delete(f.fileId!));
        fetched.set(f.fileId, p);
      }
      return p;
    };
    if (f.mime.startsWith('image/')) {
      const img = document.createElement('img');
      img.alt = name;
      img.title = name;
      void source().then((src) => { img.src = src; }, () => { img.replaceWith(el('span', 'file-link', name)); });
      box.append(img);
    } else {
      const a = el('a', 'file-link') as HTMLAnchorElement;
      a.innerHTML = FILE;
      a.append(`${name}${f.size ? ` · ${sizeText(f.size)}` : ''}`);
      a.setAttribute('aria-label', fill(t.download, { name }));
      a.download = name;
      a.rel = 'noopener';
      a.href = f.fileId ? '#' : external || '#';
      if (f.fileId) {
        a.addEventListener('click', (e) => {
          if (a.href.startsWith('blob:')) return;
          e.preventDefault();
          void source().then((url) => { a.href = url; a.click(); });
        });
      }
      box.append(a);
    }
  }
  return box;
}
