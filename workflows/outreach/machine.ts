// The campaign lifecycle as an xstate machine, evaluated only through the pure `initialTransition`
// / `transition` functions (as the case workflow does): the workflow owns time and side effects,
// the machine owns which moves are legal.
//   scheduled → waiting_window → sending ↔ paused → completed | cancelled
import { assign, initialTransition, setup, transition, type SnapshotFrom } from 'xstate';
import type { CampaignState } from './contract';

export interface CampaignContext {
  /** Where RESUME goes: back to waiting for the start time, or to sending (which re-checks the window). */
  resumeTo: 'scheduled' | 'sending';
}

export type CampaignEvent =
  | { type: 'START_DUE'; inWindow: boolean }
  | { type: 'WINDOW_OPENED' }
  | { type: 'WINDOW_CLOSED' }
  | { type: 'DRAINED' }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'CANCEL' };

export const campaignMachine = setup({
  types: {} as { context: CampaignContext; events: CampaignEvent; input: { state?: CampaignState; resumeTo?: CampaignContext['resumeTo'] } },
  guards: {
    inWindow: ({ event }) => event.type === 'START_DUE' && event.inWindow,
    resumesScheduled: ({ context }) => context.resumeTo === 'scheduled',
  },
  actions: {
    pausedBeforeStart: assign({ resumeTo: 'scheduled' as const }),
    pausedWhileRunning: assign({ resumeTo: 'sending' as const }),
  },
}).createMachine({
  id: 'campaign',
  initial: 'scheduled',
  context: ({ input }) => ({ resumeTo: input.resumeTo ?? 'scheduled' }),
  states: {
    scheduled: {
      on: {
        START_DUE: [{ guard: 'inWindow', target: 'sending' }, { target: 'waiting_window' }],
        PAUSE: { target: 'paused', actions: 'pausedBeforeStart' },
        CANCEL: 'cancelled',
      },
    },
    waiting_window: {
      on: { WINDOW_OPENED: 'sending', PAUSE: { target: 'paused', actions: 'pausedWhileRunning' }, CANCEL: 'cancelled' },
    },
    sending: {
      on: {
        WINDOW_CLOSED: 'waiting_window', DRAINED: 'completed', PAUSE: { target: 'paused', actions: 'pausedWhileRunning' }, CANCEL: 'cancelled',
      },
    },
    paused: {
      on: { RESUME: [{ guard: 'resumesScheduled', target: 'scheduled' }, { target: 'sending' }], CANCEL: 'cancelled' },
    },
    completed: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

export type CampaignSnapshot = SnapshotFrom<typeof campaignMachine>;

/** The machine's snapshot in `state` (a fresh start, or one carried across continue-as-new). */
export function campaignSnapshot(state: CampaignState = 'scheduled', resumeTo: CampaignContext['resumeTo'] = 'scheduled'): CampaignSnapshot {
  const [initial] = initialTransition(campaignMachine, { state, resumeTo });
  return state === 'scheduled' ? initial : campaignMachine.resolveState({ value: state, context: { resumeTo } });
}

/** The next snapshot; an event the state does not accept leaves it as it is. */
export function nextCampaignSnapshot(snapshot: CampaignSnapshot, event: CampaignEvent): CampaignSnapshot {
  const [next] = transition(campaignMachine, snapshot, event);
  return next;
}

export const stateOf = (snapshot: CampaignSnapshot) => snapshot.value as CampaignState;
