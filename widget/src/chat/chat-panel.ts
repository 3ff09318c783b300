// The web chat panel: the conversation (a log announced to screen readers), options under the
// latest question, and a composer. Messages come from the history and the live stream, each once
// (by id); the visitor's own messages show at once and are confirmed when the stream echoes them.
import type { ChatController, ChatFactory, ChatHost } from './chat-api';
import { renderBlock } from './render-content';

interface Message { id: string; direction: 'in' | 'out'; content: { content?: unknown } | null; text: string; at: number; pending?: boolean }

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
  let stream: EventSource | null = null;

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

  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void post(text);
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
      log.append(bubble);
    }
    log.scrollTop = log.scrollHeight;
  }

  function add(m: Message) {
    // The stream's copy of a message the visitor just sent replaces the pending one.
    for (const [id, existing] of messages) if (existing.pending && existing.direction === 'in' && existing.text === m.text && m.direction === 'in') messages.delete(id);
    messages.set(m.id, m);
  }

  async function post(text: string, optionId?: string) {
    const clientMessageId = randomId();
    add({ id: `pending-${clientMessageId}`, direction: 'in', content: null, text, at: Date.now(), pending: true });
    draw();
    const identity = host.identity();
    const body = JSON.stringify({ visitorId: host.visitorId, clientMessageId, text, ...(optionId ? { postback: { optionId } } : {}), ...(identity ? { identity } : {}) });
    // A dropped connection is retried with the same id: Parley keeps the message once.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const res = await fetch(`${host.base}/messages`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, mode: 'cors', credentials: 'omit' });
        if (res.ok) { setStatus(null); return; }
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
      void fetch(`${host.base}/read`, { method: 'POST', body: JSON.stringify({ visitorId: host.visitorId, upTo: latest, ...(identity ? { identity } : {}) }), headers: { 'content-type': 'application/json' }, mode: 'cors', credentials: 'omit' }).catch(() => {});
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

  function connect() {
    if (stream) return;
    // EventSource reconnects by itself and sends Last-Event-ID: the stream resumes after the last message seen.
    stream = new EventSource(`${host.base}/stream?${visitorQuery()}`);
    stream.addEventListener('message', (e) => {
      const m = JSON.parse((e as MessageEvent).data) as Message;
      add(m);
      draw();
      markRead();
    });
    stream.addEventListener('open', () => setStatus(null));
    stream.addEventListener('error', () => setStatus(t.reconnecting));
  }

  const controller: ChatController = {
    open(prefill) {
      if (!panel.isConnected) host.mount(panel);
      connect();
      draw();
      if (prefill && !input.value) input.value = prefill;
      input.focus();
    },
    close() {
      panel.remove();
      host.onClose();
    },
    get isOpen() { return panel.isConnected; },
    identityChanged() {
      stream?.close();
      stream = null;
      messages.clear();
      lastRead = undefined;
      if (panel.isConnected) { connect(); draw(); }
    },
  };
  return controller;
};
