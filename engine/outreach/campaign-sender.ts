// The campaign's side effects, run by its activities: turning the list into recipients, and
// sending one batch. Exactly once towards the provider: before a send the recipient is marked
// `sending` (attempt counted) in SQLite, the request carries an idempotency key derived from the
// campaign and the recipient (the recipient's messageId), and the outcome is written right after.
// A batch retried after a crash re-reads what is recorded: sent recipients are never sent again,
// and one caught between request and record is re-sent with the same key, which the provider
// recognizes as the same message. Besides the campaign's own pace, every send takes a token from the
// channel's bucket at the provider's published rate (Connector.rateLimit) — the same buckets case
// replies use (ChannelStore.throttle) — so a campaign and the agents share the channel's limit.
import { customerLocale } from '../contacts/customer-locale';
import type { ChannelContext, Connector } from '../../connectors/connector';
import { SendError } from '../../connectors/connector';
import type { ChannelThrottle } from '../../connectors/shared/rate-limit/channel-throttle';
import { getManifest } from '../../connectors/manifests';
import type { ContentMessage } from '../../model/content/model';
import type { SendBatchInput, SendBatchResult } from '../../workflows/outreach/contract';
import { isInsideWindow } from '../../workflows/outreach/sending-window';
import { slotAt } from '../../workflows/outreach/throttle';
import type { ChannelStore } from '../channels/channel-store';
import type { Db } from '../db/open-database';
import { hasTemplate, renderForRecipient, type CampaignMessage } from './campaign-content';
import { campaignOutbound } from './campaign-outbound';
import { channelTypesFor, identityKeyFor } from './identity-keys';

export const SKIP_REASONS = ['opted_out', 'no_proactive_outbound', 'template_required', 'invalid_identity', 'duplicate'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** A transient failure is retried with the batch; after this many attempts the recipient fails. */
export const MAX_SEND_ATTEMPTS = 5;

/** The provider idempotency key (and Parley message id) of one recipient. */
export const recipientMessageId = (campaignId: string, rowNumber: number) => `${campaignId}-r${rowNumber}`;

/**
 * The campaign's recipients from its list, once (idempotent: a retry finds them and returns).
 * Each takes the identity its channel type reads; a second recipient with the same identity is a
 * duplicate (skipped) so nobody gets the message twice.
 */
export function prepareRecipients(db: Db, channels: ChannelStore, campaignId: string, now = Date.now()): number {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const existing = sqlite.prepare('select count(*) from campaign_recipients where campaign_id = ?').pluck().get(campaignId) as number;
    if (existing > 0) return existing;
    const campaign = sqlite.prepare('select account_id, channel_id, list_id from campaigns where id = ?').get(campaignId) as
      { account_id: string; channel_id: string; list_id: string } | undefined;
    if (!campaign) return 0;
    const channel = channels.context(campaign.channel_id);
    const key = identityKeyFor(channel?.row.type ?? '');
    sqlite.prepare(`insert into campaign_recipients
        (campaign_id, account_id, channel_id, row_number, external_id, name, identity, identities, variables, status, message_id, updated_at)
      select @campaignId, @accountId, @channelId, row_number, external_id, name, json_extract(identities, @path), identities, variables,
        'queued', @campaignId || '-r' || row_number, @now
      from contact_list_rows where list_id = @listId order by row_number`)
      .run({ campaignId, accountId: campaign.account_id, channelId: campaign.channel_id, listId: campaign.list_id, path: `$."${key}"`, now });
    sqlite.prepare(`update campaign_recipients set status = 'skipped', reason = 'duplicate'
      where campaign_id = @campaignId and identity is not null
        and id not in (select min(id) from campaign_recipients where campaign_id = @campaignId and identity is not null group by identity)`)
      .run({ campaignId });
    return sqlite.prepare('select count(*) from campaign_recipients where campaign_id = ?').pluck().get(campaignId) as number;
  }).immediate();
}

interface RecipientRow {
  id: number; row_number: number; external_id: string | null; name: string | null; identity: string | null;
  identities: string; variables: string; message_id: string; attempts: number; status: string;
}

export interface SendBatchDeps {
  db: Db;
  channels: ChannelStore;
  fetch: typeof fetch;
  now: () => number;
  /** Liveness for Temporal (and the kill -9 test): called after every recipient. */
  heartbeat: (detail?: unknown) => void;
  /** Waits for the next throttle slot (cancellable in an activity). */
  sleep: (ms: number) => Promise<void>;
  /** The channels' token buckets; by default the ones case replies use (ChannelStore.throttle). */
  throttle?: ChannelThrottle;
}

