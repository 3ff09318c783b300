// Channels: create, update, read and disable, with secret config fields sealed at rest and never
// returned. The connector's config schema validates every write.
import { and, desc, eq, lt } from 'drizzle-orm';
import { getConnector } from '../../connectors/registry';
import { SetupError, type ChannelContext, type Connector, type ConnectorDeps, type NextStep } from '../../connectors/connector';
import { channelManifests } from '../../connectors/manifests';
import type { ChannelThrottle } from '../../connectors/shared/rate-limit/channel-throttle';
import { SqlChannelThrottle } from '../../connectors/shared/rate-limit/sql-channel-throttle';
import type { Db } from '../db/open-database';
import { channels } from '../db/schema';
import { ParleyError, notFound } from '../errors';
import { newId } from '../ids';
import type { SecretBox } from '../security/secret-box';
import { zodIssues } from '../validation';

export type ChannelRow = typeof channels.$inferSelect;

export interface ChannelView {
  id: string;
  type: string;
  name: string;
  enabled: boolean;
  /** Config with secret fields replaced by "••••" (present) — secrets are never returned. */
  config: Record<string, unknown>;
  webhookUrl: string;
  /** What the person must still do in the provider's console (connector.nextSteps); empty when nothing. */
  nextSteps: NextStep[];
  /** BCP 47: the language of the words Parley adds for this channel's contacts whose own language is unknown. */
  defaultLanguage: string | null;
  /** The skill this channel's cases need unless a rule, queue or transfer names another (routing). */
  defaultSkillId: string | null;
  createdAt: string;
  updatedAt: string;
}

const REDACTED = '••••••••';

export class ChannelStore {
  /**
   * Channels being connected: their id is reserved and their set-up is running. A provider that
   * calls the webhook during registration (Viber's set_webhook check) finds the channel here; a
   * refused set-up drops it, so nothing is written. (In this process: the API and the webhook
   * route of one Parley.)
   */
  private readonly connecting = new Map<string, { row: ChannelRow; connector: Connector; ctx: ChannelContext }>();

