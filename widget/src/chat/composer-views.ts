// What the chat shows where the visitor writes: the composer (with the attach button and the tray
// of files being uploaded), the pre-chat form before a first message when the site asks for it, or
// the offline form in place of the conversation while nobody can answer. Kept apart from
// chat-panel.ts, which only calls in at a few points.
import type { ChatHost } from './chat-api';
import { attachControl, ATTACH_CSS, renderAttachments, type ThreadAttachment } from './attachments';
import { FORM_CSS, formStrings } from './form-strings';
import { offlineForm } from './offline-form';
import { preChatForm, type PreChatValues } from './pre-chat-form';

export interface ComposerParts { panel: HTMLElement; frame: HTMLElement; log: HTMLElement; form: HTMLFormElement; input: HTMLTextAreaElement; send: HTMLButtonElement }

export function composerViews(host: ChatHost, parts: ComposerParts) {
  const t = formStrings(host.language);
  const { frame, log, form, input, send } = parts;
  const style = document.createElement('style');
  style.textContent = ATTACH_CSS + FORM_CSS;
  parts.panel.append(style);
  const files = attachControl({ base: host.base, visitorId: host.visitorId, identity: host.identity, strings: t, onChange: () => { send.disabled = files.busy; } });
  form.prepend(files.button, files.picker);
  form.before(files.tray);
  // A screenshot pasted into the message box, or files dropped on the chat, are attached too.
  input.addEventListener('paste', (e) => {
    const pasted = Array.from(e.clipboardData?.files ?? []);
    if (pasted.length === 0 || form.hidden) return;
    e.preventDefault();
    for (const f of pasted) files.upload(f);
  });
  frame.addEventListener('dragover', (e) => { if (!form.hidden && e.dataTransfer?.types.includes('Files')) e.preventDefault(); });
  frame.addEventListener('drop', (e) => {
    if (form.hidden || !e.dataTransfer?.files.length) return;
    e.preventDefault();
    for (const f of Array.from(e.dataTransfer.files)) files.upload(f);
  });

  // The pre-chat answers go with the visitor's messages in this page (the contact keeps them after the
  // first); a visitor who already has a conversation is not asked. Nothing is kept in the browser for it.
  let contact: PreChatValues | null = null;
  let chatted = false;
  let preChat: HTMLFormElement | null = null;
  let offline: HTMLFormElement | null = null;

  const showComposer = () => {
    preChat?.remove();
    preChat = null;
    form.hidden = false;
  };

  return {
    /** The chat opened: the offline form, the pre-chat form, or the composer. */
    open(prefill: string | undefined, hasMessages: boolean) {
      if (host.offline) {
        if (!offline) {
          offline = offlineForm({ base: host.base, visitorId: host.visitorId, strings: t, notSent: host.strings.notSent, prefill, byEmail: host.offlineByEmail === true });
          log.hidden = true;
          form.hidden = true;
          // No conversation to end while leaving a message.
          frame.querySelector<HTMLElement>('.end')?.setAttribute('hidden', '');
          frame.append(offline);
        }
        offline.querySelector('input')?.focus();
        return false;
      }
      const wanted = host.preChat?.enabled && !host.identity() && !contact && !hasMessages && !chatted;
      if (wanted && !preChat) {
        const shown = preChat = preChatForm(t, { requireEmail: host.preChat!.requireEmail }, (values) => {
          contact = values;
          showComposer();
          input.focus();
        });
        // Hidden until Parley says this visitor has no conversation yet (after a reload they have one).
        shown.hidden = true;
        form.hidden = true;
        form.after(shown);
        void fetch(`${host.base}/messages?visitorId=${encodeURIComponent(host.visitorId)}`, { mode: 'cors', credentials: 'omit' })
          .then((res) => (res.ok ? res.json() : { items: [] }) as Promise<{ items?: unknown[] }>)
          .catch(() => ({ items: [] }))
          .then((body) => {
            if (preChat !== shown) return;
            if (body.items?.length) { chatted = true; showComposer(); input.focus(); return; }
            shown.hidden = false;
            shown.querySelector('input')?.focus();
          });
      }
      return !preChat;
    },
    /** The conversation has messages: no pre-chat form; the offline form stays under them. */
    sawHistory() {
      chatted = true;
      if (preChat) showComposer();
      if (offline) log.hidden = false;
    },
    /** Whether the composer may send now (uploads finished), and whether there are files to send. */
    get uploading() { return files.busy; },
    /** The uploaded files for the message being sent, and the visitor's pre-chat answers. */
    takeFiles: () => files.take(),
    fields(): { name?: string; email?: string } { return contact ?? {}; },
    /** A message was accepted: the contact has the pre-chat answers now. */
    accepted() { chatted = true; },
    renderFiles: (list: ThreadAttachment[]) =>
      renderAttachments(list, (id) => `${host.base}/attachments/${encodeURIComponent(id)}?visitorId=${encodeURIComponent(host.visitorId)}${host.identity() ? `&identity=${encodeURIComponent(host.identity()!)}` : ''}`, t),
  };
}