/** A wait for the channel's bucket longer than this ends the batch early; the next batch goes on. */
export const MAX_CHANNEL_WAIT_MS = 20_000;
/** Waits are cut in steps this long with a heartbeat between (the activity's heartbeat timeout is 10 s). */
const HEARTBEAT_STEP_MS = 4_000;

async function waitHeartbeating(deps: SendBatchDeps, ms: number, detail: string) {
  for (let left = ms; left > 0; left -= HEARTBEAT_STEP_MS) {
    await deps.sleep(Math.min(left, HEARTBEAT_STEP_MS));
    deps.heartbeat(detail);
  }
}

/** Why this recipient is not sent to, or null when it may be. */
function skipReason(db: Db, r: RecipientRow, ctx: { accountId: string; channelId: string; connector: Connector; message: ContentMessage }): SkipReason | null {
  const capabilities = ctx.connector.manifest.capabilities;
  if (!capabilities.proactiveOutbound) return 'no_proactive_outbound';
  if (r.identity === null) {
    // Reachable only on channels that never allow a first message from the business?
    const keys = Object.keys(JSON.parse(r.identities) as Record<string, string>);
    const proactiveSomewhere = keys.some((k) => channelTypesFor(k).some((type) => getManifest(type)?.capabilities.proactiveOutbound ?? false));
    return keys.length > 0 && !proactiveSomewhere ? 'no_proactive_outbound' : 'invalid_identity';
  }
  if (capabilities.replyWindow.outsideWindow === 'templates' && !hasTemplate(ctx.message)) return 'template_required';
  const optedOut = db.$client.prepare('select 1 from do_not_contact where account_id = ? and channel_id = ? and identity = ?')
    .get(ctx.accountId, ctx.channelId, r.identity);
  return optedOut ? 'opted_out' : null;
}

/** Sends on the wire at once: 1 up to 100/s, one more per 100/s, 16 with the throttle off. */
export const sendConcurrency = (ratePerSecond: number | null) => (ratePerSecond ? Math.min(16, Math.max(1, Math.ceil(ratePerSecond / 100))) : 16);