  /**
   * Each channel's outbound token buckets at its connector's published rate (Connector.rateLimit),
   * shared by everything that sends on a channel — case replies and campaigns — in every process:
   * the buckets are rows in the database (table channel_send_buckets), so two workers together keep
   * the provider's rate.
   */
  readonly throttle: ChannelThrottle;

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly publicUrl: string,
    /** What set-up hooks call the provider with (tests inject their own). */
    private readonly deps: ConnectorDeps = { fetch: (...args) => fetch(...args), now: () => Date.now() },
  ) {
    this.throttle = new SqlChannelThrottle(db.$client);
  }

  /** Where Parley is reached from outside: the base of webhook URLs and of links in messages. */
  get publicBaseUrl(): string {
    return this.publicUrl;
  }

  connectorFor(type: string): Connector {
    const connector = getConnector(type);
    const retired = channelManifests.find((m) => m.type === type && m.status === 'retired');
    if (!connector && retired) {
      throw new ParleyError(422, 'channel_type_retired',
        `${retired.displayName} was retired on ${retired.retiredOn ?? 'an earlier date'}; it can no longer be connected.`,
        [{ path: 'type', message: `retired on ${retired.retiredOn}` }]);
    }
    if (!connector) {
      throw new ParleyError(422, 'channel_type_unsupported', `Channel type "${type}" has no connector in this Parley build.`, [
        { path: 'type', message: `unsupported channel type` },
      ]);
    }
    return connector;
  }

  private validate(connector: Connector, config: unknown): Record<string, unknown> {
    const parsed = connector.configSchema.safeParse(config);
    if (!parsed.success) {
      throw new ParleyError(422, 'invalid_channel_config', `The ${connector.manifest.displayName} channel config is invalid.`,
        zodIssues(parsed.error, 'config'));
    }
    return parsed.data as Record<string, unknown>;
  }

  private split(connector: Connector, config: Record<string, unknown>) {
    const plain: Record<string, unknown> = {};
    const secret: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) (connector.secretFields.includes(k) ? secret : plain)[k] = v;
    return { plain, sealed: Object.keys(secret).length ? this.box.seal(secret) : null };
  }

  view(row: ChannelRow): ChannelView {
    const connector = getConnector(row.type);
    const config: Record<string, unknown> = { ...row.config };
    if (row.secrets && connector) {
      const secrets = this.open(row);
      for (const k of connector.secretFields) if (k in secrets) config[k] = REDACTED;
    }
    const channelUrl = this.webhookUrl(row.id);
    return {
      id: row.id, type: row.type, name: row.name, enabled: row.enabled, config,
      webhookUrl: connector?.providerWebhookUrl?.(config, channelUrl) ?? channelUrl,
      nextSteps: connector?.nextSteps?.(config, { webhookUrl: channelUrl }) ?? [],
      defaultLanguage: row.defaultLanguage ?? null,
      defaultSkillId: row.defaultSkillId ?? null,
      createdAt: new Date(row.createdAt).toISOString(), updatedAt: new Date(row.updatedAt).toISOString(),
    };
  }

  private open(row: ChannelRow): Record<string, unknown> {
    return row.secrets ? this.box.open<Record<string, unknown>>(row.secrets) : {};
  }

  webhookUrl(channelId: string): string {
    return `${this.publicUrl}/webhooks/${channelId}`;
  }

  /**
   * Connects a channel in one step: validates the config, reserves the channel's id (its webhook
   * URL), runs the connector's set-up against the provider (credentials check, webhook registration
   * — the provider may call the webhook meanwhile and finds the channel) and only then stores it.
   * A refused set-up leaves no row behind. Returns the view plus any secrets Parley generated (shown once).
   */
  async connect(accountId: string, input: { type: string; name: string; config: unknown }) {
    const connector = this.connectorFor(input.type);
    const { config, generatedSecrets } = this.prepare(connector, input.config);
    const now = Date.now();
    const id = newId('ch', now);
    const ctx = { id, accountId, config };
    const row = { id, accountId, type: input.type, name: input.name, config, secrets: null, enabled: true, createdAt: now, updatedAt: now } as ChannelRow;
    this.connecting.set(id, { row, connector, ctx });
    try {
      const ready = await this.runSetup(connector, ctx, 'create');
      return { channel: this.view(this.insert(id, accountId, input, connector, ready, now)), generatedSecrets };
    } finally {
      this.connecting.delete(id);
    }
  }

  /** Creates a channel whose connector needs no set-up call (internal callers, e.g. web chat). */
  create(accountId: string, input: { type: string; name: string; config: unknown }) {
    const connector = this.connectorFor(input.type);
    if (connector.setup) throw new Error(`Channel type "${input.type}" has a set-up step: use connect().`);
    const { config, generatedSecrets } = this.prepare(connector, input.config);
    const now = Date.now();
    return { channel: this.view(this.insert(newId('ch', now), accountId, input, connector, config, now)), generatedSecrets };
  }

  private prepare(connector: Connector, input: unknown) {
    let config = this.validate(connector, input ?? {});
    const given = new Set(Object.keys(config));
    if (connector.prepareConfig) config = connector.prepareConfig(config);
    const generatedSecrets = Object.fromEntries(
      connector.secretFields.filter((k) => !given.has(k) && config[k] !== undefined).map((k) => [k, config[k]]),
    );
    return { config, generatedSecrets };
  }

  private insert(id: string, accountId: string, input: { type: string; name: string }, connector: Connector, config: Record<string, unknown>, now: number) {
    const { plain, sealed } = this.split(connector, config);
    return this.db.insert(channels).values({
      id, accountId, type: input.type, name: input.name, config: plain, secrets: sealed, enabled: true, createdAt: now, updatedAt: now,
    }).returning().get();
  }

  /** The connector's set-up hook; a refusal becomes 422 channel_setup_failed with the provider's reason. */
  private async runSetup(connector: Connector, channel: ChannelContext, reason: 'create' | 'update'): Promise<Record<string, unknown>> {
    if (!connector.setup) return channel.config;
    try {
      const result = await connector.setup(channel, { webhookUrl: this.webhookUrl(channel.id), reason }, this.deps);
      return result?.config ? { ...channel.config, ...result.config } : channel.config;
    } catch (err) {
      if (err instanceof SetupError) {
        throw new ParleyError(422, 'channel_setup_failed', `${connector.manifest.displayName} refused the set-up: ${err.message}`);
      }
      throw err;
    }
  }

  /** Sets (canonical BCP 47) or clears the channel's default customer language. */
  setDefaultLanguage(accountId: string, id: string, language: string | null): ChannelView {
    this.get(accountId, id);
    const row = this.db.update(channels).set({ defaultLanguage: language, updatedAt: Date.now() }).where(eq(channels.id, id)).returning().get();
    return this.view(row);
  }

  get(accountId: string, id: string): ChannelRow {
    const row = this.db.select().from(channels).where(and(eq(channels.id, id), eq(channels.accountId, accountId))).get();
    if (!row) throw notFound('channel', id);
    return row;
  }

  list(accountId: string, opts: { limit: number; cursor?: string }) {
    const rows = this.db.select().from(channels)
      .where(and(eq(channels.accountId, accountId), opts.cursor ? lt(channels.id, opts.cursor) : undefined))
      .orderBy(desc(channels.id)).limit(opts.limit + 1).all();
    const page = rows.slice(0, opts.limit);
    return { items: page.map((r) => this.view(r)), nextCursor: rows.length > opts.limit ? page[page.length - 1].id : null };
  }

  /**
   * Updates name, enabled and config, running the connector's set-up again when the config changes
   * (new token → check it, re-register the webhook). A refused set-up changes nothing.
   */
  async reconfigure(accountId: string, id: string, patch: { name?: string; enabled?: boolean; config?: Record<string, unknown> }): Promise<ChannelView> {
    const row = this.get(accountId, id);
    const connector = this.connectorFor(row.type);
    if (!patch.config || !connector.setup) return this.update(accountId, id, patch);
    const merged = this.validate(connector, { ...row.config, ...this.open(row), ...withoutRedacted(patch.config) });
    const ready = await this.runSetup(connector, { id, accountId, config: merged }, 'update');
    return this.update(accountId, id, { ...patch, config: ready }, true);
  }

  /** Updates name, enabled and config. Config is merged: omitted secret fields keep their value. */
  update(accountId: string, id: string, patch: { name?: string; enabled?: boolean; config?: Record<string, unknown> }, setupDone = false): ChannelView {
    const row = this.get(accountId, id);
    const set: Partial<ChannelRow> = { updatedAt: Date.now() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.enabled !== undefined) set.enabled = patch.enabled;
    if (patch.config) {
      const connector = this.connectorFor(row.type);
      if (connector.setup && !setupDone) throw new Error(`Channel type "${row.type}" has a set-up step: change its config with reconfigure().`);
      const merged = { ...row.config, ...this.open(row), ...withoutRedacted(patch.config) };
      const { plain, sealed } = this.split(connector, this.validate(connector, merged));
      set.config = plain;
      set.secrets = sealed;
    }
    const updated = this.db.update(channels).set(set).where(eq(channels.id, id)).returning().get();
    return this.view(updated);
  }

  /** Channels whose set-up is running (reserved, not stored yet): a provider may call their webhook meanwhile. */
  connectingChannels(): { row: ChannelRow; connector: Connector; ctx: ChannelContext }[] {
    return [...this.connecting.values()];
  }

  /** The channel as its connector needs it, secrets decrypted. Looked up by id alone (webhooks carry no account). */
  context(id: string): { row: ChannelRow; connector: Connector; ctx: ChannelContext } | null {
    const row = this.db.select().from(channels).where(eq(channels.id, id)).get();
    if (!row) return this.connecting.get(id) ?? null;
    const connector = getConnector(row.type);
    if (!connector) return null;
    return { row, connector, ctx: { id: row.id, accountId: row.accountId, config: { ...row.config, ...this.open(row) } } };
  }
}

/** A client that echoes a redacted value back must not overwrite the real secret with it. */
function withoutRedacted(config: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== REDACTED));
}
