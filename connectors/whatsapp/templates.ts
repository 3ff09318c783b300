// The WhatsApp Business Account's message templates (channels.md §8d): `GET /{waba-id}/message_templates`,
// page by page. Approved ones are what an agent or a campaign may send outside the 24 h window; each
// is returned with its body text (`{{1}}` placeholders) so the console can show and fill it.
import { SendError, type ConnectorDeps } from '../connector';
import { graphRequest } from '../shared/meta/graph-request';
import type { WhatsAppConfig } from './config';

/** At most this many pages of 100 are read (a Business Account holds at most a few hundred templates). */
const MAX_PAGES = 20;

interface GraphTemplateComponent {
  type: string;
  format?: string;
  text?: string;
  buttons?: { type: string; text?: string; url?: string; phone_number?: string }[];
}

interface GraphTemplate {
  id?: string;
  name: string;
  language: string;
  status: string;
  category?: string;
  components?: GraphTemplateComponent[];
}

interface GraphTemplatePage {
  data?: GraphTemplate[];
  paging?: { next?: string };
}

export interface WhatsAppTemplate {
  name: string;
  /** Template language code, e.g. en_US (the content model's `language`). */
  language: string;
  status: string;
  category?: string;
  /** The body with {{1}}-style placeholders (the content model's `bodyText`). */
  bodyText?: string;
  /** How many body variables the template takes ({{1}} … {{n}}). */
  bodyVariables: number;
  /** Header kind: TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION. */
  headerFormat?: string;
  headerText?: string;
  footerText?: string;
  buttons: { type: string; text?: string }[];
}

function countVariables(text: string | undefined): number {
  const numbers = [...(text ?? '').matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => Number(m[1]));
  return numbers.length > 0 ? Math.max(...numbers) : 0;
}

function toTemplate(t: GraphTemplate): WhatsAppTemplate {
  const part = (type: string) => t.components?.find((c) => c.type.toUpperCase() === type);
  const body = part('BODY');
  const header = part('HEADER');
  const footer = part('FOOTER');
  return {
    name: t.name,
    language: t.language,
    status: t.status,
    ...(t.category ? { category: t.category } : {}),
    ...(body?.text ? { bodyText: body.text } : {}),
    bodyVariables: countVariables(body?.text),
    ...(header?.format ? { headerFormat: header.format } : {}),
    ...(header?.text ? { headerText: header.text } : {}),
    ...(footer?.text ? { footerText: footer.text } : {}),
    buttons: (part('BUTTONS')?.buttons ?? []).map((b) => ({ type: b.type, ...(b.text ? { text: b.text } : {}) })),
  };
}

/**
 * The account's templates; only APPROVED ones unless `status` says otherwise. `name` asks Meta for
 * the templates of that name only (its `name` filter; the exact name is kept here).
 */
export async function listWhatsAppTemplates(config: WhatsAppConfig, deps: ConnectorDeps, opts: { status?: string; name?: string } = { status: 'APPROVED' }): Promise<WhatsAppTemplate[]> {
  if (!config.businessAccountId) {
    throw new SendError('The WhatsApp channel has no businessAccountId configured, so its templates cannot be listed.', false);
  }
  const templates: WhatsAppTemplate[] = [];
  let next: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await graphRequest<GraphTemplatePage>(config, deps, next
      ? { method: 'GET', path: '', url: next, token: config.accessToken, what: 'list message templates' }
      : {
        method: 'GET', path: `${config.businessAccountId}/message_templates`, token: config.accessToken, what: 'list message templates',
        query: { fields: 'name,language,status,category,components', limit: '100', ...(opts.status ? { status: opts.status } : {}), ...(opts.name ? { name: opts.name } : {}) },
      });
    for (const t of answer.data ?? []) if ((!opts.status || t.status === opts.status) && (!opts.name || t.name === opts.name)) templates.push(toTemplate(t));
    next = answer.paging?.next;
    if (!next) break;
  }
  return templates;
}
