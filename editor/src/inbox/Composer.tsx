// The reply box: Markdown with a preview, the builder for quick replies / buttons / pickers, canned
// responses with their variables filled, attachments, and a template picker when the channel's
// reply window has closed. The same box writes internal notes with @mentions.
import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../api/client';
import { storeAttachment } from '../api/store-attachment';
import { fillCanned } from './canned-fill';
import { buildContent, builderProblems, emptyBuilder, type BuilderState } from './content-builder';
import { ContentBuilder } from './ContentBuilder';
import { Markdown } from './Markdown';
import { mentionedIds, mentionQuery } from './mentions';
import { replyWindowText } from './reply-window-text';
import { t } from '../i18n';
import { headerKindOf, previewBody } from '../ui/template-header';
import { TemplateHeaderFile, type HeaderFile } from '../ui/TemplateHeaderFile';
import type { CannedResponse, CaseDetail, ReplyWindow, Template, User } from './types';

export interface ComposerHandle { focus(): void }

interface Props {
  theCase: CaseDetail;
  window: ReplyWindow | null;
  users: User[];
  agentName: string | null;
  now: number;
  onSent(): void;
}

const looksLikeMarkdown = (s: string) => /(\*\*|__|`|\[[^\]]+\]\(|^\s*[-*]\s)/m.test(s);

export const Composer = forwardRef<ComposerHandle, Props>(function Composer({ theCase, window: win, users, agentName, now, onSent }, ref) {
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [preview, setPreview] = useState(false);
  const [builder, setBuilder] = useState<BuilderState | null>(null);
  const [files, setFiles] = useState<{ url: string; mime: string; name: string; size: number }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cannedOpen, setCannedOpen] = useState(false);
  const [picked, setPicked] = useState<{ id: string; name: string }[]>([]);
  const [caret, setCaret] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const pendingCaret = useRef<number | null>(null);

  useImperativeHandle(ref, () => ({ focus: () => { setPreview(false); setTimeout(() => area.current?.focus(), 0); } }));
  useEffect(() => { setText(''); setBuilder(null); setFiles([]); setError(null); setPicked([]); }, [theCase.id]);

  const windowState = win ? replyWindowText(win, now) : null;
  const closed = mode === 'reply' && windowState !== null && !windowState.canWrite;
  const finished = theCase.status === 'closed';

  const mention = mode === 'note' ? mentionQuery(text, caret) : null;
  const suggestions = mention ? users.filter((u) => u.name.toLowerCase().includes(mention.query.toLowerCase())).slice(0, 6) : [];
  const pickMention = (u: User) => {
    if (!mention) return;
    const next = `${text.slice(0, mention.start)}@${u.name} ${text.slice(caret)}`;
    setText(next);
    setPicked((p) => [...p.filter((x) => x.id !== u.id), { id: u.id, name: u.name }]);
    pendingCaret.current = mention.start + u.name.length + 2;
  };
  // The caret goes after the inserted name as soon as React has written the text, before the next key.
  useLayoutEffect(() => {
    const at = pendingCaret.current;
    if (at === null || !area.current) return;
    pendingCaret.current = null;
    area.current.focus();
    area.current.setSelectionRange(at, at);
    setCaret(at);
  }, [text]);

  const problems = builder ? builderProblems(builder) : [];
  const canSend = !busy && !finished && (mode === 'note' ? text.trim().length > 0
    : !closed && (builder ? problems.length === 0 : text.trim().length > 0 || files.length > 0));

  async function send() {
    if (!canSend) return;
    setBusy(true);
    setError(null);
    try {
      if (mode === 'note') {
        await api(`/cases/${theCase.id}/notes`, { json: { text: text.trim(), mentions: mentionedIds(text, picked) } });
      } else {
        const body: Record<string, unknown> = {};
        const blocks: unknown[] = [];
        if (text.trim()) blocks.push({ type: 'text', text: text.trim(), format: looksLikeMarkdown(text) ? 'markdown' : 'plain' });
        if (builder) blocks.push(buildContent(builder));
        if (blocks.length === 1 && !builder && !looksLikeMarkdown(text)) body.text = text.trim();
        else if (blocks.length) body.content = blocks.length === 1 ? blocks[0] : blocks;
        if (files.length) body.attachments = files;
        await api(`/cases/${theCase.id}/messages`, { json: body });
      }
      setText(''); setBuilder(null); setFiles([]); setPicked([]); setPreview(false);
      onSent();
    } catch (err) {
      setError(err instanceof ApiError ? [err.message, ...err.errors.map((e) => `${e.path}: ${e.message}`)].join(' ') : String(err));
    } finally {
      setBusy(false);
    }
  }

  async function attach(list: FileList | null) {
    if (!list?.length) return;
    setError(null);
    for (const file of Array.from(list)) {
      try {
        const stored = await storeAttachment(file, theCase.channelId);
        setFiles((f) => [...f, { url: stored.url, mime: stored.mime, name: stored.name, size: stored.size }]);
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
      }
    }
  }

  const insertCanned = (c: CannedResponse) => {
    const filled = fillCanned(c.content, { contact: { name: theCase.contactName }, agent: { name: agentName }, case: { id: theCase.id } });
    setText((prev) => (prev.trim() ? `${prev.trimEnd()}\n\n${filled}` : filled));
    setCannedOpen(false);
    setTimeout(() => area.current?.focus(), 0);
  };

  return (
    <section className={`composer${mode === 'note' ? ' composer-note' : ''}`} aria-label={mode === 'note' ? t('inbox.note') : t('inbox.reply')}>
      {windowState && mode === 'reply' && (
        <div className={`window-line window-${windowState.tone}`} role="status" data-testid="reply-window">
          <svg width="13" height="13" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" aria-hidden="true"><circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 2" /></svg>
          {windowState.text}
        </div>
      )}
      <div className="composer-tabs" role="tablist">
        <button role="tab" aria-selected={mode === 'reply'} className={mode === 'reply' ? 'on' : ''} onClick={() => setMode('reply')}>{t('inbox.reply')}</button>
        <button role="tab" aria-selected={mode === 'note'} className={mode === 'note' ? 'on' : ''} onClick={() => { setMode('note'); setBuilder(null); }}>{t('inbox.note')}</button>
        <span className="grow" />
        {!closed && (
          <button type="button" className="btn btn-ghost btn-sm" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>{preview ? t('inbox.write') : t('inbox.preview')}</button>
        )}
      </div>

      {closed && win?.templates ? (
        <TemplatePicker channelId={theCase.channelId} caseId={theCase.id} onSent={onSent} />
      ) : (
        <>
          {preview ? (
            <div className="composer-preview" aria-live="polite">{text.trim() ? <Markdown text={text} /> : <span className="muted">—</span>}</div>
          ) : (
            <div className="composer-area">
              <textarea ref={area} className="composer-input" data-testid="composer-input" aria-label={mode === 'note' ? t('inbox.note') : t('inbox.reply')}
                placeholder={mode === 'note' ? t('inbox.notePlaceholder') : t('inbox.replyPlaceholder')} value={text} disabled={closed || finished}
                onChange={(e) => { setText(e.target.value); setCaret(e.target.selectionStart); }}
                onSelect={(e) => setCaret((e.target as HTMLTextAreaElement).selectionStart)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); void send(); }
                  if (e.key === 'Escape') (e.target as HTMLTextAreaElement).blur();
                  if (e.key === 'Tab' && suggestions.length) { e.preventDefault(); pickMention(suggestions[0]); }
                }} />
              {suggestions.length > 0 && (
                <ul className="mention-list" role="listbox" aria-label={t('inbox.mentionList')}>
                  {suggestions.map((u) => (
                    <li key={u.id} role="option" aria-selected={false}>
                      <button type="button" onMouseDown={(e) => { e.preventDefault(); pickMention(u); }}>{u.name} <span className="muted">{u.email}</span></button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {builder && mode === 'reply' && <ContentBuilder state={builder} onChange={setBuilder} onRemove={() => setBuilder(null)} />}
          {files.length > 0 && (
            <ul className="composer-files">
              {files.map((f, i) => (
                <li key={f.url}>{f.name}<button type="button" className="btn-link" aria-label={`Remove ${f.name}`} onClick={() => setFiles((x) => x.filter((_, j) => j !== i))}>✕</button></li>
              ))}
            </ul>
          )}
          {error && <div className="composer-error" role="alert">{error}</div>}
          <div className="composer-bar">
            {mode === 'reply' && (
              <>
                <div className="canned-wrap">
                  <button type="button" className="btn btn-ghost btn-sm" aria-expanded={cannedOpen} onClick={() => setCannedOpen((o) => !o)} disabled={closed} title={t('inbox.cannedHint')}>
                    <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true"><path d="M4 5h16v11H9l-5 4V5z" /><path d="M8 9h8M8 12h5" /></svg>
                    {t('inbox.canned')}
                  </button>
                  {cannedOpen && <CannedPicker onPick={insertCanned} onClose={() => setCannedOpen(false)} />}
                </div>
                <button type="button" className={`btn btn-ghost btn-sm${builder ? ' active' : ''}`} data-testid="open-builder" aria-pressed={Boolean(builder)} disabled={closed} title={t('inbox.builderHint')}
                  onClick={() => setBuilder((b) => (b ? null : emptyBuilder('quickReplies', Intl.DateTimeFormat().resolvedOptions().timeZone)))}>
                  <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true"><rect x="3" y="4" width="8" height="6" rx="3" /><rect x="13" y="4" width="8" height="6" rx="3" /><rect x="3" y="14" width="18" height="6" rx="3" /></svg>
                  {t('inbox.builder')}
                </button>
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => fileInput.current?.click()} disabled={closed} aria-label={t('inbox.attach')} title={t('inbox.attach')}>
                  <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true"><path d="m21 12-8.5 8.5a5 5 0 0 1-7-7L14 5a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 8" /></svg>
                </button>
                <input ref={fileInput} type="file" hidden multiple onChange={(e) => { void attach(e.target.files); e.target.value = ''; }} />
              </>
            )}
            <span className="grow" />
            <button type="button" className="btn btn-primary" data-testid="composer-send" disabled={!canSend} onClick={() => void send()} title="Ctrl+Enter">
              {mode === 'note' ? t('inbox.addNote') : t('inbox.send')}
            </button>
          </div>
        </>
      )}
    </section>
  );
});

function CannedPicker({ onPick, onClose }: { onPick(c: CannedResponse): void; onClose(): void }) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<CannedResponse[] | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api<{ items: CannedResponse[] }>(`/canned-responses${q ? `?q=${encodeURIComponent(q)}` : ''}`, { signal: ctl.signal })
        .then((r) => setItems(r.items), () => {});
    }, 120);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [q]);
  return (
    <div className="canned-pop" role="dialog" aria-label={t('inbox.canned')} onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <input className="input" autoFocus placeholder={t('inbox.cannedSearch')} aria-label={t('inbox.cannedSearch')} value={q} onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter' && items?.[0]) { e.preventDefault(); onPick(items[0]); } }} />
      <ul>
        {items?.length === 0 && <li className="muted canned-empty">{t('inbox.noCanned')}</li>}
        {items?.map((c) => (
          <li key={c.id}>
            <button type="button" onClick={() => onPick(c)}>
              <span className="canned-code">/{c.shortCode}</span><span className="canned-title">{c.title}</span>
              <span className="canned-body">{c.content}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function TemplatePicker({ channelId, caseId, onSent }: { channelId: string; caseId: string; onSent(): void }) {
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState(0);
  const [vars, setVars] = useState<string[]>([]);
  const [header, setHeader] = useState<HeaderFile | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<{ items: Template[] }>(`/channels/${channelId}/templates`).then((r) => setTemplates(r.items), (e) => setError(e instanceof Error ? e.message : String(e)));
  }, [channelId]);
  const tpl = templates?.[chosen];
  const media = tpl ? headerKindOf(tpl) : undefined;
  const body = useMemo(() => previewBody(tpl?.bodyText ?? '', vars), [tpl, vars]);
  const send = async () => {
    if (!tpl) return;
    setBusy(true);
    setError(null);
    try {
      const parameters = Array.from({ length: tpl.bodyVariables }, (_, i) => ({ type: 'text', text: vars[i] || '-' }));
      const components = [
        ...(media && header ? [{ type: 'header', parameters: [{ type: media.kind, url: header.url, ...(media.kind === 'document' ? { filename: header.name } : {}) }] }] : []),
        ...(parameters.length ? [{ type: 'body', parameters }] : []),
      ];
      await api(`/cases/${caseId}/messages`, {
        json: { content: { type: 'template', name: tpl.name, language: tpl.language, ...(tpl.bodyText ? { bodyText: tpl.bodyText } : {}), ...(components.length ? { components } : {}) } },
      });
      setVars([]);
      setHeader(null);
      onSent();
    } catch (e) { setError(e instanceof ApiError ? [e.message, ...e.errors.map((x) => `${x.path}: ${x.message}`)].join(' ') : String(e)); } finally { setBusy(false); }
  };
  return (
    <div className="template-picker">
      {error && <div className="composer-error" role="alert">{error}</div>}
      {templates && (
        <>
          <label className="builder-field"><span>{t('inbox.pickTemplate')}</span>
            <select className="select" value={chosen} onChange={(e) => { setChosen(Number(e.target.value)); setVars([]); setHeader(null); }}>
              {templates.map((x, i) => <option key={`${x.name}-${x.language}`} value={i}>{x.name} ({x.language})</option>)}
            </select>
          </label>
          {media && (
            <div className="builder-field template-header">
              <span>{t(`inbox.templateHeader.${media.kind}`)}</span>
              <TemplateHeaderFile media={media} channelId={channelId} file={header} onChange={setHeader} />
            </div>
          )}
          {tpl && Array.from({ length: tpl.bodyVariables }, (_, i) => (
            <label key={i} className="builder-field"><span>{t('inbox.templateVariable', { n: i + 1 })}</span>
              <input className="input" value={vars[i] ?? ''} onChange={(e) => setVars((v) => { const n = [...v]; n[i] = e.target.value; return n; })} /></label>
          ))}
          {tpl?.bodyText && <div className="composer-preview">{body}</div>}
          <div className="composer-bar"><span className="grow" /><button className="btn btn-primary" disabled={!tpl || busy || Boolean(media && !header)} onClick={() => void send()}>{t('inbox.sendTemplate')}</button></div>
        </>
      )}
    </div>
  );
}
