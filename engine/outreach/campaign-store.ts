// Campaigns: creation (every refusal says which field and why), the view with counts by recipient
// status, sends per second and time left, and the status the workflow mirrors.
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { getManifest } from '../../connectors/manifests';
import type { WEEKDAYS } from '../../model/rules/business-hours';
import { windowIssues, type SendingWindow } from '../../workflows/outreach/sending-window';
import { secondsLeft } from '../../workflows/outreach/throttle';
import type { ChannelStore } from '../channels/channel-store';
import type { Db } from '../db/open-database';
import { campaignRecipients, campaigns, RECIPIENT_STATUSES, type CampaignStatus, type RecipientStatus } from '../db/schema-outreach';
import { notFound, ParleyError } from '../errors';
import { newId } from '../ids';
import { getRuleSettings } from '../rules/store/settings-store';
import { hasTemplate, rowVariableNames, toCampaignMessage, unknownPlaceholders, type CampaignMessageInput } from './campaign-content';
import { getListRow } from './contact-list-store';

export interface CreateCampaignInput {
  name: string;
  channelId: string;
  listId: string;
  message: CampaignMessageInput;
  startAt?: string | null;
  sendingWindow?: { timeZone?: string; days: (typeof WEEKDAYS)[number][]; from: string; to: string } | null;
  throttlePerSecond?: number | null;
  mode: 'agentless' | 'skill';
  skillId?: string | null;
}

export type CampaignRow = typeof campaigns.$inferSelect;

/** The window over which sends per second are measured. */
const RATE_WINDOW_MS = 10_000;

export function createCampaign(db: Db, channels: ChannelStore, accountId: string, input: CreateCampaignInput, createdBy?: string, now = Date.now()) {
  const channel = channels.get(accountId, input.channelId);
  const manifest = getManifest(channel.type);
  if (!manifest?.capabilities.proactiveOutbound) {
    throw new ParleyError(422, 'channel_no_proactive_outbound',
      `${manifest?.displayName ?? channel.type} does not allow messages the customer did not start (no proactive outbound), so channel "${channel.name}" cannot run a campaign.`,
      [{ path: 'channelId', message: `${manifest?.displayName ?? channel.type} has no proactive outbound` }]);
  }
  const list = getListRow(db, accountId, input.listId);
  if (list.status !== 'ready') {
    throw new ParleyError(409, 'contact_list_not_ready', `Contact list "${list.name}" is ${list.status}: a campaign needs a list whose import finished.`, [{ path: 'listId', message: list.status }]);
  }
  const message = toCampaignMessage(input.message);
  const issues = unknownPlaceholders(message, rowVariableNames(list.mapping?.variables ?? []));
  if (issues.length) throw new ParleyError(400, 'unknown_variable', `The message uses ${issues.length === 1 ? 'a variable' : 'variables'} the list does not have.`, issues);
  if (manifest.capabilities.replyWindow.outsideWindow === 'templates' && !hasTemplate(message)) {
    throw new ParleyError(422, 'template_required', `${manifest.displayName} only delivers approved templates to customers who did not write in the last ${manifest.capabilities.replyWindow.hours ?? 24} hours: give message.template (name, language, variables).`,
      [{ path: 'message.template', message: 'required on this channel' }]);
  }
  if (input.mode === 'skill' && !input.skillId) {
    throw new ParleyError(400, 'validation_failed', 'A campaign in skill mode needs the skill its replies are routed to.', [{ path: 'skillId', message: 'required when mode is skill' }]);
  }
  let window: SendingWindow | null = null;
  if (input.sendingWindow) {
    const timeZone = input.sendingWindow.timeZone ?? getRuleSettings(db, accountId).businessHours?.timeZone ?? 'UTC';
    window = { timeZone, days: input.sendingWindow.days, from: input.sendingWindow.from, to: input.sendingWindow.to };
    const problems = windowIssues(window);
    if (problems.length) throw new ParleyError(400, 'validation_failed', 'The sending window is not valid.', problems);
  }
  const startAt = input.startAt ? Date.parse(input.startAt) : null;
  if (startAt !== null && Number.isNaN(startAt)) throw new ParleyError(400, 'validation_failed', 'startAt is not a date.', [{ path: 'startAt', message: 'an ISO 8601 date-time' }]);
  const row = db.insert(campaigns).values({
    id: newId('cmp', now), accountId, name: input.name, channelId: channel.id, listId: list.id, message: message as unknown as Record<string, unknown>,
    mode: input.mode, skillId: input.mode === 'skill' ? input.skillId! : null, startAt, sendingWindow: window as Record<string, unknown> | null,
    throttlePerSecond: input.throttlePerSecond ?? null, status: 'draft', createdBy: createdBy ?? null, createdAt: now, updatedAt: now,
  }).returning().get();
  return viewCampaign(db, row, now);
}

