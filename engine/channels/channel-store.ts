// Channels: create, update, read and disable, with secret config fields sealed at rest and never
// returned. The connector's config schema validates every write.
import { and, desc, eq, lt } from 'drizzle-orm';
import { getConnector } from '../../connectors/registry';
import type { ChannelContext, Connector } from '../../connectors/connector';
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
  createdAt: string;
  updatedAt: string;
}

const REDACTED = '••••••••';

export class ChannelStore {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly publicUrl: string,
  ) {}

  connectorFor(type: string): Connector {
    const connector = getConnector(type);
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
    return {
      id: row.id, type: row.type, name: row.name, enabled: row.enabled, config,
      webhookUrl: `${this.publicUrl}/webhooks/${row.id}`,
      createdAt: new Date(row.createdAt).toISOString(), updatedAt: new Date(row.updatedAt).toISOString(),
    };
  }

  private open(row: ChannelRow): Record<string, unknown> {
    return row.secrets ? this.box.open<Record<string, unknown>>(row.secrets) : {};
  }

  /** Creates a channel. Returns the view plus any secrets Parley generated (shown once). */
  create(accountId: string, input: { type: string; name: string; config: unknown }) {
    const connector = this.connectorFor(input.type);
    let config = this.validate(connector, input.config ?? {});
    const given = new Set(Object.keys(config));
    if (connector.prepareConfig) config = connector.prepareConfig(config);
    const generatedSecrets = Object.fromEntries(
      connector.secretFields.filter((k) => !given.has(k) && config[k] !== undefined).map((k) => [k, config[k]]),
    );
    const { plain, sealed } = this.split(connector, config);
    const now = Date.now();
    const row = this.db.insert(channels).values({
      id: newId('ch', now), accountId, type: input.type, name: input.name, config: plain, secrets: sealed, enabled: true, createdAt: now, updatedAt: now,
    }).returning().get();
    return { channel: this.view(row), generatedSecrets };
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

  /** Updates name, enabled and config. Config is merged: omitted secret fields keep their value. */
  update(accountId: string, id: string, patch: { name?: string; enabled?: boolean; config?: Record<string, unknown> }): ChannelView {
    const row = this.get(accountId, id);
    const set: Partial<ChannelRow> = { updatedAt: Date.now() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.enabled !== undefined) set.enabled = patch.enabled;
    if (patch.config) {
      const connector = this.connectorFor(row.type);
      const merged = { ...row.config, ...this.open(row), ...withoutRedacted(patch.config) };
      const { plain, sealed } = this.split(connector, this.validate(connector, merged));
      set.config = plain;
      set.secrets = sealed;
    }
    const updated = this.db.update(channels).set(set).where(eq(channels.id, id)).returning().get();
    return this.view(updated);
  }

  /** The channel as its connector needs it, secrets decrypted. Looked up by id alone (webhooks carry no account). */
  context(id: string): { row: ChannelRow; connector: Connector; ctx: ChannelContext } | null {
    const row = this.db.select().from(channels).where(eq(channels.id, id)).get();
    if (!row) return null;
    const connector = getConnector(row.type);
    if (!connector) return null;
    return { row, connector, ctx: { id: row.id, accountId: row.accountId, config: { ...row.config, ...this.open(row) } } };
  }
}

/** A client that echoes a redacted value back must not overwrite the real secret with it. */
function withoutRedacted(config: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== REDACTED));
}
