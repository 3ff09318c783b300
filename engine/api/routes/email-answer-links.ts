// The pages behind email answer links (public: the random token is the credential). GET shows the
// option and a button; only the POST answers, so mail scanners that open every link in a message
// (Outlook Safe Links, Gmail's image and link checks) cannot answer for the customer. The answer is
// recorded as the customer's tap in the case, once: following the link again changes nothing.
import { Hono } from 'hono';
import type { InboundEvent } from '../../../connectors/connector';
import type { Db } from '../../db/open-database';
import { answerLinkTarget, findAnswerLink } from '../../email/answer-links';
import { escapeHtml } from '../../../connectors/shared/rich-text/to-html';
import type { IngestChannel, IngestResult } from '../../ingest/ingest-events';

export interface AnswerLinkDeps {
  db: Db;
  ingest?: (channel: IngestChannel, events: InboundEvent[]) => IngestResult;
  now?: () => number;
}

const WORDS = {
  en: { title: 'Your answer', confirm: 'Send this answer', sent: 'Thank you: we got your answer.', gone: 'This link is not valid any more.', close: 'You can close this page.' },
  es: { title: 'Tu respuesta', confirm: 'Enviar esta respuesta', sent: 'Gracias: hemos recibido tu respuesta.', gone: 'Este enlace ya no es válido.', close: 'Ya puedes cerrar esta página.' },
} as const;

const wordsFor = (acceptLanguage: string | undefined) => (/^\s*es\b/i.test(acceptLanguage ?? '') ? WORDS.es : WORDS.en);

function page(lang: 'en' | 'es', title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<meta name="robots" content="noindex"><style>body{font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f8fafc;color:#0f172a;margin:0;display:grid;place-items:center;min-height:100vh}
main{background:#fff;border:1px solid #e2e8f0;border-radius:14px;padding:28px 32px;max-width:420px;box-shadow:0 8px 24px rgba(15,23,42,.06)}h1{font-size:18px;margin:0 0 12px}
.choice{font-size:20px;font-weight:600;margin:0 0 20px}button{background:#4f46e5;color:#fff;border:0;border-radius:8px;padding:10px 18px;font-size:15px;cursor:pointer}p{margin:0 0 8px}.muted{color:#64748b;font-size:14px}</style></head>
<body><main>${body}</main></body></html>`;
}

export function emailAnswerLinkRoutes(deps: AnswerLinkDeps) {
  const app = new Hono();
  const now = deps.now ?? Date.now;
  const headers = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" };

  app.get('/a/:token', (c) => {
    const words = wordsFor(c.req.header('accept-language'));
    const lang = words === WORDS.es ? 'es' : 'en';
    const link = findAnswerLink(deps.db, c.req.param('token'));
    if (!link) return c.html(page(lang, words.gone, `<h1>${words.gone}</h1>`), 404, headers);
    return c.html(page(lang, words.title, `<h1>${words.title}</h1><p class="choice">${escapeHtml(link.title)}</p>
<form method="post"><button type="submit">${words.confirm}</button></form>`), 200, headers);
  });

  app.post('/a/:token', (c) => {
    const words = wordsFor(c.req.header('accept-language'));
    const lang = words === WORDS.es ? 'es' : 'en';
    const link = findAnswerLink(deps.db, c.req.param('token'));
    const target = link && answerLinkTarget(deps.db, link);
    if (!link || !target || !deps.ingest) return c.html(page(lang, words.gone, `<h1>${words.gone}</h1>`), 404, headers);
    const eventId = `answer-link:${link.token}`;
    deps.ingest({ id: target.channelId, accountId: target.accountId, type: 'email' }, [{
      kind: 'postback', eventId, providerMessageId: eventId, threadId: target.threadId, sender: { externalId: target.externalId },
      payload: link.optionId, text: link.title, occurredAt: now(),
    }]);
    return c.html(page(lang, words.sent, `<h1>${words.sent}</h1><p class="choice">${escapeHtml(link.title)}</p><p class="muted">${words.close}</p>`), 200, headers);
  });

  return app;
}
