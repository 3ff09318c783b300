// A campaign's message: plain text, rich content, or (WhatsApp) an approved template with
// per-contact variables. `{{name}}`-style placeholders are filled from the contact-list row:
// `name`, `externalId`, `identity` and each variable column (also as `variables.<column>`).
// Numeric placeholders ({{1}}) belong to WhatsApp template bodies and are left alone.
import { fallbackText } from '../../model/content/fallback';
import { parseContentMessage, type ContentMessage } from '../../model/content/model';
import { ParleyError, type FieldIssue } from '../errors';

export interface CampaignMessageInput {
  /** The subject of the mail on an email channel (may use {{variables}}); other channels ignore it. */
  subject?: string;
  text?: string;
  content?: unknown;
  template?: { name: string; language: string; variables?: string[]; header?: TemplateHeaderInput };
}

/** The file a template approved with an IMAGE, VIDEO or DOCUMENT header shows (a stored attachment's URL). */
export interface TemplateHeaderInput {
  type: 'image' | 'video' | 'document';
  url: string;
  /** Documents only: the name the customer sees. */
  filename?: string;
}

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;
const isNumeric = (name: string) => /^\d+$/.test(name);

/** A campaign's stored message: the content, and the subject its mails carry on an email channel. */
export type CampaignMessage = ContentMessage & { subject?: string };

/** The content without the campaign-only fields (what a connector renders). */
export function contentOf(message: CampaignMessage): ContentMessage {
  const { subject: _subject, ...content } = message;
  return content;
}

/** The variables a list row offers. */
export const rowVariableNames = (listVariables: string[]) => ['name', 'externalId', 'identity', ...listVariables, ...listVariables.map((v) => `variables.${v}`)];

/** Every string in a JSON value with its path (`content.text`, `content.buttons.0.title`). */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* strings(value[i], `${path}.${i}`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}

/** Placeholders naming no variable of the list, as field issues. */
export function unknownPlaceholders(message: ContentMessage, known: string[], prefix = 'message'): FieldIssue[] {
  const names = new Set(known);
  const issues: FieldIssue[] = [];
  for (const [path, text] of strings(message, prefix)) {
    for (const [, name] of text.matchAll(PLACEHOLDER)) {
      if (!isNumeric(name) && !names.has(name)) {
        issues.push({ path, message: `unknown variable {{${name}}}: the list has ${known.filter((k) => !k.startsWith('variables.')).join(', ')}` });
      }
    }
  }
  return issues;
}

/** The message for one recipient: every placeholder filled (a missing value becomes empty). */
export function renderForRecipient(message: CampaignMessage, values: Record<string, string>): { content: ContentMessage; text: string; subject?: string } {
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(PLACEHOLDER, (whole, name: string) => (isNumeric(name) ? whole : (values[name] ?? values[name.replace(/^variables\./, '')] ?? '')));
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  const filled = fill(message) as CampaignMessage;
  const content = contentOf(filled);
  return { content, text: fallbackText(content), ...(filled.subject ? { subject: filled.subject } : {}) };
}

export const hasTemplate = (message: ContentMessage) =>
  (Array.isArray(message.content) ? message.content : [message.content]).some((b) => b.type === 'template');

/** The header component's one parameter (the content model's shape); a filename only for documents. */
const headerParameter = ({ type, url, filename }: TemplateHeaderInput) =>
  (type === 'document' && filename ? { type, url, filename } : { type, url });

/** The stored message from the API's body: exactly one of text, content or template. */
export function toCampaignMessage(input: CampaignMessageInput): CampaignMessage {
  const given = (['text', 'content', 'template'] as const).filter((k) => input[k] !== undefined);
  if (given.length !== 1) {
    throw new ParleyError(400, 'validation_failed', 'Give the message as exactly one of text, content or template.', [{ path: 'message', message: `got ${given.join(', ') || 'none'}` }]);
  }
  let candidate: unknown;
  if (input.text !== undefined) candidate = { content: { type: 'text', text: input.text, format: 'plain' } };
  else if (input.content !== undefined) candidate = { content: input.content };
  else {
    const t = input.template!;
    const components = [
      ...(t.header ? [{ type: 'header', parameters: [headerParameter(t.header)] }] : []),
      ...(t.variables?.length ? [{ type: 'body', parameters: t.variables.map((text) => ({ type: 'text', text })) }] : []),
    ];
    candidate = { content: { type: 'template', name: t.name, language: t.language, ...(components.length ? { components } : {}) } };
  }
  const parsed = parseContentMessage(candidate);
  if (!parsed.ok) {
    const pathOf = (issuePath: string) => {
      // The header component comes first when given: name its fields as the caller wrote them.
      const header = input.template?.header && /^content\.components\.0\.parameters\.0\.?(.*)$/.exec(issuePath);
      if (header) return `message.template.header${header[1] ? `.${header[1]}` : ''}`;
      return `message.${input.template ? 'template' : input.text !== undefined ? 'text' : issuePath}`;
    };
    throw new ParleyError(400, 'invalid_content', 'The campaign message is not valid.', parsed.issues.map((i) => ({ ...i, path: pathOf(i.path) })));
  }
  const subject = input.subject?.replace(/\s+/g, ' ').trim();
  return subject ? { ...parsed.value, subject } : parsed.value;
}
