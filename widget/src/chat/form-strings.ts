// The chat module's words for files and the pre-chat and offline forms, in Spanish and English. They
// live here, not in ../strings.ts, so that the loader every page downloads stays small.
export const FORM_STRINGS = {
  es: {
    attach: 'Adjuntar archivo', removeFile: 'Quitar {name}', uploading: 'Subiendo… {percent} %',
    fileTooLarge: 'Demasiado grande (máximo 10 MB).', fileType: 'Ese tipo de archivo no se admite.', fileFailed: 'No se pudo subir.',
    download: 'Descargar {name}',
    preChatIntro: 'Antes de empezar, ¿cómo te llamas?', name: 'Nombre', email: 'Correo electrónico', optional: '(opcional)',
    start: 'Empezar el chat', required: 'Rellena este campo.', invalidEmail: 'Escribe un correo válido, p. ej. ana@ejemplo.com.',
    offlineIntro: 'Ahora no hay nadie conectado. Déjanos tu mensaje y te responderemos por correo electrónico.',
    message: 'Mensaje', leave: 'Enviar mensaje', offlineThanks: 'Gracias. Te responderemos por correo a {email}.',
    offlineIntroHere: 'Ahora no hay nadie conectado. Déjanos tu mensaje y te responderemos aquí, en este chat.',
    offlineThanksHere: 'Gracias. Te responderemos aquí; vuelve a esta página para leerlo.',
  },
  en: {
    attach: 'Attach a file', removeFile: 'Remove {name}', uploading: 'Uploading… {percent}%',
    fileTooLarge: 'Too large (10 MB at most).', fileType: 'That type of file is not accepted.', fileFailed: 'Could not upload.',
    download: 'Download {name}',
    preChatIntro: 'Before we start, what is your name?', name: 'Name', email: 'Email', optional: '(optional)',
    start: 'Start the chat', required: 'Fill in this field.', invalidEmail: 'Write a valid email, e.g. ana@example.com.',
    offlineIntro: 'Nobody is online right now. Leave us a message and we will answer by email.',
    message: 'Message', leave: 'Send message', offlineThanks: 'Thank you. We will answer by email at {email}.',
    offlineIntroHere: 'Nobody is online right now. Leave us a message and we will answer here, in this chat.',
    offlineThanksHere: 'Thank you. We will answer here; come back to this page to read it.',
  },
} as const;

export type FormStrings = { [K in keyof (typeof FORM_STRINGS)['es']]: string };

export const formStrings = (language: string | undefined): FormStrings => FORM_STRINGS[language === 'en' ? 'en' : 'es'];

export const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** A labelled input for the forms (label visible above, error announced). */
export function field(label: string, input: HTMLInputElement | HTMLTextAreaElement, hint?: string): HTMLLabelElement {
  const wrap = document.createElement('label');
  wrap.className = 'field';
  const caption = document.createElement('span');
  caption.textContent = hint ? `${label} ${hint}` : label;
  wrap.append(caption, input);
  return wrap;
}

export const FORM_CSS = `
[hidden]{display:none!important}
.pform{display:flex;flex-direction:column;gap:10px;padding:14px;background:#fff;border-top:1px solid #e2e8f0;overflow-y:auto}
.pform p{margin:0;font-size:13.5px;color:#334155}
.field{display:flex;flex-direction:column;gap:4px;font-size:12.5px;color:#475569}
.field input,.field textarea{border:1px solid #cbd5e1;border-radius:8px;padding:8px 10px;font:inherit;font-size:14px;color:#0f172a}
.field textarea{resize:vertical;min-height:72px}
.field input:focus,.field textarea:focus,.attach:focus-visible{outline:2px solid var(--c);outline-offset:1px}
.pform .perr{color:#b91c1c;font-size:12.5px}.pform .perr:empty{display:none}
.pform .send{padding:9px 14px}
.pform.offline{flex:1;border-top:0}.log:not([hidden])~.pform.offline{flex:none;max-height:62%;border-top:1px solid #e2e8f0}
.pdone{margin:auto 14px;text-align:center;color:#0f172a;font-size:14px}
`;

/** The email address shape the server also checks (one @, a dot in the domain, no spaces). */
export const looksLikeEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);

export function randomId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
