import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure, fast, parallel) and `integration` (real Temporal dev server,
// real SQLite files, real HTTP; run one file at a time because a 2-core machine and a shared
// Temporal server make parallel integration runs flaky rather than faster).
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/fast-check-seed.ts'],
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
          globalSetup: ['test/support/global-setup.ts'],
          // Tests stop Temporal on purpose; keep the SDK core's reconnect warnings out of the output.
          env: { PARLEY_TEMPORAL_LOG_LEVEL: 'ERROR' },
        },
      },
    ],
  },
});
