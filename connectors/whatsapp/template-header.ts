// A template approved with a media header (IMAGE, VIDEO, DOCUMENT or GIF) is sent with that file as
// the header component's parameter: `{type: 'header', parameters: [{type: 'image', image: {id | link}}]}`
// (Meta: templates/template-media). Without it Meta refuses the send (132012, parameter format
// mismatch), after Parley has already sent any part before it. So before the first request, a
// template message that gives no header file is checked against the approved template's header
// format (GET /{waba-id}/message_templates?name=…, remembered for a while), and refused with a
// permanent SendError that says which file the template needs.
import { SendError, type ConnectorDeps } from '../connector';
import type { WhatsAppConfig } from './config';
import { listWhatsAppTemplates } from './templates';

/** Header formats that take a file, and the parameter type that carries it. */
export const HEADER_MEDIA_PARAMETER: Readonly<Record<string, string>> = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document', GIF: 'gif' };

/** The `template` object of a template send, as the renderer builds it. */
export interface TemplateObject {
  name: string;
  language: { code: string };
  components?: { type: string; parameters?: { type: string }[] }[];
}

/** An approved template's header format, remembered this long (approved templates rarely change; a campaign reads it once). */
export const HEADER_FORMAT_TTL_MS = 10 * 60_000;
/** After a failed look-up the send goes on unchecked, and the next look-up waits this long. */
const FAILED_LOOKUP_TTL_MS = 60_000;

const formats = new Map<string, { format: string | null | 'unknown'; until: number }>();

/** The media parameters of the template's header component. */
export const headerMediaParameters = (template: TemplateObject) =>
  (template.components ?? []).filter((c) => c.type === 'header').flatMap((c) => c.parameters ?? [])
    .filter((p) => Object.values(HEADER_MEDIA_PARAMETER).includes(p.type));

/** The approved template's header format (`IMAGE`, `TEXT`, …), null when it has no header, 'unknown' when Meta could not be asked. */
async function approvedHeaderFormat(template: TemplateObject, config: WhatsAppConfig, deps: ConnectorDeps): Promise<string | null | 'unknown'> {
  if (!config.businessAccountId) return 'unknown';
  const key = [config.graphApiBaseUrl, config.businessAccountId, template.name, template.language.code].join('\n');
  const known = formats.get(key);
  if (known && known.until > deps.now()) return known.format;
  let format: string | null | 'unknown';
  try {
    const found = (await listWhatsAppTemplates(config, deps, { status: 'APPROVED', name: template.name })).find((t) => t.language === template.language.code);
    // Not approved in that language: Meta's own answer (132001) says so better than a guess.
    format = found ? (found.headerFormat?.toUpperCase() ?? null) : 'unknown';
  } catch {
    // The token may lack whatsapp_business_management, or Meta is busy: send, and let Meta judge.
    format = 'unknown';
  }
  formats.set(key, { format, until: deps.now() + (format === 'unknown' ? FAILED_LOOKUP_TTL_MS : HEADER_FORMAT_TTL_MS) });
  return format;
}

/** Throws a permanent SendError when the approved template has a media header and the message gives it no file. */
export async function checkTemplateHeader(template: TemplateObject, config: WhatsAppConfig, deps: ConnectorDeps): Promise<void> {
  if (headerMediaParameters(template).length > 0) return;
  const format = await approvedHeaderFormat(template, config, deps);
  const parameter = format && format !== 'unknown' ? HEADER_MEDIA_PARAMETER[format] : undefined;
  if (!parameter) return;
  const example = parameter === 'gif'
    ? 'Parley cannot send a GIF header yet; use a template with an image or video header'
    : `give it as the header component's parameter: {"type": "header", "parameters": [{"type": "${parameter}", "url": "…"${parameter === 'document' ? ', "filename": "…"' : ''}}]}`;
  throw new SendError(
    `The WhatsApp template "${template.name}" (${template.language.code}) has ${parameter === 'image' ? 'an' : 'a'} ${format} header, and this message gives no ${parameter} for it: ${example}.`,
    false,
  );
}

/** Forgets the remembered header formats (tests). */
export const forgetTemplateHeaderFormats = () => formats.clear();
