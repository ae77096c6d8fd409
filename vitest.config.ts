import { defineConfig } from 'vitest/config';

/** Till's own tests, and the Stripe simulator package's with its own config (packages/stripe-simulator). */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'till',
          include: [
            'test/unit/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/security/**/*.test.ts',
            'test/packaging/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // better-sqlite3 and the simulator's servers are happiest in forked workers.
          pool: 'forks',
        },
      },
      'packages/stripe-simulator',
    ],
  },
});
