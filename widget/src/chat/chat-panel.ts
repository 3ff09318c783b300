// The web chat panel: the conversation (a log announced to screen readers), options under the
// latest question, and a composer. Messages come from the history and the live stream, each once
// (by id); the visitor's own messages show at once and are confirmed when the stream echoes them.
import type { ChatController, ChatFactory, ChatHost } from './chat-api';
import { renderBlock } from './render-content';
import type { ThreadAttachment } from './attachments';
import { composerViews } from './composer-views';
import { openTransport, type Transport } from './transport';

interface Message { id: string; direction: 'in' | 'out'; content: { content?: unknown } | null; text: string; at: number; pending?: boolean; attachments?: ThreadAttachment[] }

const CSS = `
.chat{width:360px;max-width:calc(100vw - 40px);height:520px;max-height:calc(100vh - 120px);display:flex;flex-direction:column}
.log{flex:1;overflow-y:auto;padding:12px 14px;display:flex;flex-direction:column;gap:8px;background:#f8fafc}
.msg{max-width:85%;padding:8px 11px;border-radius:12px;font-size:14px;line-height:1.45;white-space:pre-wrap;word-wrap:break-word}
.msg.in{align-self:flex-end;background:var(--c);color:#fff;border-bottom-right-radius:4px}
.msg.out{align-self:flex-start;background:#fff;color:#0f172a;border:1px solid #e2e8f0;border-bottom-left-radius:4px}
.msg.pending{opacity:.6}
.msg p{margin:0}
.rich p,.rich ul,.rich ol,.rich pre,.rich blockquote{margin:0 0 6px}.rich :last-child{margin-bottom:0}
.rich ul,.rich ol{padding-left:20px}.rich code{background:#f1f5f9;border-radius:4px;padding:0 3px;font-size:12.5px}
.rich pre{background:#f1f5f9;border-radius:6px;padding:6px 8px;overflow-x:auto;white-space:pre}
.rich blockquote{border-left:3px solid #cbd5e1;padding-left:8px;color:#475569}.rich a{color:var(--c)}
.opts{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}
.opt{border:1px solid var(--c);color:var(--c);background:#fff;border-radius:16px;padding:5px 12px;font-size:13px;cursor:pointer;text-decoration:none}
.opt:disabled{opacity:.5;cursor:default}
.rc-card{border:1px solid #e2e8f0;border-radius:10px;overflow:hidden;background:#fff;margin-top:6px;min-width:200px}
.rc-card img,.rich-link img{display:block;width:100%;max-height:140px;object-fit:cover}
.card-title{font-weight:600;padding:8px 10px 0}.card-sub{color:#64748b;font-size:12.5px;padding:2px 10px 8px;display:block}
.rc-card .opts{padding:0 10px 10px}
.carousel{display:flex;gap:8px;overflow-x:auto}
.rich-link{display:block;color:inherit;text-decoration:none;border:1px solid #e2e8f0;border-radius:10px;overflow:hidden;background:#fff}
.list{display:grid;gap:4px;margin-top:8px}.list-head{font-size:12px;color:#64748b;margin-top:4px}
.list-item{text-align:left;border:1px solid #e2e8f0;background:#fff;border-radius:8px;padding:7px 10px;cursor:pointer;font-size:13.5px}
.composer{display:flex;gap:8px;padding:10px;border-top:1px solid #e2e8f0;background:#fff}
.composer textarea{flex:1;resize:none;border:1px solid #cbd5e1;border-radius:8px;padding:8px 10px;font:inherit;font-size:14px;height:40px;max-height:120px}
.send{background:var(--c);color:#fff;border:0;border-radius:8px;padding:0 14px;font-size:14px;cursor:pointer}
.send:disabled{opacity:.5;cursor:default}
.status{font-size:12px;color:#64748b;padding:4px 14px;background:#f8fafc}
.typing{font-size:12px;color:#64748b;font-style:italic;padding:2px 14px 4px;background:#f8fafc}
.end{background:transparent;border:1px solid rgba(255,255,255,.6);color:inherit;border-radius:6px;font-size:12px;padding:3px 8px;cursor:pointer;margin-right:4px}
.empty-chat{color:#64748b;font-size:13.5px;text-align:center;margin:auto 10px}
`;