export function getCampaignRow(db: Db, accountId: string, id: string): CampaignRow {
  const row = db.select().from(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.accountId, accountId))).get();
  if (!row) throw notFound('campaign', id);
  return row;
}

export function countsByStatus(db: Db, campaignId: string): Record<RecipientStatus, number> {
  const counts = Object.fromEntries(RECIPIENT_STATUSES.map((s) => [s, 0])) as Record<RecipientStatus, number>;
  const rows = db.select({ status: campaignRecipients.status, n: sql<number>`count(*)` }).from(campaignRecipients)
    .where(eq(campaignRecipients.campaignId, campaignId)).groupBy(campaignRecipients.status).all();
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

export function viewCampaign(db: Db, row: CampaignRow, now = Date.now()) {
  const counts = countsByStatus(db, row.id);
  const skipReasons = db.select({ reason: campaignRecipients.reason, n: sql<number>`count(*)` }).from(campaignRecipients)
    .where(and(eq(campaignRecipients.campaignId, row.id), eq(campaignRecipients.status, 'skipped'))).groupBy(campaignRecipients.reason).all();
  const recent = db.select({ n: sql<number>`count(*)` }).from(campaignRecipients)
    .where(and(eq(campaignRecipients.campaignId, row.id), gte(campaignRecipients.sentAt, now - RATE_WINDOW_MS))).get()!.n;
  // Over the last ten seconds, or since sending started when that is more recent (at least one second).
  const measuredMs = Math.max(1000, Math.min(RATE_WINDOW_MS, row.startedAt ? now - row.startedAt : RATE_WINDOW_MS));
  const sendsPerSecond = Math.round((recent / (measuredMs / 1000)) * 10) / 10;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const remaining = counts.queued + counts.sending;
  const running = row.status === 'sending' || row.status === 'waiting_window' || row.status === 'scheduled';
  return {
    id: row.id, name: row.name, channelId: row.channelId, listId: row.listId, message: row.message, mode: row.mode, skillId: row.skillId,
    startAt: row.startAt ? new Date(row.startAt).toISOString() : null, sendingWindow: row.sendingWindow, throttlePerSecond: row.throttlePerSecond,
    status: row.status as CampaignStatus,
    recipients: { total, ...counts, skippedBy: Object.fromEntries(skipReasons.map((r) => [r.reason ?? 'unknown', r.n])) },
    sendsPerSecond,
    estimatedSecondsLeft: running ? secondsLeft(remaining, row.throttlePerSecond, sendsPerSecond) : null,
    createdAt: new Date(row.createdAt).toISOString(), startedAt: row.startedAt ? new Date(row.startedAt).toISOString() : null,
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
  };
}
export type CampaignView = ReturnType<typeof viewCampaign>;

export function getCampaign(db: Db, accountId: string, id: string) {
  return viewCampaign(db, getCampaignRow(db, accountId, id));
}

export function listCampaigns(db: Db, accountId: string, opts: { limit: number; cursor?: string }) {
  const rows = db.select().from(campaigns)
    .where(and(eq(campaigns.accountId, accountId), opts.cursor ? lt(campaigns.id, opts.cursor) : undefined))
    .orderBy(desc(campaigns.id)).limit(opts.limit + 1).all();
  const page = rows.slice(0, opts.limit);
  const now = Date.now();
  return { items: page.map((r) => viewCampaign(db, r, now)), nextCursor: rows.length > opts.limit ? page[page.length - 1].id : null };
}

export function listRecipients(db: Db, accountId: string, campaignId: string, opts: { limit: number; afterId?: number; status?: RecipientStatus }) {
  getCampaignRow(db, accountId, campaignId);
  const rows = db.select().from(campaignRecipients)
    .where(and(
      eq(campaignRecipients.campaignId, campaignId),
      opts.status ? eq(campaignRecipients.status, opts.status) : undefined,
      opts.afterId ? sql`${campaignRecipients.id} > ${opts.afterId}` : undefined,
    ))
    .orderBy(campaignRecipients.id).limit(opts.limit + 1).all();
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((r) => ({
      rowNumber: r.rowNumber, externalId: r.externalId, name: r.name, identity: r.identity, status: r.status, reason: r.reason,
      messageId: r.messageId, caseId: r.caseId, attempts: r.attempts, sentAt: r.sentAt ? new Date(r.sentAt).toISOString() : null,
    })),
    nextCursor: rows.length > opts.limit ? String(page[page.length - 1].id) : null,
  };
}

/** The workflow's state, mirrored (activity): the API and console read it from here. */
export function mirrorCampaignStatus(db: Db, campaignId: string, status: CampaignStatus, now = Date.now()) {
  const finished = status === 'completed' || status === 'cancelled';
  db.update(campaigns).set({
    status, updatedAt: now,
    ...(status === 'sending' ? { startedAt: sql`coalesce(${campaigns.startedAt}, ${now})` } : {}),
    ...(finished ? { finishedAt: now } : {}),
  }).where(eq(campaigns.id, campaignId)).run();
}
