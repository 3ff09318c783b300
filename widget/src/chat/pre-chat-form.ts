// The pre-chat form (optional per site): the visitor's name, and their email (required or not, as
// the site chose), asked before the first message. They go with the visitor's messages and fill the
// contact of their case. Errors are said next to the form and announced; focus starts in the form.
import { field, looksLikeEmail, type FormStrings } from './form-strings';

export interface PreChatValues { name: string; email?: string }

export function preChatForm(t: FormStrings, opts: { requireEmail: boolean }, onDone: (values: PreChatValues) => void): HTMLFormElement {
  const form = document.createElement('form');
  form.className = 'pform';
  form.noValidate = true;
  form.setAttribute('aria-label', t.preChatIntro);
  const intro = document.createElement('p');
  intro.textContent = t.preChatIntro;
  const name = Object.assign(document.createElement('input'), { name: 'name', autocomplete: 'name', required: true, maxLength: 120 });
  const email = Object.assign(document.createElement('input'), { name: 'email', type: 'email', autocomplete: 'email', required: opts.requireEmail, maxLength: 200 });
  const error = document.createElement('p');
  error.className = 'perr';
  error.setAttribute('role', 'alert');
  const submit = Object.assign(document.createElement('button'), { type: 'submit', className: 'send', textContent: t.start });
  form.append(intro, field(t.name, name), field(t.email, email, opts.requireEmail ? undefined : t.optional), error, submit);

  const invalid = (input: HTMLInputElement, message: string) => {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  };
  // What the visitor types next clears the last complaint.
  form.addEventListener('input', () => { error.textContent = ''; });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    name.removeAttribute('aria-invalid');
    email.removeAttribute('aria-invalid');
    const values = { name: name.value.trim(), email: email.value.trim() };
    if (!values.name) return invalid(name, t.required);
    if (opts.requireEmail && !values.email) return invalid(email, t.required);
    if (values.email && !looksLikeEmail(values.email)) return invalid(email, t.invalidEmail);
    error.textContent = '';
    onDone(values.email ? values : { name: values.name });
  });
  return form;
}
