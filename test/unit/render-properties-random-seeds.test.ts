// The rich-content render properties under fresh random seeds on every run, CI included: CI pins
// render-properties.test.ts to one seed (test/support/fast-check-seed.ts) so a result does not depend
// on luck, and this small run keeps exploring new inputs there too. Each seed is in the test names.
// Replay a failure with the seed from its name, either here with the same (short) runs:
//   FC_RANDOM_SEEDS=<seed> npx vitest run test/unit/render-properties-random-seeds.test.ts
// or in the full property test, whose runs start with the same inputs for the same seed:
//   FC_SEED=<seed> npx vitest run test/unit/render-properties.test.ts -t '<channel>'
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { renderedChannelTypes } from '../../connectors/renderers';
import { PROPERTY_RUNS, arbitraryMessagesRender, oversizedMessagesRender } from '../support/render-properties';

const SEED_COUNT = 3;
// A short prefix of the full test's runs per seed: 3 seeds over every channel stay within a few seconds.
const RUNS = { arbitrary: Math.min(150, PROPERTY_RUNS.arbitrary), oversized: Math.min(30, PROPERTY_RUNS.oversized) };

const seeds = process.env.FC_RANDOM_SEEDS
  ? process.env.FC_RANDOM_SEEDS.split(',').map((s) => Number(s.trim()))
  : Array.from({ length: SEED_COUNT }, () => randomInt(2 ** 31 - 1));

describe('render properties under random seeds', () => {
  for (const seed of seeds) {
    describe(`seed ${seed} (replay: FC_RANDOM_SEEDS=${seed})`, () => {
      for (const type of renderedChannelTypes()) {
        it(`${type}: arbitrary and oversized messages`, () => {
          fc.assert(arbitraryMessagesRender(type), { seed, numRuns: RUNS.arbitrary });
          fc.assert(oversizedMessagesRender(type), { seed, numRuns: RUNS.oversized });
        });
      }
    });
  }
});