export async function sendBatch(deps: SendBatchDeps, input: SendBatchInput): Promise<SendBatchResult> {
  const sqlite = deps.db.$client;
  const campaign = sqlite.prepare('select account_id, channel_id, message from campaigns where id = ?').get(input.campaignId) as
    { account_id: string; channel_id: string; message: string } | undefined;
  const result: SendBatchResult = { sent: 0, skipped: 0, failed: 0, remaining: 0, stoppedBy: null };
  if (!campaign) return result;
  const message = JSON.parse(campaign.message) as CampaignMessage;
  const channel = deps.channels.context(campaign.channel_id);
  // A campaign mail starts a thread: its subject, or one made of the account's name and the first line.
  const accountName = sqlite.prepare('select name from accounts where id = ?').pluck().get(campaign.account_id) as string | undefined;

  const statusOf = sqlite.prepare('select status from campaigns where id = ?').pluck();
  const claim = sqlite.prepare(`update campaign_recipients set status = 'sending', attempts = attempts + 1, updated_at = ? where id = ?`);
  const markSent = sqlite.prepare(`update campaign_recipients set status = 'sent', provider_message_id = ?, sent_at = ?, reason = null, updated_at = ? where id = ?`);
  const markFinal = sqlite.prepare(`update campaign_recipients set status = ?, reason = ?, updated_at = ? where id = ?`);
  const batch = sqlite.prepare(`select id, row_number, external_id, name, identity, identities, variables, message_id, attempts, status
    from campaign_recipients where campaign_id = ? and status in ('queued', 'sending') order by id limit ?`).all(input.campaignId, input.limit) as RecipientRow[];

  // Several sends on the wire at once when the pace allows it (each takes the next slot of the
  // schedule, so the rate still holds); one at a time for slow paces.
  const concurrency = sendConcurrency(input.ratePerSecond);
  let next = 0;
  let attempted = 0;
  let transientError: Error | null = null;
  /** The channel's bucket is empty for longer than MAX_CHANNEL_WAIT_MS: the rest waits for the next batch. */
  let channelBusy = false;
  const throttle = deps.throttle ?? deps.channels.throttle;
  const worker = async () => {
    while (result.stoppedBy === null && transientError === null && !channelBusy && next < batch.length) {
      const r = batch[next++];
      const status = statusOf.get(input.campaignId);
      if (status === 'paused' || status === 'cancelled') { result.stoppedBy = status; break; }
      if (!isInsideWindow(input.window, deps.now())) { result.stoppedBy = 'window'; break; }
      if (!channel || !channel.row.enabled) {
        markFinal.run('failed', 'the channel is disabled or gone', deps.now(), r.id);
        result.failed++;
        continue;
      }
      const skip = skipReason(deps.db, r, { accountId: campaign.account_id, channelId: campaign.channel_id, connector: channel.connector, message });
      if (skip) {
        markFinal.run('skipped', skip, deps.now(), r.id);
        result.skipped++;
        deps.heartbeat(r.id);
        continue;
      }
      const wait = slotAt(input.pacing, input.ratePerSecond, attempted++) - deps.now();
      if (wait > 0) await deps.sleep(wait);
      // The provider's rate on this channel, shared with case replies.
      const limit = channel.connector.rateLimit;
      if (limit) {
        const slot = throttle.reserve(channel.ctx.id, limit, r.identity!, deps.now());
        if (slot.waitMs > MAX_CHANNEL_WAIT_MS) {
          slot.cancel();
          channelBusy = true; // this recipient stays queued
          break;
        }
        if (slot.waitMs > 0) await waitHeartbeating(deps, slot.waitMs, r.message_id);
      }
      claim.run(deps.now(), r.id);
      const outcome = await sendOne(deps, channel.connector, channel.ctx, r, message, accountName);
      if (outcome.ok) {
        markSent.run(outcome.providerMessageId, deps.now(), deps.now(), r.id);
        result.sent++;
      } else if (outcome.transient && r.attempts + 1 < MAX_SEND_ATTEMPTS) {
        // Let the activity's retry policy back off; this recipient stays `sending` and keeps its key.
        transientError ??= outcome.error;
      } else {
        markFinal.run('failed', outcome.error.message.slice(0, 500), deps.now(), r.id);
        result.failed++;
      }
      deps.heartbeat(r.id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (transientError) throw transientError;
  result.remaining = sqlite.prepare(`select count(*) from campaign_recipients where campaign_id = ? and status in ('queued', 'sending')`)
    .pluck().get(input.campaignId) as number;
  return result;
}

/**
 * The recipient's locale, resolved like a case reply's (engine/contacts/customer-locale.ts): the
 * language of the contact this identity belongs to on the channel, else the channel's, else the account's.
 */
export function recipientLocale(db: Db, channel: { id: string; accountId: string }, identity: string): string | undefined {
  const contactId = db.$client.prepare('select contact_id from contact_identities where channel_id = ? and external_id = ?').pluck()
    .get(channel.id, identity) as string | undefined;
  return customerLocale(db, { accountId: channel.accountId, contactId: contactId ?? '', channelId: channel.id });
}

const localeOf = (locale: string | undefined) => (locale ? { locale } : {});

async function sendOne(deps: SendBatchDeps, connector: Connector, ctx: ChannelContext, r: RecipientRow, message: CampaignMessage, accountName: string | undefined):
  Promise<{ ok: true; providerMessageId: string } | { ok: false; transient: boolean; error: Error }> {
  const variables = JSON.parse(r.variables) as Record<string, string>;
  const values = { ...variables, name: r.name ?? '', externalId: r.external_id ?? '', identity: r.identity ?? '' };
  const rendered = renderForRecipient(message, values);
  try {
    // The outbound context a reply gets on this channel, built at every attempt (a retry signs fresh media links).
    const type = connector.manifest.type;
    const out = campaignOutbound(deps.db, type, { accountId: ctx.accountId, messageId: r.message_id, publicUrl: deps.channels.publicBaseUrl, content: rendered.content, text: rendered.text });
    const context = type === 'email'
      ? { ...out.context, email: { ...(out.context?.email as object | undefined), ...(rendered.subject ? { newSubject: rendered.subject } : {}), ...(accountName ? { senderName: accountName } : {}) } }
      : out.context;
    const sent = await connector.send({
      id: r.message_id, caseId: '', threadId: r.identity!, recipient: { externalId: r.identity!, ...(r.name ? { name: r.name } : {}) },
      content: out.content, text: out.text, attachments: out.attachments,
      ...localeOf(recipientLocale(deps.db, ctx, r.identity!)),
      ...(context ? { context } : {}),
    }, ctx, { fetch: deps.fetch, now: deps.now });
    return { ok: true, providerMessageId: sent.providerMessageId };
  } catch (err) {
    const transient = err instanceof SendError ? err.transient : true;
    return { ok: false, transient, error: err as Error };
  }
}
