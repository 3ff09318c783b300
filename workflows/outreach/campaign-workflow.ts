// One campaign, as a durable workflow: waits for its start time and its sending window on timers,
// then pages through its recipients in batches (activities that send and record each recipient in
// one step), paced by the throttle. Pause / resume / cancel are signals; progress is a query. The
// states are the xstate machine's (machine.ts), moved only through its pure transitions.
import { condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { outreachMirrorCampaign, outreachPrepareRecipients, outreachSendBatch } from './activity-stubs';
import {
  campaignProgressQuery, cancelCampaignSignal, pauseCampaignSignal, resumeCampaignSignal,
  type BatchTotals, type CampaignState, type CampaignWorkflowInput,
} from './contract';
import { campaignSnapshot, nextCampaignSnapshot, stateOf, type CampaignEvent } from './machine';
import { isInsideWindow, nextWindowOpening } from './sending-window';
import { advance, batchSizeFor, slotAt, type Pacing } from './throttle';

const DEFAULT_CONTINUE_AS_NEW_AFTER = 2_000;

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<{ state: CampaignState; totals: BatchTotals }> {
  const rate = input.throttlePerSecond && input.throttlePerSecond > 0 ? input.throttlePerSecond : null;
  const batchSize = input.limits?.batchSize ?? batchSizeFor(rate);
  const carried = input.carried;
  let snapshot = campaignSnapshot(carried?.state, carried?.resumeTo);
  let pacing: Pacing | null = carried?.pacing ?? null;
  /** The earliest the next message may go after the last one sent: a new schedule (resume, window) never starts before it. */
  let nextFreeSlot = carried?.nextFreeSlot ?? 0;
  let prepared = carried?.prepared ?? false;
  const totals: BatchTotals = carried?.totals ?? { sent: 0, skipped: 0, failed: 0, batches: 0 };
  let wakeAt: number | null = null;
  /** Bumped by every signal: a wait ends as soon as the state may have changed. */
  let revision = 0;
  let mirrored: CampaignState | null = carried ? stateOf(snapshot) : null;

  const apply = (event: CampaignEvent) => {
    const before = stateOf(snapshot);
    snapshot = nextCampaignSnapshot(snapshot, event);
    // Sending (re)starts the pacing schedule: time paused or waiting is not owed as a burst.
    if (stateOf(snapshot) === 'sending' && before !== 'sending') pacing = null;
  };
  const signal = (event: CampaignEvent) => () => { apply(event); revision++; };
  setHandler(pauseCampaignSignal, signal({ type: 'PAUSE' }));
  setHandler(resumeCampaignSignal, () => {
    signal({ type: 'RESUME' })();
    // The API wrote `paused` when pausing; a pause and resume that both land while a batch runs leave
    // the state as it was, so write the status again either way.
    mirrored = null;
  });
  setHandler(cancelCampaignSignal, signal({ type: 'CANCEL' }));
  setHandler(campaignProgressQuery, () => ({ state: stateOf(snapshot), totals, pacing, wakeAt }));

  /** Sleeps until `at` or until a signal arrives; true when the time came. */
  const sleepUntil = async (at: number) => {
    const seen = revision;
    wakeAt = at;
    const woken = await condition(() => revision !== seen, Math.max(0, at - Date.now()));
    wakeAt = null;
    return !woken;
  };

  const continueAsNewDue = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= (input.limits?.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER);
  };

  for (;;) {
    const state = stateOf(snapshot);
    if (state !== mirrored) {
      await outreachMirrorCampaign(input.campaignId, state);
      mirrored = state;
      continue; // a signal may have arrived during the write
    }
    if (continueAsNewDue()) {
      await continueAsNew<typeof campaignWorkflow>({
        ...input, carried: { state, resumeTo: snapshot.context.resumeTo, pacing, nextFreeSlot, prepared, totals },
      });
    }
    switch (state) {
      case 'completed':
      case 'cancelled':
        return { state, totals };
      case 'paused': {
        const seen = revision;
        await condition(() => revision !== seen);
        break;
      }
      case 'scheduled': {
        if (!prepared) {
          await outreachPrepareRecipients(input.campaignId);
          prepared = true;
          break;
        }
        if (input.startAt !== null && input.startAt > Date.now() && !(await sleepUntil(input.startAt))) break;
        apply({ type: 'START_DUE', inWindow: isInsideWindow(input.window, Date.now()) });
        break;
      }
      case 'waiting_window': {
        const opens = nextWindowOpening(input.window, Date.now());
        // A window that can never open waits for a cancel (creation refuses such windows).
        if (opens === null) { const seen = revision; await condition(() => revision !== seen); break; }
        if (opens > Date.now() && !(await sleepUntil(opens))) break;
        if (isInsideWindow(input.window, Date.now())) apply({ type: 'WINDOW_OPENED' });
        break;
      }
      case 'sending': {
        if (!isInsideWindow(input.window, Date.now())) { apply({ type: 'WINDOW_CLOSED' }); break; }
        pacing ??= { anchorMs: Math.max(Date.now(), nextFreeSlot), sent: 0 };
        // Durable sleep until this batch's first slot (the activity paces the rest of the batch).
        const firstSlot = slotAt(pacing, rate);
        if (firstSlot > Date.now() + 50 && !(await sleepUntil(firstSlot))) break;
        const revisionBefore = revision;
        const batchPacing = pacing;
        const result = await outreachSendBatch({ campaignId: input.campaignId, limit: batchSize, pacing: batchPacing, ratePerSecond: rate, window: input.window });
        totals.sent += result.sent;
        totals.skipped += result.skipped;
        totals.failed += result.failed;
        totals.batches++;
        const after = advance(batchPacing, result.sent + result.failed);
        nextFreeSlot = slotAt(after, rate);
        // Unless a pause or the window restarted the schedule meanwhile.
        if (pacing === batchPacing) pacing = after;
        if (result.stoppedBy === 'window') apply({ type: 'WINDOW_CLOSED' });
        else if (result.remaining === 0 && result.stoppedBy === null) apply({ type: 'DRAINED' });
        else if (result.stoppedBy !== null && stateOf(snapshot) === 'sending' && revision === revisionBefore) {
          // The API records a pause or cancel right after signalling it: give the signal a moment to land,
          // and if none does, the stored status is stale: write it again rather than stopping every batch.
          const seen = revision;
          if (!(await condition(() => revision !== seen, 5_000))) mirrored = null;
        }
        break;
      }
    }
  }
}
