// A Microsoft Teams channel's configuration: the Azure Bot's Microsoft App ID and client secret
// (its "password"), the tenant of a single-tenant bot, and the Bot Framework URLs — the OpenID
// metadata whose keys sign inbound activities and the token endpoint of outbound calls — so tests
// and staging set-ups can point at a stand-in.
import { z } from 'zod';
import { field, primary, timeoutMeta } from '../shared/config-meta';

/** Where Bot Framework publishes the keys it signs channel → bot tokens with (channels.md §20b). */
export const BOT_FRAMEWORK_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
/** The issuer of every channel → bot token (BotBuilder `ToBotFromChannelTokenIssuer`). */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** What a bot asks the token endpoint for when it calls the Bot Connector API. */
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
export const DEFAULT_TIMEOUT_MS = 10_000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const teamsConfigSchema = z.strictObject({
  /** The bot's Microsoft App ID (Azure Bot → Configuration); tokens from Teams name it as their audience. */
  appId: z.string({ error: 'appId is required: the Microsoft App ID of the Azure Bot (Configuration page)' })
    .regex(GUID, 'appId must be the Microsoft App ID, a GUID such as 00000000-0000-0000-0000-000000000000')
    .meta(field('Microsoft App ID', 'Azure portal → your Azure Bot → Configuration → Microsoft App ID.')),
  /** A client secret of the bot's app registration (Certificates & secrets). */
  appPassword: z.string({ error: 'appPassword is required: a client secret of the bot\'s app registration (Certificates & secrets)' })
    .min(1, 'appPassword must not be empty')
    .meta(field('Client secret', 'Configuration → Manage Password → Certificates & secrets → New client secret (its Value).')),
  /** The directory (tenant) id of a single-tenant bot; absent, the legacy multi-tenant "botframework.com" tenant. */
  tenantId: z.string().regex(/^[A-Za-z0-9.-]{1,100}$/, 'tenantId must be the directory (tenant) id, a GUID or a domain').optional()
    .meta(primary('App Tenant ID', 'Configuration → App Tenant ID, for a single-tenant bot; leave empty for a multi-tenant one.')),
  /** The OAuth 2.0 token endpoint; derived from tenantId when omitted. */
  tokenUrl: z.url({ protocol: /^https?$/, error: 'tokenUrl must be an http(s) URL' }).optional()
    .meta(field('Token endpoint', 'The OAuth 2.0 token endpoint; leave empty to use the tenant\'s login.microsoftonline.com endpoint.')),
  /** The OpenID metadata whose jwks_uri lists the keys inbound tokens are signed with. */
  openIdMetadataUrl: z.url({ protocol: /^https?$/, error: 'openIdMetadataUrl must be an http(s) URL' }).default(BOT_FRAMEWORK_OPENID_METADATA_URL)
    .meta(field('OpenID metadata URL', 'Where Bot Framework publishes its signing keys; change it only for a test stand-in.')),
  /** How long one call to the token endpoint or the Bot Connector API may take. */
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS).meta(timeoutMeta('Microsoft')),
});

export type TeamsConfig = z.output<typeof teamsConfigSchema>;

export const TEAMS_SECRET_FIELDS = ['appPassword'] as const;

/** Single-tenant bots get tokens from their own tenant; legacy multi-tenant ones from botframework.com. */
export function tokenUrlOf(config: Pick<TeamsConfig, 'tokenUrl' | 'tenantId'>): string {
  return config.tokenUrl ?? `https://login.microsoftonline.com/${config.tenantId ?? 'botframework.com'}/oauth2/v2.0/token`;
}
