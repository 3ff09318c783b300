// The case workflow's side effects: mirroring its state into SQLite and delivering outbound
// messages through the channel's connector. Plain Node code; the workflow imports only the types.
import { ApplicationFailure, sleep } from '@temporalio/activity';
import { and, eq } from 'drizzle-orm';
import { SendError, type ConnectorDeps } from '../../connectors/connector';
import type { ChannelThrottle } from '../../connectors/shared/rate-limit/channel-throttle';
import type { ChannelStore } from '../../engine/channels/channel-store';
import type { Db } from '../../engine/db/open-database';
import { outboundContext, outboundLocale } from '../../engine/channels/outbound-context';
import { rerouteToOpenCase } from '../../engine/ingest/reroute-to-open-case';
import { isAgentActor } from '../../engine/cases/last-activity';
import { renderAsSent } from '../../engine/workspace/message-rendering';
import type { ChannelRendering } from '../../connectors/renderers';
import { attachments, caseEvents, cases, contactIdentities, messages } from '../../engine/db/schema';
import { recordCaseRuleEvent, recordMessageRuleEvent } from '../../engine/rules/events/record-event';
import type { CaseActivities, CaseState, DeliveryOutcome, MirrorCause } from '../case/contract';
import { recordFilesOffered } from '../../engine/teams/file-consents';
import { heartbeating } from './keep-alive';

export interface CaseActivityDeps {
  db: Db;
  channels: ChannelStore;
  fetch?: typeof fetch;
  now?: () => number;
  /** Called after an activity queued work for the dispatcher (wakes it in this process). */
  onDispatchQueued?: () => void;
  /** Outbound pacing at each connector's declared rate (by default ChannelStore.throttle: buckets shared by every process). */
  throttle?: ChannelThrottle;
  /** The channel renderers whose report a sent message keeps (connectors/renderers.ts; tests stand in). */
  renderings?: (channelType: string) => ChannelRendering | undefined;
}

