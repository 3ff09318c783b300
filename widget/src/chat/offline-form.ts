// The offline form: while nobody can answer the chat, the visitor leaves their name, email and a
// message instead of chatting. Parley starts an email thread with it when the site names an email
// channel for offline messages (the team answers by email), else a web chat case answered in the chat;
// the form says which. A failed send keeps what was written.
import { field, fill, looksLikeEmail, randomId, type FormStrings } from './form-strings';

export interface OfflineFormOptions {
  /** Parley's snippet endpoints for the site. */
  base: string;
  visitorId: string;
  strings: FormStrings;
  /** The chat's words for a failed send. */
  notSent: string;
  /** Prefilled message (an offer's text). */
  prefill?: string;
  /** The answer comes by email (the site names an email channel for offline messages), else in the chat. */
  byEmail?: boolean;
}

export function offlineForm(opts: OfflineFormOptions): HTMLFormElement {
  const t = opts.strings;
  const form = document.createElement('form');
  form.className = 'pform offline';
  form.noValidate = true;
  const introText = opts.byEmail ? t.offlineIntro : t.offlineIntroHere;
  form.setAttribute('aria-label', introText);
  const intro = document.createElement('p');
  intro.textContent = introText;
  const name = Object.assign(document.createElement('input'), { name: 'name', autocomplete: 'name', maxLength: 120 });
  const email = Object.assign(document.createElement('input'), { name: 'email', type: 'email', autocomplete: 'email', required: true, maxLength: 200 });
  const message = Object.assign(document.createElement('textarea'), { name: 'message', required: true, maxLength: 4000, value: opts.prefill ?? '' });
  const error = document.createElement('p');
  error.className = 'perr';
  error.setAttribute('role', 'alert');
  const submit = Object.assign(document.createElement('button'), { type: 'submit', className: 'send', textContent: t.leave });
  form.append(intro, field(t.name, name, t.optional), field(t.email, email), field(t.message, message), error, submit);
  // One id for this message: sending it again after a failure is not a second message.
  const clientMessageId = randomId();

  const invalid = (input: HTMLInputElement | HTMLTextAreaElement, text: string) => {
    error.textContent = text;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  };
  // What the visitor types next clears the last complaint.
  form.addEventListener('input', () => { error.textContent = ''; });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const input of [email, message]) input.removeAttribute('aria-invalid');
    const values = { name: name.value.trim(), email: email.value.trim(), message: message.value.trim() };
    if (!values.email) return invalid(email, t.required);
    if (!looksLikeEmail(values.email)) return invalid(email, t.invalidEmail);
    if (!values.message) return invalid(message, t.required);
    error.textContent = '';
    submit.disabled = true;
    try {
      const res = await fetch(`${opts.base}/offline`, {
        method: 'POST', mode: 'cors', credentials: 'omit', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ visitorId: opts.visitorId, clientMessageId, ...(values.name ? { name: values.name } : {}), email: values.email, message: values.message }),
      });
      if (!res.ok) throw new Error(String(res.status));
      const done = document.createElement('p');
      done.className = 'pdone';
      done.setAttribute('role', 'status');
      done.textContent = opts.byEmail ? fill(t.offlineThanks, { email: values.email }) : t.offlineThanksHere;
      form.replaceChildren(done);
    } catch {
      error.textContent = opts.notSent;
      submit.disabled = false;
    }
  });
  return form;
}
