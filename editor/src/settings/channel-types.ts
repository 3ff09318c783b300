// Channel types as GET /channel-types serves them, and how the connect form reads a config schema:
// fields Parley learns at set-up are never asked (x-parley-learned), required fields and optional
// ones worth asking up front (x-parley-primary) come first, the rest go under "More settings".
import type { JsonSchema } from '../api/types';
import { t } from '../i18n';

export interface ChannelType {
  type: string;
  displayName: string;
  status: string;
  connectable: boolean;
  /** How customers' messages arrive; only `webhook` channels have a webhook URL to show. */
  inbound: 'webhook' | 'mail' | 'widget';
  hasWebhook: boolean;
  /** Where the console connects one: Settings → Channels, or Websites (web chat). */
  connectFrom: 'settings' | 'websites';
  configSchema?: JsonSchema;
  secretFields?: string[];
}

interface ObjectSchema { properties?: Record<string, JsonSchema>; required?: string[] }

export const isLearned = (prop: JsonSchema | undefined) => prop?.['x-parley-learned'] === true;
const isPrimary = (prop: JsonSchema | undefined) => prop?.['x-parley-primary'] === true;

/** The connect form's two parts: what to ask first, and what goes under "More settings". */
export function splitConfigSchema(schema: JsonSchema | undefined): { essentials: JsonSchema; more: JsonSchema; moreCount: number } {
  const s = (schema ?? {}) as ObjectSchema & JsonSchema;
  const required = new Set(s.required ?? []);
  const asked = Object.entries(s.properties ?? {}).filter(([, p]) => !isLearned(p));
  const first = asked.filter(([k, p]) => required.has(k) || isPrimary(p));
  const rest = asked.filter(([k, p]) => !(required.has(k) || isPrimary(p)));
  return {
    essentials: { ...s, properties: Object.fromEntries(first) },
    more: { ...s, properties: Object.fromEntries(rest), required: [] },
    moreCount: rest.length,
  };
}

/** Values Parley learned for an existing channel, with their titles (the channel card shows them read-only). */
export function learnedValues(schema: JsonSchema | undefined, config: Record<string, unknown>): { key: string; title: string; hint?: string; value: string }[] {
  const props = ((schema ?? {}) as ObjectSchema).properties ?? {};
  return Object.entries(props)
    .filter(([k, p]) => isLearned(p) && config[k] !== undefined && config[k] !== null && config[k] !== '')
    .map(([k, p]) => ({
      key: k,
      title: typeof p.title === 'string' ? p.title : k,
      ...(typeof p.description === 'string' ? { hint: p.description } : {}),
      value: typeof config[k] === 'boolean' ? (config[k] ? t('common.yes') : t('common.no')) : String(config[k]),
    }));
}