/** A wait for the rate limit longer than this ends the attempt and retries after the wait. */
const MAX_INLINE_THROTTLE_MS = 10_000;
/** A provider's Retry-After is honoured up to this long; a longer one is capped (the message would look lost). */
const MAX_RETRY_AFTER_MS = 15 * 60_000;
const MIN_RETRY_AFTER_MS = 1_000;

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export function createCaseActivities(deps: CaseActivityDeps): CaseActivities {
  const { db, channels } = deps;
  const connectorDeps: ConnectorDeps = { fetch: deps.fetch ?? fetch, now: deps.now ?? Date.now };
  const throttle = deps.throttle ?? channels.throttle; // shared with campaigns (engine/outreach/campaign-sender.ts)

  // Rules react to the failure once: a retried activity finds the message already failed.
  const failMessage = (messageId: string, reason: string) => {
    db.transaction(() => {
      const before = db.select({ status: messages.deliveryStatus }).from(messages).where(eq(messages.id, messageId)).get();
      db.update(messages).set({ deliveryStatus: 'failed', deliveryError: reason, updatedAt: Date.now() }).where(eq(messages.id, messageId)).run();
      if (before && before.status !== 'failed') recordMessageRuleEvent(db, 'message.delivery_failed', messageId);
    });
  };

  return {
    async mirrorCaseState(caseId: string, state: CaseState, cause?: MirrorCause) {
      db.transaction((tx) => {
        const before = tx.select({ status: cases.status, accountId: cases.accountId }).from(cases).where(eq(cases.id, caseId)).get();
        if (!before) return;
        tx.update(cases).set({
          status: state.status,
          statusUpdatedAt: state.statusUpdatedAt,
          statusUpdatedBy: state.statusUpdatedBy,
          lastInboundAt: state.lastInboundAt,
          lastOutboundAt: state.lastOutboundAt,
          inboundCount: state.inboundCount,
          outboundCount: state.outboundCount,
          autoCloseAt: state.autoCloseAt,
          closedAt: state.status === 'closed' ? state.statusUpdatedAt : null,
          updatedAt: Date.now(),
          // Mirroring is bookkeeping; only an agent's status change is activity (engine/cases/last-activity.ts).
          ...(before.status !== state.status && isAgentActor(state.statusUpdatedBy) ? { lastActivityAt: state.statusUpdatedAt } : {}),
        }).where(eq(cases.id, caseId)).run();
        // Idempotent under activity retries: a retry finds the status already written, adds nothing.
        if (before.status !== state.status) {
          tx.insert(caseEvents).values({
            accountId: before.accountId, caseId, type: 'status_changed', from: before.status, to: state.status,
            actor: state.statusUpdatedBy, detail: cause?.detail ?? null, at: state.statusUpdatedAt,
          }).run();
          // Rules react to the change; a resolved case will close itself unless the customer writes
          // again, which is the last moment to reach the customer (`case.before_close`).
          const origin = cause?.origin;
          const change = { from: before.status, to: state.status };
          recordCaseRuleEvent(db, { type: 'case.status_changed', caseId, change, origin });
          if (state.status === 'resolved') recordCaseRuleEvent(db, { type: 'case.before_close', caseId, change, origin });
        }
      });
    },

    async deliverMessage(messageId: string): Promise<DeliveryOutcome> {
      const message = db.select().from(messages).where(eq(messages.id, messageId)).get();
      if (!message) throw ApplicationFailure.nonRetryable(`Message ${messageId} does not exist.`, 'MessageNotFound');
      // An activity retry after a send that succeeded must not send twice.
      if (message.providerMessageId && message.deliveryStatus !== 'failed' && message.deliveryStatus !== 'queued') {
        return { status: 'sent', providerMessageId: message.providerMessageId };
      }
      const theCase = db.select().from(cases).where(eq(cases.id, message.caseId)).get()!;
      const channel = channels.context(message.channelId);
      if (!channel || !channel.row.enabled) {
        const reason = channel ? 'The channel is disabled.' : 'The channel no longer exists.';
        failMessage(messageId, reason);
        return { status: 'failed', reason };
      }
      const recipient = db.select().from(contactIdentities)
        .where(and(eq(contactIdentities.contactId, theCase.contactId), eq(contactIdentities.channelId, message.channelId))).get();
      if (!recipient) {
        const reason = 'The contact has no identity on this channel.';
        failMessage(messageId, reason);
        return { status: 'failed', reason };
      }
      const files = db.select().from(attachments).where(eq(attachments.messageId, messageId)).all();
      // The beats carry the send's progress (SendProgress): a retry, on any worker, continues an X video upload.
      const heartbeats = heartbeating();
      try {
        // The provider's published rate (Connector.rateLimit): wait for a token before sending.
        const limit = channel.connector.rateLimit;
        if (limit) {
          const slot = throttle.reserve(channel.ctx.id, limit, theCase.threadId, connectorDeps.now());
          if (slot.waitMs > MAX_INLINE_THROTTLE_MS) {
            slot.cancel();
            throw ApplicationFailure.create({
              message: `Waiting for the channel's rate limit (${limit.perSecond}/s): next slot in ${seconds(slot.waitMs)}.`,
              type: 'RateLimited', nextRetryDelay: slot.waitMs,
            });
          }
          if (slot.waitMs > 0) await sleep(slot.waitMs);
        }
        const locale = outboundLocale(db, message.caseId);
        const context = outboundContext(db, channel.row.type, message.caseId, { messageId: message.id, content: message.content, publicUrl: channels.publicBaseUrl });
        const { providerMessageId } = await channel.connector.send({
          id: message.id, caseId: message.caseId, threadId: theCase.threadId,
          recipient: { externalId: recipient.externalId, name: recipient.name ?? undefined },
          content: message.content, text: message.fallbackText,
          attachments: files.map((f) => ({ url: f.url ?? undefined, mime: f.mime, name: f.name ?? undefined, size: f.size ?? undefined })),
          context,
          locale,
        }, channel.ctx, heartbeats.progress ? { ...connectorDeps, progress: heartbeats.progress } : connectorDeps);
        // What the customer was shown, kept as sent: the console reads it, not a fresh rendering.
        const rendering = renderAsSent(channel.row.type, { content: message.content, text: message.fallbackText },
          { recipientId: recipient.externalId, threadId: theCase.threadId, locale, answerLinks: context?.answerLinks }, deps.renderings);
        db.update(messages).set({ providerMessageId, deliveryError: null, rendering, updatedAt: Date.now() }).where(eq(messages.id, messageId)).run();
        // A delivery receipt may already have moved the message past `sent`.
        db.update(messages).set({ deliveryStatus: 'sent' })
          .where(and(eq(messages.id, messageId), eq(messages.deliveryStatus, 'queued'))).run();
        recordFilesOffered(db, messageId, context); // Teams: files sent as consent cards now wait for the customer
        return { status: 'sent', providerMessageId };
      } catch (err) {
        if (err instanceof SendError && !err.transient) {
          failMessage(messageId, err.message);
          return { status: 'failed', reason: err.message };
        }
        // Transient: the message stays queued, its deliveryError says why and that Parley retries.
        // At least a second: a provider's limit that has already reset says "now", and Temporal does not retry after a zero delay.
        const retryAfterMs = err instanceof SendError && err.retryAfterMs !== undefined ? Math.min(Math.max(err.retryAfterMs, MIN_RETRY_AFTER_MS), MAX_RETRY_AFTER_MS) : undefined;
        const when = retryAfterMs !== undefined ? `retrying in ${seconds(retryAfterMs)} as the provider asked` : 'retrying';
        db.update(messages).set({ deliveryError: `Temporary failure (${when}): ${(err as Error).message}`, updatedAt: Date.now() })
          .where(eq(messages.id, messageId)).run();
        if (retryAfterMs !== undefined) {
          // The provider said when to come back: that delay replaces the policy's backoff for this retry.
          throw ApplicationFailure.create({ message: (err as Error).message, type: 'SendError', nextRetryDelay: retryAfterMs });
        }
        throw err; // Temporal retries with backoff
      } finally {
        heartbeats.stop();
      }
    },

    async markMessageFailed(messageId: string, reason: string) {
      failMessage(messageId, reason);
    },

    async rerouteInbound(closedCaseId: string, messageId: string) {
      rerouteToOpenCase(db, closedCaseId, messageId);
      deps.onDispatchQueued?.();
    },
  };
}