function randomId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const createChat: ChatFactory = (host: ChatHost): ChatController => {
  const t = host.strings;
  const messages = new Map<string, Message>();
  let live: Transport | null = null;

  const panel = document.createElement('section');
  const style = document.createElement('style');
  style.textContent = CSS;
  panel.append(style);
  const frame = document.createElement('div');
  frame.className = 'card chat';
  frame.setAttribute('role', 'dialog');
  frame.setAttribute('aria-label', host.title);
  frame.style.setProperty('--c', host.colour);
  const head = document.createElement('div');
  head.className = 'head';
  const h2 = document.createElement('h2');
  h2.textContent = host.title;
  const x = document.createElement('button');
  x.className = 'x';
  x.type = 'button';
  x.setAttribute('aria-label', t.close);
  x.textContent = '×';
  x.addEventListener('click', () => controller.close());
  const endButton = document.createElement('button');
  endButton.className = 'end';
  endButton.type = 'button';
  endButton.textContent = t.end;
  endButton.addEventListener('click', () => void end());
  head.append(h2, endButton, x);
  const log = document.createElement('div');
  log.className = 'log';
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  const status = document.createElement('div');
  status.className = 'status';
  status.hidden = true;
  const form = document.createElement('form');
  form.className = 'composer';
  const input = document.createElement('textarea');
  input.setAttribute('aria-label', t.messagePlaceholder);
  input.placeholder = t.messagePlaceholder;
  const send = document.createElement('button');
  send.className = 'send';
  send.type = 'submit';
  send.textContent = t.send;
  form.append(input, send);
  frame.append(head, log, status, form);
  panel.append(frame);
  // Files, the pre-chat form and the offline form (composer-views.ts).
  const views = composerViews(host, { panel, frame, log, form, input, send });

  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (views.uploading) return;
    const files = views.takeFiles();
    if (!text && files.ids.length === 0) return;
    input.value = '';
    void post(text, undefined, files);
  });

  /** The latest message from Parley: only its options can still be picked. */
  const latestOut = () => [...messages.values()].filter((m) => m.direction === 'out').sort((a, b) => a.at - b.at).at(-1)?.id;

  function draw() {
    log.textContent = '';
    const list = [...messages.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    if (list.length === 0) log.append(Object.assign(document.createElement('p'), { className: 'empty-chat', textContent: t.chatEmpty }));
    const latest = latestOut();
    const lastIsQuestion = list.at(-1)?.direction === 'out';
    for (const m of list) {
      const bubble = document.createElement('div');
      bubble.className = `msg ${m.direction}${m.pending ? ' pending' : ''}`;
      const blocks = m.content?.content;
      if (m.direction === 'out' && blocks) {
        for (const block of Array.isArray(blocks) ? blocks : [blocks]) {
          bubble.append(renderBlock(block as Record<string, unknown>, m.text, (id, title) => void post(title, id), lastIsQuestion && m.id === latest));
        }
      } else {
        bubble.textContent = m.text;
      }
      if (m.attachments?.length) bubble.append(views.renderFiles(m.attachments));
      log.append(bubble);
    }
    log.scrollTop = log.scrollHeight;
  }

  function add(m: Message) {
    // The stream's copy of a message the visitor just sent replaces the pending one.
    for (const [id, existing] of messages) if (existing.pending && existing.direction === 'in' && existing.text === m.text && m.direction === 'in') messages.delete(id);
    if (!m.pending) views.sawHistory();
    // A rule's greeting, once kept in the case, comes back from Parley: shown once.
    if (m.direction === 'out' && messages.get('greeting')?.text === m.text) messages.delete('greeting');
    messages.set(m.id, m);
  }

  async function post(text: string, optionId?: string, files?: { ids: string[]; shown: ThreadAttachment[] }) {
    const clientMessageId = randomId();
    add({ id: `pending-${clientMessageId}`, direction: 'in', content: null, text, at: Date.now(), pending: true, ...(files?.ids.length ? { attachments: files.shown } : {}) });
    draw();
    const identity = host.identity();
    const body = JSON.stringify({
      visitorId: host.visitorId, clientMessageId, text, ...(optionId ? { postback: { optionId } } : {}), ...(identity ? { identity } : {}),
      ...(files?.ids.length ? { attachments: files.ids } : {}), ...views.fields(),
      language: navigator.language, // the words Parley adds to replies follow it (model/i18n)
    });
    // A dropped connection is retried with the same id: Parley keeps the message once.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const res = await fetch(`${host.base}/messages`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, mode: 'cors', credentials: 'omit' });
        if (res.ok) { setStatus(null); views.accepted(); greeted?.(); greeted = null; return; }
        if (res.status < 500 && res.status !== 429) { setStatus(t.notSent); return; }
      } catch { /* offline: retry */ }
      setStatus(t.reconnecting);
      await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));
    }
    setStatus(t.notSent);
  }

  function setStatus(text: string | null) {
    status.hidden = text === null;
    status.textContent = text ?? '';
  }

  const visitorQuery = () => {
    const identity = host.identity();
    return `visitorId=${encodeURIComponent(host.visitorId)}${identity ? `&identity=${encodeURIComponent(identity)}` : ''}`;
  };

  /** The visitor saw the replies up to the latest (sent while the chat is open and the page visible). */
  let readTimer: ReturnType<typeof setTimeout> | null = null;
  let lastRead: string | undefined;
  function markRead() {
    const latest = latestOut();
    if (!latest || latest === lastRead || !panel.isConnected || document.visibilityState !== 'visible') return;
    readTimer ??= setTimeout(() => {
      readTimer = null;
      lastRead = latest;
      const identity = host.identity();
      if (!live?.read(latest)) void fetch(`${host.base}/read`, { method: 'POST', body: JSON.stringify({ visitorId: host.visitorId, upTo: latest, ...(identity ? { identity } : {}) }), headers: { 'content-type': 'application/json' }, mode: 'cors', credentials: 'omit' }).catch(() => {});
    }, 500);
  }
  document.addEventListener('visibilitychange', markRead);

  async function end() {
    const identity = host.identity();
    try {
      await fetch(`${host.base}/end`, { method: 'POST', body: JSON.stringify({ visitorId: host.visitorId, ...(identity ? { identity } : {}) }), headers: { 'content-type': 'application/json' }, mode: 'cors', credentials: 'omit' });
      setStatus(t.ended);
    } catch {
      setStatus(t.notSent);
    }
  }

  // "… is typing" from the team: announced politely, hidden when their message arrives or the signal lapses.
  const typingRow = document.createElement('div');
  typingRow.className = 'typing';
  typingRow.setAttribute('role', 'status');
  typingRow.setAttribute('aria-live', 'polite');
  typingRow.hidden = true;
  status.before(typingRow);
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  const showTyping = (on: boolean, name?: string, forMs = 0) => {
    clearTimeout(typingTimer);
    typingRow.hidden = !on;
    typingRow.textContent = on ? (name ? t.typingName.replace('{name}', name) : t.typing) : '';
    if (on) typingTimer = setTimeout(() => showTyping(false), forMs);
  };
  // The visitor's typing goes to the agent (the transport sends one signal every 2 s at most).
  input.addEventListener('input', () => live?.typing(input.value.trim() !== ''));
  form.addEventListener('submit', () => live?.typing(false));

  function connect() {
    if (live) return;
    // WebSocket first, server-sent events when it cannot open; resumes after the last message seen.
    live = openTransport({
      base: host.base,
      query: visitorQuery,
      onMessage(m) {
        if (m.direction === 'out') showTyping(false);
        add(m);
        draw();
        markRead();
      },
      onTyping: (typing) => showTyping(typing.active, typing.name, typing.expiresInMs),
      onLine: (up) => setStatus(up ? null : t.reconnecting),
    });
  }

  /** A rule's greeting is waiting for the visitor's answer (then it is kept in their case). */
  let greeted: (() => void) | null = null;

  const controller: ChatController = {
    open(prefill) {
      if (!panel.isConnected) host.mount(panel);
      connect();
      draw();
      if (prefill && !input.value) input.value = prefill;
      if (views.open(prefill, [...messages.values()].some((m) => !m.pending && m.id !== 'greeting'))) input.focus();
    },
    close() {
      panel.remove();
      host.onClose();
    },
    greet(text, onAnswered) {
      // Shown before the conversation; kept in the case once the visitor answers (onAnswered).
      messages.set('greeting', { id: 'greeting', direction: 'out', content: null, text, at: Date.now() });
      greeted = onAnswered ?? null;
      draw();
    },
    get isOpen() { return panel.isConnected; },
    identityChanged() {
      live?.close();
      live = null;
      messages.clear();
      lastRead = undefined;
      if (panel.isConnected) { connect(); draw(); }
    },
  };
  return controller;
};
